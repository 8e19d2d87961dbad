/**
 * The report's charts as data and as drawings: Pareto bars ranked and
 * summed right, round axes, and SVG that carries its values, stays inside
 * its box, draws gaps as gaps and prints hostile text as text.
 */
import { describe, expect, it } from 'vitest';
import { chartId, linearScale, niceAxis, tickLabels } from '../../../report/charts/chart-scale.js';
import { paretoBars } from '../../../report/charts/pareto-bars.js';
import { MAX_BARS, paretoChart } from '../../../report/charts/pareto-chart.js';
import { trendAxis, trendChart } from '../../../report/charts/trend-chart.js';
import type { CapabilityTrendPoint } from '../../../report/report-types.js';

const EVIL = '<script>alert("x")</script> & \'q\'';

/** Every number of an attribute of the drawing's elements (x, y, width, height, cx, cy, x1 ...). */
function coordinates(svg: string, attribute: string): number[] {
  return [...svg.matchAll(new RegExp(`\\s${attribute}="(-?[\\d.]+)"`, 'g'))].map((m) => Number(m[1]));
}

describe('Pareto bars', () => {
  it('run most frequent first, ties by key, with shares of the total and a running total ending at 1', () => {
    const bars = paretoBars(
      new Map([
        ['L2', 3],
        ['L1', 5],
        ['L4', 3],
        ['L3', 1],
        ['L0', 0],
      ]),
    );
    expect(bars.map((b) => b.key)).toEqual(['L1', 'L2', 'L4', 'L3']);
    expect(bars.map((b) => b.count)).toEqual([5, 3, 3, 1]);
    expect(bars.map((b) => b.share)).toEqual([5 / 12, 3 / 12, 3 / 12, 1 / 12]);
    expect(bars[0].cumulative).toBeCloseTo(5 / 12, 12);
    expect(bars[1].cumulative).toBeCloseTo(8 / 12, 12);
    expect(bars[2].cumulative).toBeCloseTo(11 / 12, 12);
    expect(bars[3].cumulative).toBe(1);
  });

  it('label with the function given, and are empty for no counts', () => {
    expect(paretoBars(new Map([['insulation_thickness', 2]]), (k) => k.replace(/_/g, ' '))[0]).toEqual({
      key: 'insulation_thickness',
      label: 'insulation thickness',
      count: 2,
      share: 1,
      cumulative: 1,
    });
    expect(paretoBars(new Map())).toEqual([]);
  });
});

describe('axes', () => {
  it('widen to round steps and list round ticks', () => {
    expect(niceAxis(0, 1.7)).toEqual({ min: 0, max: 2, ticks: [0, 0.5, 1, 1.5, 2] });
    expect(niceAxis(0, 7)).toEqual({ min: 0, max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceAxis(-0.3, 1.66).ticks).toEqual([-0.5, 0, 0.5, 1, 1.5, 2]);
    expect(niceAxis(0, 0.3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('label ticks with as many decimals each', () => {
    expect(tickLabels([0, 0.5, 1, 1.5, 2])).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0']);
    expect(tickLabels([0, 0.25, 0.5])).toEqual(['0.00', '0.25', '0.50']);
    expect(tickLabels([0, 2, 4])).toEqual(['0', '2', '4']);
  });

  it('keep 0 and the threshold in view of a trend', () => {
    const axis = trendAxis([{ month: '2026-01', n: 10, ppk: 3.2 }], 1.33);
    expect(axis.min).toBe(0);
    expect(axis.max).toBeGreaterThanOrEqual(3.2);
    expect(trendAxis([{ month: '2026-01', n: 10, ppk: -0.4 }], 1.33).min).toBeLessThanOrEqual(-0.4);
    expect(trendAxis([], 1.33).max).toBeGreaterThan(1.33);
  });

  it('map values linearly, y growing downwards when asked', () => {
    const y = linearScale(0, 2, 180, 20);
    expect(y(0)).toBe(180);
    expect(y(2)).toBe(20);
    expect(y(1)).toBe(100);
  });

  it('make ids of letters, digits and dashes only', () => {
    expect(chartId('trend', 'acme', 'L 1"><x', 'insulation_thickness')).toBe('chart-trend-acme-L-1-x-insulation_thickness');
  });
});

describe('the capability trend chart', () => {
  const points: CapabilityTrendPoint[] = [
    { month: '2025-11', n: 100, ppk: 1.52 },
    { month: '2025-12', n: 0, ppk: null },
    { month: '2026-01', n: 90, ppk: 1.1 },
    { month: '2026-02', n: 80, ppk: 1.41 },
  ];
  const svg = trendChart({ id: 'chart-t', title: `Ppk of ${EVIL}`, points, threshold: 1.33 }).value;

  it('is an accessible image with a title and the values in words', () => {
    expect(svg).toMatch(/^<svg class="chart trend-chart" viewBox="0 0 600 220" role="img" aria-labelledby="chart-t-title chart-t-desc"/);
    expect(svg).toContain('<title id="chart-t-title">');
    expect(svg).toContain('<desc id="chart-t-desc">');
    expect(svg).toContain('2025-11 1.52; 2025-12 no value; 2026-01 1.10; 2026-02 1.41');
  });

  it('labels every point with its Ppk and draws the threshold', () => {
    for (const v of ['1.52', '1.10', '1.41']) expect(svg).toMatch(new RegExp(`<text class="value"[^>]*>${v.replace('.', '\\.')}</text>`));
    expect(svg).toMatch(/<text class="threshold-label"[^>]*>1\.33<\/text>/);
    expect(svg).toMatch(/<text class="gap"[^>]*>no data<\/text>/);
    // Below the threshold an open square, above a filled dot.
    expect(svg.match(/<rect class="point below"/g)).toHaveLength(1);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(2);
  });

  it('breaks the line where a month has no Ppk', () => {
    const lines = [...svg.matchAll(/<polyline class="trend" points="([^"]*)"/g)].map((m) => m[1].split(' ').length);
    expect(lines).toEqual([1, 2]);
  });

  it('keeps every mark inside its box, higher Ppk higher up', () => {
    for (const x of [...coordinates(svg, 'x'), ...coordinates(svg, 'cx'), ...coordinates(svg, 'x1'), ...coordinates(svg, 'x2')]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(600);
    }
    for (const y of [...coordinates(svg, 'y'), ...coordinates(svg, 'cy'), ...coordinates(svg, 'y1')]) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(220);
    }
    const threshold = Number(/<line class="threshold"[^>]* y1="([\d.]+)"/.exec(svg)?.[1]);
    const [above1, above2] = coordinates(svg, 'cy');
    expect(above1).toBeLessThan(threshold);
    expect(above2).toBeLessThan(threshold);
    const square = /<rect class="point below" x="[\d.]+" y="([\d.]+)"/.exec(svg);
    // The square's top is its centre less 3.5: its centre lies below the threshold line.
    expect(Number(square?.[1]) + 3.5).toBeGreaterThan(threshold);
  });

  it('prints hostile text as text', () => {
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
  });
});

describe('the Pareto chart', () => {
  const bars = paretoBars(
    new Map([
      ['L1', 6],
      ['L2', 3],
      [EVIL, 1],
    ]),
  );
  const svg = paretoChart({ id: 'chart-p', title: 'Nonconforming reels', unit: 'reels', bars }).value;

  it('draws a bar per category, tallest first, with its count on top', () => {
    // Only the bars have a height.
    const heights = coordinates(svg, 'height');
    expect(heights).toHaveLength(3);
    expect(heights[0]).toBeGreaterThan(heights[1]);
    expect(heights[1]).toBeGreaterThan(heights[2]);
    expect(heights[0] / heights[1]).toBeCloseTo(2, 1);
    expect([...svg.matchAll(/<text class="value"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]))).toEqual([6, 3, 1]);
  });

  it('draws the running total rising to 100 % at the top of the plot', () => {
    const ys = /<polyline class="cumulative" points="([^"]*)"/
      .exec(svg)?.[1]
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    expect(ys).toHaveLength(3);
    expect(ys?.[0]).toBeGreaterThan(ys?.[1] ?? 0);
    expect(ys?.[1]).toBeGreaterThan(ys?.[2] ?? 0);
    // The left axis runs from the plot's top: 100 % is drawn there.
    const top = Number(/<line class="axis" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"/.exec(svg)?.[1]);
    expect(ys?.[2]).toBe(top);
    expect(svg).toContain('>100%</text>');
    expect(svg).toContain('L1 6 (cumulative 60.0%); L2 3 (cumulative 90.0%)');
  });

  it('prints hostile labels as text', () => {
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('draws at most MAX_BARS bars and says the rest are in the table', () => {
    const many = paretoBars(new Map(Array.from({ length: MAX_BARS + 3 }, (_, i) => [`c${String(i).padStart(2, '0')}`, 100 - i])));
    const drawn = paretoChart({ id: 'chart-m', title: 'many', unit: 'episodes', bars: many }).value;
    expect(drawn.match(/<rect class="bar"/g)).toHaveLength(MAX_BARS);
    expect(drawn).toContain('and 3 more in the table');
  });
});
