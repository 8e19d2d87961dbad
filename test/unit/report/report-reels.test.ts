/**
 * The reels of the month on the report, from reel records stored as the
 * analytics service stores them (encodeReelRecord) in a real embedded store:
 * verdict counts, the Paretos of the nonconforming reels, the page's charts
 * (inline, nothing loaded), a month without reels, and the month a report
 * opens on (report/latest-month.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CharacteristicName } from '../../../domain/characteristics.js';
import { encodeReelRecord } from '../../../protocol/event-log/reel-records.js';
import { latestMonthWithData } from '../../../report/latest-month.js';
import { buildMonthlyReport } from '../../../report/monthly-report.js';
import { renderMonthlyReportHtml } from '../../../report/report-html.js';
import type { MonthlyReport } from '../../../report/report-types.js';
import { openStore } from '../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../store/port.js';
import type { ReelRecord, ReelVerdict } from '../../../trace/reels/reel-record.js';
import { DEC, JAN, NOW, reportConfig } from './report-fixture.js';

const HOUR = 3_600_000;
const config = reportConfig('/unused');

/** A reel of acme with the verdicts of its characteristics (out of spec where nonconforming). */
function reel(id: string, line: string, startedAt: number, verdicts: Partial<Record<CharacteristicName, ReelVerdict>>, status: 'open' | 'final' = 'final', enterprise = 'acme'): ReelRecord {
  const characteristics = Object.entries(verdicts).map(([characteristic, verdict]) => ({
    characteristic: characteristic as CharacteristicName,
    n: 40,
    min: 0.5,
    max: 0.8,
    mean: 0.7,
    sd: 0.02,
    lsl: 0.53,
    usl: null,
    ppk: 2.8,
    outOfSpec: verdict === 'nonconforming' ? 3 : 0,
    metresOutOfSpec: null,
    verdict: verdict as ReelVerdict,
  }));
  const verdict: ReelVerdict = characteristics.some((c) => c.verdict === 'nonconforming')
    ? 'nonconforming'
    : characteristics.some((c) => c.verdict === 'insufficient-data')
      ? 'insufficient-data'
      : 'conforming';
  return {
    enterprise,
    line,
    reel: id,
    product: 'BV-1.5',
    startedAt,
    endedAt: status === 'final' ? startedAt + HOUR : null,
    endedBy: status === 'final' ? 'end' : null,
    startM: null,
    endM: null,
    status,
    lateReadings: 0,
    characteristics,
    verdict,
  };
}

const T = JAN.from + 24 * HOUR;
const REELS: ReelRecord[] = [
  reel('R1', 'L1', T, { insulation_thickness: 'conforming', conductor_resistance: 'conforming' }),
  reel('R2', 'L1', T + 2 * HOUR, { insulation_thickness: 'nonconforming', conductor_resistance: 'conforming' }),
  reel('R3', 'L1', T + 4 * HOUR, { insulation_thickness: 'nonconforming', conductor_resistance: 'nonconforming' }),
  reel('R4', 'L2', T + 6 * HOUR, { insulation_thickness: 'nonconforming' }),
  reel('R5', 'L1', T + 8 * HOUR, { insulation_thickness: 'nonconforming' }),
  reel('R6', 'L2', T + 10 * HOUR, { insulation_thickness: 'insufficient-data' }),
  // Still being wound: no final verdict, even though it is out of spec so far.
  reel('R7', 'L2', JAN.to - HOUR, { insulation_thickness: 'nonconforming' }, 'open'),
  // Beta's: in the cluster's totals, never in acme's report.
  reel('B1', 'L1', T, { conductor_resistance: 'nonconforming' }, 'final', 'beta'),
  // December's: not January's.
  reel('R0', 'L1', DEC.from + HOUR, { insulation_thickness: 'nonconforming' }),
];

let dir: string;
let store: TimeSeriesStore;
let report: MonthlyReport;
let page: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-report-reels-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await store.appendEvents(REELS.map(encodeReelRecord));
  // A record the codec refuses: counted as unreadable, not as a reel.
  await store.appendEvents([{ id: 'reel.R9', at: T, kind: 'reel.recorded', enterprise: 'acme', line: 'L1', data: { reel: 'R9' } }]);
  report = await buildMonthlyReport({ config, store, month: JAN.month, now: NOW, enterprise: 'acme' });
  page = renderMonthlyReportHtml(report);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the reels of the month', () => {
  it('counts the final records started in the month by verdict, the open ones apart', () => {
    const r = report.enterprises[0].reels;
    expect(r.reels).toBe(6);
    expect(r.open).toBe(1);
    expect(r.byVerdict).toEqual({ conforming: 1, nonconforming: 4, 'insufficient-data': 1 });
    expect(report.enterprises[0].unreadableEvents).toBe(1);
    expect(report.enterprises[0].hasData).toBe(true);
  });

  it('ranks the nonconforming reels by line, each reel once', () => {
    expect(report.enterprises[0].reels.nonconformingByLine).toEqual([
      { key: 'L1', label: 'L1', count: 3, share: 0.75, cumulative: 0.75 },
      { key: 'L2', label: 'L2', count: 1, share: 0.25, cumulative: 1 },
    ]);
  });

  it('ranks the characteristics out of spec, a reel once under each', () => {
    expect(report.enterprises[0].reels.nonconformingByCharacteristic).toEqual([
      { key: 'insulation_thickness', label: 'insulation thickness', count: 4, share: 0.8, cumulative: 0.8 },
      { key: 'conductor_resistance', label: 'conductor resistance', count: 1, share: 0.2, cumulative: 1 },
    ]);
  });

  it('draws both Paretos in the page with their numbers in tables', () => {
    expect(page).toContain('<h3>Reels of the month</h3>');
    expect(page).toContain('id="chart-reels-line-acme"');
    expect(page).toContain('id="chart-reels-characteristic-acme"');
    expect(page).toMatch(/<tr><td>L1<\/td><td class="num">3<\/td><td class="num">75\.0%<\/td><td class="num">75\.0%<\/td><\/tr>/);
    expect(page).toMatch(/<tr><td>insulation thickness<\/td><td class="num">4<\/td><td class="num">80\.0%<\/td>/);
  });

  it('loads nothing: no http(s) reference, no script, every chart inline with a title', () => {
    expect(page).not.toMatch(/https?:/i);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<(img|link|iframe|object|embed|image|use)\b/i);
    const charts = page.match(/<svg class="chart [^"]*"/g) ?? [];
    expect(charts.length).toBe(2);
    expect(page.match(/<title id="chart-/g)).toHaveLength(charts.length);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('says so in a month without reels', async () => {
    const dec = await buildMonthlyReport({ config, store, month: '2025-11', now: NOW, enterprise: 'acme' });
    expect(dec.enterprises[0].reels).toEqual({ reels: 0, open: 0, byVerdict: { conforming: 0, nonconforming: 0, 'insufficient-data': 0 }, nonconformingByLine: [], nonconformingByCharacteristic: [] });
    expect(renderMonthlyReportHtml(dec)).toContain('No reel records are stored for 2025-11');
  });
});

describe("the cluster's reels", () => {
  it('add up the enterprises, with the nonconforming reels per enterprise', async () => {
    const cluster = await buildMonthlyReport({ config, store, month: JAN.month, now: NOW });
    const r = cluster.totals.reels;
    expect(r.reels).toBe(7);
    expect(r.open).toBe(1);
    expect(r.byVerdict).toEqual({ conforming: 1, nonconforming: 5, 'insufficient-data': 1 });
    expect(r.nonconformingByEnterprise).toEqual([
      { key: 'acme', label: 'Acme Cable', count: 4, share: 0.8, cumulative: 0.8 },
      { key: 'beta', label: 'Beta Wire', count: 1, share: 0.2, cumulative: 1 },
    ]);
    expect(r.nonconformingByCharacteristic.map((b) => [b.key, b.count])).toEqual([
      ['insulation_thickness', 4],
      ['conductor_resistance', 2],
    ]);
    const html = renderMonthlyReportHtml(cluster);
    expect(html).toContain('<section id="reels">');
    expect(html).toContain('id="chart-total-reels-enterprise"');
    expect(html).toContain('<li><a href="#reels">Reels of the month</a></li>');
    // An enterprise's report has its reels in its own section only.
    expect(page).not.toContain('<section id="reels">');
  });
});

describe('the month a report opens on', () => {
  it('is the latest complete month with data, a reel record being data', async () => {
    expect(await latestMonthWithData({ store, now: NOW, enterprises: ['acme'] })).toEqual({ month: JAN.month, hasData: true, monthComplete: true });
    // Later months stay empty: the search walks back to January.
    expect(await latestMonthWithData({ store, now: Date.UTC(2026, 5, 3), enterprises: ['acme'] })).toEqual({ month: JAN.month, hasData: true, monthComplete: true });
  });

  it("is another enterprise's own, not acme's", async () => {
    expect(await latestMonthWithData({ store, now: NOW, enterprises: ['gamma'] })).toEqual({ month: JAN.month, hasData: false, monthComplete: true });
  });

  it('is the month under way only when no complete month has data', async () => {
    await store.writeMeasurements([{ enterprise: 'gamma', line: 'L1', characteristic: 'insulation_thickness', ts: NOW - HOUR, value: 0.7 }]);
    expect(await latestMonthWithData({ store, now: NOW, enterprises: ['gamma'] })).toEqual({ month: '2026-02', hasData: true, monthComplete: false });
    expect(await latestMonthWithData({ store, now: NOW, enterprises: ['gamma', 'acme'] })).toEqual({ month: JAN.month, hasData: true, monthComplete: true });
  });

  it('looks back only so far', async () => {
    expect(await latestMonthWithData({ store, now: Date.UTC(2026, 5, 3), enterprises: ['acme'], lookbackMonths: 4 })).toEqual({ month: '2026-05', hasData: false, monthComplete: true });
  });
});
