import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMeasurementCsv } from '../../../domain/measurement-csv.js';
import { classifyRawValue } from '../../../domain/sample-value.js';
import { CSV_HEADER, formatValue, openCsvFile, TimestampFormatter, writeFleetCsv } from '../../../simulators/csv-writer.js';
import type { FleetPlan } from '../../../simulators/fleet-plan.js';
import { Fleet } from '../../../simulators/fleet.js';
import { planFleet } from '../../../simulators/fleet-description.js';

function onePlan(scenarios: FleetPlan['enterprises'][number]['lines'][number]['series'][number]['model']['scenarios'] = []): FleetPlan {
  return {
    seed: 5,
    startEpochMs: Date.UTC(2026, 2, 1),
    enterprises: [
      {
        id: 'acme',
        profile: 'test',
        gateway: { id: 'acme-gw1' },
        lines: [
          {
            id: 'line-1',
            product: 'BVV-2x1.5',
            series: [{ characteristic: 'insulation_thickness', spec: { lsl: 0.53, usl: null, target: 0.7 }, model: { mean: 0.74, sigma: 0.02, scenarios }, rateHz: 10 }],
          },
        ],
      },
    ],
  };
}

async function toText(fleet: Fleet, durationMs: number, options: { series?: number[]; decimals?: number } = {}): Promise<{ text: string; rows: number }> {
  const sink = new PassThrough();
  const parts: Buffer[] = [];
  sink.on('data', (b: Buffer) => parts.push(b));
  const { rows } = await writeFleetCsv(fleet, sink, { durationMs, ...options });
  sink.end();
  return { text: Buffer.concat(parts).toString('utf8'), rows };
}

describe('TimestampFormatter', () => {
  it('writes ISO 8601 UTC, with milliseconds only when there are some', () => {
    const f = new TimestampFormatter();
    const t = Date.UTC(2026, 0, 1, 12, 34, 56);
    expect(f.iso(t)).toBe('2026-01-01T12:34:56Z');
    expect(f.iso(t + 7)).toBe('2026-01-01T12:34:56.007Z');
    expect(f.iso(t + 70)).toBe('2026-01-01T12:34:56.070Z');
    expect(f.iso(t + 700)).toBe('2026-01-01T12:34:56.700Z');
    expect(f.iso(t + 1_000)).toBe('2026-01-01T12:34:57Z');
    for (const ms of [t - 1, t + 999, Date.UTC(1999, 11, 31, 23, 59, 59, 999)]) expect(Date.parse(f.iso(ms))).toBe(ms);
  });
});

describe('formatValue', () => {
  it('rounds numbers, writes NaN as NaN and a missing value as an empty field', () => {
    expect(formatValue(0.74123456789, 1e6)).toBe('0.741235');
    expect(formatValue(12.1, 1e6)).toBe('12.1');
    expect(formatValue(-0.5, 1e6)).toBe('-0.5');
    expect(formatValue(9.9e37, 1e6)).toBe('9.9e+37');
    expect(formatValue(NaN, 1e6)).toBe('NaN');
    expect(formatValue(null, 1e6)).toBe('');
  });
});

describe('writeFleetCsv', () => {
  it('writes the header and one row per reading, in time order, that the CSV parser reads back', async () => {
    const { text, rows } = await toText(new Fleet(onePlan()), 60_000);
    expect(text.startsWith(`${CSV_HEADER}\n`)).toBe(true);
    const parsed = parseMeasurementCsv(text);
    expect(rows).toBe(600);
    expect(parsed).toHaveLength(600);
    expect(parsed.every((r) => r.enterprise === 'acme' && r.line === 'line-1' && r.characteristic === 'insulation_thickness' && !r.malformed)).toBe(true);
    const ts = parsed.map((r) => Date.parse(r.ts));
    expect(ts.every((t, i) => i === 0 || t - ts[i - 1] === 100)).toBe(true);
    expect(ts[0]).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 1));
    expect(parsed.every((r) => classifyRawValue(r.value).ok)).toBe(true);
  });

  it('writes bad values so that validation sees each kind', async () => {
    const { text } = await toText(new Fleet(onePlan([{ kind: 'bad-values', startMs: 0, fraction: 0.2 }])), 60_000);
    const reasons = new Set(
      parseMeasurementCsv(text).map((r) => {
        const v = classifyRawValue(r.value);
        return v.ok ? (v.value > 1e30 ? 'absurd' : 'ok') : v.reason;
      }),
    );
    expect(reasons).toEqual(new Set(['ok', 'NaN', 'negative', 'absurd', 'empty']));
  });

  it('writes only the series asked for, and continues from where the fleet stopped', async () => {
    const fleet = new Fleet(planFleet({ seed: 1, enterprises: 2 }));
    const first = await toText(fleet, 10_000, { series: [3] });
    const second = await toText(fleet, 10_000, { series: [3] });
    const a = parseMeasurementCsv(first.text);
    const b = parseMeasurementCsv(second.text);
    expect(new Set([...a, ...b].map((r) => `${r.enterprise}/${r.line}/${r.characteristic}`))).toEqual(new Set([fleet.series[3].key]));
    expect(a).toHaveLength(100);
    expect(b).toHaveLength(100);
    expect(Date.parse(b[0].ts) - Date.parse(a[a.length - 1].ts)).toBe(100);
  });

  it('streams a large run in bounded chunks, waiting when the output is slow', async () => {
    let chunks = 0;
    let largest = 0;
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 1 << 16,
      write(chunk: Buffer, _encoding, done) {
        chunks++;
        largest = Math.max(largest, chunk.length);
        bytes += chunk.length;
        setImmediate(done);
      },
    });
    const fleet = new Fleet(planFleet({ seed: 2, enterprises: 20 }));
    const { rows } = await writeFleetCsv(fleet, slow, { durationMs: 60_000 });
    expect(rows).toBe(20 * 12 * 600);
    expect(chunks).toBeGreaterThan(100);
    expect(largest).toBeLessThan(1 << 18);
    expect(bytes).toBeGreaterThan(rows * 40);
  });

  it('reports a stream error instead of hanging', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk full'));
      },
    });
    await expect(writeFleetCsv(new Fleet(planFleet({ seed: 3, enterprises: 5 })), broken, { durationMs: 600_000 })).rejects.toThrow(/disk full/);
  });

  it('opens a file before any work, and fails early on a bad path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-csv-'));
    const file = join(dir, 'out.csv');
    const out = await openCsvFile(file);
    await writeFleetCsv(new Fleet(onePlan()), out, { durationMs: 1_000 });
    await new Promise((resolve) => out.end(resolve));
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(12); // header, 10 rows, final newline
    await expect(openCsvFile(join(dir, 'missing', 'out.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
