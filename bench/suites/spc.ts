/**
 * SPC engine figures: the streaming update (every rule, EWMA and CUSUM at
 * once, on one core) and the batch analysis of 1,000,000 samples.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSeries } from '../../spc/analyze.js';
import { SeriesMonitor } from '../../spc/series-monitor.js';
import { SeededRandom } from '../../simulators/random.js';

function series(n: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = 0.8 + 0.02 * rng.normal() + (i > n / 2 ? 0.01 : 0);
  return xs;
}

function streamingRate(xs: Float64Array, monitors: number): { rate: number; signals: number } {
  // Many series side by side, as the analytics service holds them: a sample
  // goes to its own series' monitor, so caches see realistic traffic.
  const ms = Array.from({ length: monitors }, () => new SeriesMonitor());
  for (const m of ms) for (let i = 0; i < 200; i++) m.push(xs[i]);
  let signals = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < xs.length; i++) {
    if (ms[i % monitors].push(xs[i]) !== 0) signals++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rate: xs.length / seconds, signals };
}

export async function run(): Promise<void> {
  const xs = series(20_000_000, 1);
  streamingRate(xs.subarray(0, 2_000_000), 1); // warm-up for the JIT
  for (const monitors of [1, 12_600]) {
    const { rate, signals } = streamingRate(xs, monitors);
    process.stdout.write(`streaming update, all rules + EWMA + CUSUM, ${monitors} series: ${(rate / 1e6).toFixed(1)} million samples/s on one core (${signals} signalling samples)\n`);
  }

  const million = Array.from(series(1_000_000, 2));
  analyzeSeries({ samples: million.slice(0, 10_000), totalRows: 10_000, rejected: [], spec: { lsl: 0.72, usl: 0.88 }, subgroupSize: 5 });
  const start = process.hrtime.bigint();
  const report = analyzeSeries({ samples: million, totalRows: million.length, rejected: [], spec: { lsl: 0.72, usl: 0.88 }, subgroupSize: 5 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`batch analysis of 1,000,000 samples (with subgroups of 5): ${ms.toFixed(0)} ms (Cpk ${report.capability.cpk?.toFixed(3)})\n`);
  process.stdout.write(`'linewatch analyze' on a 1,000,000-row CSV, end to end (start, parse, analyse, print JSON): ${timeAnalyzeCommand(million).toFixed(0)} ms\n`);
}

/** The whole command as a user runs it: read and parse the CSV, analyse, print JSON. */
export function timeAnalyzeCommand(xs: ArrayLike<number>): number {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-bench-'));
  const file = join(dir, 'million.csv');
  const start = Date.parse('2026-01-01T00:00:00Z');
  const rows: string[] = ['ts,enterprise,line,characteristic,value'];
  for (let i = 0; i < xs.length; i++) rows.push(`${new Date(start + i * 100).toISOString()},acme,extruder-1,insulation_thickness,${xs[i].toFixed(6)}`);
  writeFileSync(file, rows.join('\n'));
  const bin = fileURLToPath(new URL('../../../bin/linewatch.js', import.meta.url));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'analyze', file, '--lsl', '0.72', '--usl', '0.88', '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`analyze exited with ${r.status}`);
  return ms;
}
