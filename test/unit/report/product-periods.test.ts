/**
 * The products per line in the monthly report: from the stored
 * `product.changed` records on a real embedded store, the product at the
 * month's start taken from the changeover before it, the configured product
 * where no changeover is known, and the same in the printed page.
 */
import { max, mean, min, sampleStandardDeviation } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeProductRecord } from '../../../protocol/event-log/product-records.js';
import { buildMonthlyReport } from '../../../report/monthly-report.js';
import { linePeriods } from '../../../report/product-periods.js';
import { renderMonthlyReportHtml } from '../../../report/report-html.js';
import type { LineProducts, MonthlyReport } from '../../../report/report-types.js';
import { filledStore, JAN, NOW, reportConfig, type FilledStore } from './report-fixture.js';

const DAY = 86_400_000;
const config = reportConfig('/unused');
let fx: FilledStore;
let report: MonthlyReport;

beforeAll(async () => {
  fx = await filledStore();
  await fx.store.appendEvents(
    [
      // acme L1 (configured BV-1.5): changed to BV-2.5 in December, back to BV-1.5 on 10 January, BV-2.5 again on 20 January.
      { enterprise: 'acme', line: 'L1', at: JAN.from - 5 * DAY, from: 'BV-1.5', to: 'BV-2.5' },
      { enterprise: 'acme', line: 'L1', at: JAN.from + 9 * DAY, from: 'BV-2.5', to: 'BV-1.5' },
      { enterprise: 'acme', line: 'L1', at: JAN.from + 19 * DAY, from: 'BV-1.5', to: 'BV-2.5' },
      // February: after the month, not in it.
      { enterprise: 'acme', line: 'L1', at: JAN.to + DAY, from: 'BV-2.5', to: 'BV-1.5' },
      // beta L1 (configured BV-2.5): first changeover on record in the month, from BV-1.5.
      { enterprise: 'beta', line: 'L1', at: JAN.from + 15 * DAY, from: 'BV-1.5', to: 'BV-2.5' },
    ].map(encodeProductRecord),
  );
  // A record the codec refuses is counted as unreadable, not taken as a changeover.
  await fx.store.appendEvents([{ id: 'product.L2', at: JAN.from + DAY, kind: 'product.changed', enterprise: 'acme', data: { line: 'L2', from: 'BV-2.5', to: 'BV 9' } }]);
  report = await buildMonthlyReport({ config, store: fx.store, month: JAN.month, now: NOW });
});
afterAll(() => fx.close());

function productsOf(enterprise: string): LineProducts[] {
  const e = report.enterprises.find((x) => x.id === enterprise);
  if (!e) throw new Error(`no enterprise ${enterprise}`);
  return e.products;
}

describe('products made per line in the month', () => {
  it('splits the month at each changeover, starting from the product of the last one before it', () => {
    expect(productsOf('acme')).toEqual([
      {
        line: 'L1',
        periods: [
          { product: 'BV-2.5', from: JAN.from, to: JAN.from + 9 * DAY, basis: 'changeover' },
          { product: 'BV-1.5', from: JAN.from + 9 * DAY, to: JAN.from + 19 * DAY, basis: 'changeover' },
          { product: 'BV-2.5', from: JAN.from + 19 * DAY, to: JAN.to, basis: 'changeover' },
        ],
      },
      { line: 'L2', periods: [{ product: 'BV-2.5', from: JAN.from, to: JAN.to, basis: 'configuration' }] },
    ]);
    expect(report.enterprises.find((e) => e.id === 'acme')!.unreadableEvents).toBeGreaterThanOrEqual(1);
  });

  it("takes the product before a line's first changeover on record from that changeover", () => {
    expect(productsOf('beta')).toEqual([
      {
        line: 'L1',
        periods: [
          { product: 'BV-1.5', from: JAN.from, to: JAN.from + 15 * DAY, basis: 'changeover' },
          { product: 'BV-2.5', from: JAN.from + 15 * DAY, to: JAN.to, basis: 'changeover' },
        ],
      },
    ]);
  });

  it('ends a month under way at the generation time', () => {
    const now = JAN.from + 12 * DAY;
    const changes = [{ enterprise: 'acme', line: 'L1', at: JAN.from + 9 * DAY, from: 'BV-2.5', to: 'BV-1.5' }];
    expect(linePeriods(changes, 'BV-1.5', JAN.from, now)).toEqual([
      { product: 'BV-2.5', from: JAN.from, to: JAN.from + 9 * DAY, basis: 'changeover' },
      { product: 'BV-1.5', from: JAN.from + 9 * DAY, to: now, basis: 'changeover' },
    ]);
  });

  it('is printed with its spans and says what the capability figures are against', () => {
    const page = renderMonthlyReportHtml(report);
    expect(page).toContain('<h3>Products made</h3>');
    expect(page).toMatch(/<td>L1<\/td><td>BV-1\.5<\/td><td>2026-01-10 00:00 UTC<\/td><td>2026-01-20 00:00 UTC<\/td>/);
    expect(report.methods.products).toMatch(/product\.changed/);
    expect(report.methods.spec).toMatch(/mix those products/);
  });
});

describe('capability per product', () => {
  /** acme L1's January samples of `characteristic` made as each product (the spans of the first test). */
  function valuesOf(characteristic: string, spans: ReadonlyArray<readonly [number, number]>): number[] {
    return fx.measurements.filter((m) => m.enterprise === 'acme' && m.line === 'L1' && m.characteristic === characteristic && spans.some(([a, b]) => m.ts >= a && m.ts < b)).map((m) => m.value);
  }

  it("gives each product's samples, pooled over its spans, against that product's own limits", () => {
    const row = report.enterprises.find((e) => e.id === 'acme')!.characteristics.find((c) => c.line === 'L1' && c.characteristic === 'insulation_thickness')!;
    const spans = {
      'BV-2.5': [
        [JAN.from, JAN.from + 9 * DAY],
        [JAN.from + 19 * DAY, JAN.to],
      ],
      'BV-1.5': [[JAN.from + 9 * DAY, JAN.from + 19 * DAY]],
    } as const;
    const lsl = { 'BV-2.5': 0.62, 'BV-1.5': 0.53 } as const;
    expect(row.byProduct.map((p) => p.product).sort()).toEqual(['BV-1.5', 'BV-2.5']);
    for (const p of row.byProduct) {
      const product = p.product as keyof typeof spans;
      const x = valuesOf('insulation_thickness', spans[product]);
      const m = mean(x);
      const sd = sampleStandardDeviation(x);
      expect(p.n).toBe(x.length);
      expect(p.mean).toBeCloseTo(m, 10);
      expect(p.sd).toBeCloseTo(sd, 10);
      expect(p.min).toBe(min(x));
      expect(p.max).toBe(max(x));
      expect(p.spec).toMatchObject({ lsl: lsl[product], usl: null });
      expect(p.ppk).toBeCloseTo((m - lsl[product]) / (3 * sd), 8);
    }
    // A line that made only its configured product has no split.
    const l2 = report.enterprises.find((e) => e.id === 'acme')!.characteristics.find((c) => c.line === 'L2')!;
    expect(l2.byProduct).toEqual([]);
    const page = renderMonthlyReportHtml(report);
    expect(page).toContain('<h3>Capability per product</h3>');
  });
});
