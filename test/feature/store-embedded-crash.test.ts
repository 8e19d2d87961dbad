/**
 * Killing the process loses no acknowledged write. A child process writes
 * numbered batches to the embedded store (several in flight, so group commit
 * is exercised) and prints each batch id once its write has resolved; the
 * test SIGKILLs it mid-stream, reopens the database, and checks that every
 * printed batch is there in full, and that no batch is there in part.
 *
 * SIGKILL leaves the page cache intact, so this proves the commit ordering,
 * not the fsync; that DuckDB fsyncs its WAL on every commit was checked with
 * strace (store/README.md, "Durability").
 *
 * The child runs the compiled store (dist/, built by test/setup/build.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { SeriesKey } from '../../store/port.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMPILED = join(ROOT, 'dist/store/open-store.js');
const T0 = Date.UTC(2025, 4, 1);
const SERIES = 50;
const POINTS_PER_SERIES = 100; // per batch: 5,000-point batches as the pipeline sends
const IN_FLIGHT = 4;

const key = (s: number): SeriesKey => ({ enterprise: `crash-e${s % 5}`, line: `L${s}`, characteristic: 'insulation_thickness' });
const tsOf = (batch: number, i: number): number => T0 + (batch * POINTS_PER_SERIES + i) * 100;
const valueAt = (batch: number, s: number, i: number): number => batch + s / 100 + i / 1e6;

const CHILD = `
const { openStore } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});
const [dataDir] = process.argv.slice(1);
const key = ${key.toString()};
const tsOf = ${tsOf.toString()};
const valueAt = ${valueAt.toString()};
const T0 = ${T0}, SERIES = ${SERIES}, POINTS_PER_SERIES = ${POINTS_PER_SERIES};
// A small checkpoint threshold so the kill lands after several checkpoints
// as well as in the middle of WAL-only commits.
const store = await openStore({ kind: 'embedded', dataDir }, { duckdb: { checkpointThreshold: '1MB' } });
let next = 0;
async function writer() {
  for (;;) {
    const batch = next++;
    const points = [];
    for (let s = 0; s < SERIES; s++) for (let i = 0; i < POINTS_PER_SERIES; i++) points.push({ ...key(s), ts: tsOf(batch, i), value: valueAt(batch, s, i) });
    const result = await store.writeMeasurements(points);
    if (result.written !== points.length) throw new Error('batch ' + batch + ' not fully written');
    process.stdout.write('acked ' + batch + '\\n');
  }
}
await Promise.all(Array.from({ length: ${IN_FLIGHT} }, writer));
`;

describe('embedded store and a killed process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linewatch-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every batch whose write resolved before SIGKILL, and no batch in part', async () => {
    expect(existsSync(COMPILED), `${COMPILED} missing: the build (test/setup/build.ts) did not run`).toBe(true);
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Set<number>();
    let stderr = '';
    let buffered = '';
    // A random point mid-stream, past several 1 MB checkpoints (~100 KB of WAL per batch).
    const target = 40 + Math.floor(Math.random() * 60);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^acked (\d+)$/.exec(line);
        if (m) acked.add(Number(m[1]));
      }
      if (acked.size >= target && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const how = await exited;
    expect(how, `child ended by itself: ${stderr}`).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(target);

    const store = await openStore({ kind: 'embedded', dataDir });
    try {
      const highest = Math.max(...acked) + IN_FLIGHT;
      const perBatch = new Map<number, number>();
      let wrongValues = 0;
      for (let s = 0; s < SERIES; s++) {
        const series = await store.readSeries(key(s), { from: T0, to: tsOf(highest + 1, 0) });
        for (let j = 0; j < series.ts.length; j++) {
          const position = (series.ts[j] - T0) / 100;
          const batch = Math.floor(position / POINTS_PER_SERIES);
          if (series.value[j] !== valueAt(batch, s, position % POINTS_PER_SERIES)) wrongValues++;
          perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
        }
      }
      expect(wrongValues).toBe(0);
      const missing = [...acked].filter((b) => perBatch.get(b) !== SERIES * POINTS_PER_SERIES);
      expect(missing, 'acknowledged batches missing or incomplete after the kill').toEqual([]);
      const partial = [...perBatch].filter(([, count]) => count !== SERIES * POINTS_PER_SERIES);
      expect(partial, 'batches stored in part').toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
