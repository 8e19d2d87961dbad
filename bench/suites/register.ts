/**
 * Register benchmark, each backend in turn (embedded DuckDB; PostgreSQL on a
 * throw-away local server with fsync on, when one is installed, or the
 * server named by `url=`):
 *
 *   - importing 2,000 and 10,000 records (one transaction each, set-wise
 *     multi-row INSERTs, audit entries included): rows/s;
 *   - for comparison, creating records one call at a time (one transaction each);
 *   - a single edit's latency (updateRecord with its version check and audit entry).
 *
 * Usage: npm run bench -- --suite register [backend=embedded|postgres] [url=postgres://user@host/db]
 *        (with url=, the password comes from LINEWATCH_REGISTER_PASSWORD)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegister } from '../../register/open-register.js';
import type { NewRecord, Register } from '../../register/port.js';
import { POSTGRES_MISSING, type PostgresTestServer, startPostgres } from '../../test/support/postgres.js';

const REPS = 3;
const EDITS = 300;
const SINGLE_CREATES = 300;

function settings(args: string[]): { backends: readonly string[]; url: string | undefined } {
  const named = new Map(args.filter((a) => a.includes('=')).map((a) => a.split(/=(.*)/s, 2) as [string, string]));
  const backend = named.get('backend');
  if (backend !== undefined && backend !== 'embedded' && backend !== 'postgres') throw new Error(`backend must be embedded or postgres, got ${backend}`);
  return { backends: backend ? [backend] : ['embedded', 'postgres'], url: named.get('url') };
}

/** Records shaped like a CSV import of calibration certificates. */
function records(count: number, prefix: string): NewRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    enterprise: `ENT-${String(i % 1_000).padStart(4, '0')}`,
    kind: 'calibration',
    body: { gauge: `G-${i}`, line: `L${i % 3}`, characteristic: 'conductor_diameter', certificate: `JJG-${100_000 + i}`, validFrom: '2025-06-01', validUntil: '2026-05-31' },
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function benchBackend(label: string, register: Register): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${label.padEnd(9)} ${line}\n`);
  let run = 0;
  for (const size of [2_000, 10_000]) {
    const rates: number[] = [];
    for (let r = 0; r < REPS; r++) {
      const batch = records(size, `imp${run++}`);
      const t = performance.now();
      const result = await register.importRecords(batch, 'bench');
      const seconds = (performance.now() - t) / 1000;
      if (result.imported !== size) throw new Error(`imported ${result.imported}, expected ${size}`);
      rates.push(size / seconds);
    }
    rates.sort((a, b) => a - b);
    out(`import  ${fmt(size)} records: median ${fmt(percentile(rates, 0.5))} rows/s, best ${fmt(rates[rates.length - 1])} of ${REPS} (one transaction, audit included)`);
  }

  const singles = records(SINGLE_CREATES, 'single');
  const t = performance.now();
  for (const record of singles) await register.createRecord(record, 'bench');
  out(`create  one call per record: ${fmt(SINGLE_CREATES / ((performance.now() - t) / 1000))} rows/s (${SINGLE_CREATES} transactions, for comparison)`);

  let record = await register.createRecord({ id: 'edited', enterprise: 'ENT-0001', kind: 'tax', body: { year: 2025, amountCny: 0 } }, 'bench');
  const latencies: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const started = performance.now();
    record = await register.updateRecord('edited', { expectedVersion: record.version, body: { year: 2025, amountCny: i } }, 'bench');
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  out(`edit    one record ${EDITS} times: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms (version check, update, audit entry, commit)`);
}

export async function run(args: string[]): Promise<void> {
  const { backends, url } = settings(args);
  process.stdout.write(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (the machine may be shared)\n`,
  );

  if (backends.includes('embedded')) {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-bench-register-'));
    const register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') });
    try {
      await benchBackend('embedded', register);
    } finally {
      await register.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (backends.includes('postgres')) {
    if (url !== undefined) {
      const register = await openRegister({ kind: 'postgres', url });
      try {
        process.stdout.write(`postgres  server: ${url}\n`);
        await benchBackend('postgres', register);
      } finally {
        await register.close();
      }
      return;
    }
    let server: PostgresTestServer;
    try {
      server = await startPostgres({ durable: true });
    } catch (error) {
      process.stdout.write(`postgres  not measured: ${error instanceof Error && error.message.startsWith(POSTGRES_MISSING.slice(0, 30)) ? POSTGRES_MISSING : String(error)}\n`);
      return;
    }
    try {
      const database = await server.createDatabase();
      const register = await openRegister({ kind: 'postgres', host: server.host, port: server.port, database, user: server.user }, { env: { LINEWATCH_REGISTER_PASSWORD: server.password } });
      try {
        process.stdout.write(`postgres  server: local ${server.version}, fsync and synchronous commit on, over TCP loopback\n`);
        await benchBackend('postgres', register);
      } finally {
        await register.close();
      }
    } finally {
      await server.dispose();
    }
  }
}
