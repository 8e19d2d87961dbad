/**
 * The capability trend of one series as inline SVG: Ppk per month (a line
 * through the months with a value, broken where a month has none), each point
 * labelled with its value, and the capability threshold (1.33) as a dashed
 * line. Black on white, told apart by line style and markers, not colour, so
 * a grey printout loses nothing; a title and a description in words for a
 * screen reader. The numbers are also in the table beside it (html-charts.ts).
 */
import { html, type SafeHtml } from '../html-escape.js';
import type { CapabilityTrendPoint } from '../report-types.js';
import { at, linearScale, niceAxis, tickLabels } from './chart-scale.js';

const WIDTH = 600;
const HEIGHT = 220;
const LEFT = 44;
/** Room for the threshold's label beside the plot, where no point can hide it. */
const RIGHT = 40;
const TOP = 14;
const BOTTOM = 40;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TrendChartInput {
  /** Unique in the page (chart-scale.ts chartId). */
  readonly id: string;
  /** What is drawn, e.g. "Ppk of insulation thickness on L1, by month". */
  readonly title: string;
  readonly points: readonly CapabilityTrendPoint[];
  /** Ppk below this is not capable (the configuration's risk.capableIndex). */
  readonly threshold: number;
}

/** The y axis: 0 and the threshold always in view, widened to round steps. */
export function trendAxis(points: readonly CapabilityTrendPoint[], threshold: number): ReturnType<typeof niceAxis> {
  const values = points.flatMap((p) => (p.ppk === null ? [] : [p.ppk]));
  return niceAxis(Math.min(0, ...values), Math.max(threshold * 1.25, ...values), 5);
}

export function trendChart(input: TrendChartInput): SafeHtml {
  const { id, points, threshold } = input;
  const axis = trendAxis(points, threshold);
  const y = linearScale(axis.min, axis.max, HEIGHT - BOTTOM, TOP);
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, points.length);
  const x = (i: number) => LEFT + slot * (i + 0.5);
  const labels = tickLabels(axis.ticks);
  const described = points.map((p) => `${p.month} ${p.ppk === null ? 'no value' : p.ppk.toFixed(2)}`).join('; ');
  const runs: string[][] = [];
  points.forEach((p, i) => {
    if (p.ppk === null) return;
    const prev = i > 0 ? points[i - 1] : undefined;
    if (!prev || prev.ppk === null || runs.length === 0) runs.push([]);
    runs[runs.length - 1].push(`${at(x(i))},${at(y(p.ppk))}`);
  });
  return html`<svg class="chart trend-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}">
<title id="${id}-title">${input.title}</title>
<desc id="${id}-desc">Ppk by month, the dashed line at ${threshold.toFixed(2)} is the capability threshold: ${described}.</desc>
${axis.ticks.map((t, i) => html`<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${at(y(t))}" y2="${at(y(t))}"></line><text class="tick" x="${LEFT - 4}" y="${at(y(t) + 4)}" text-anchor="end">${labels[i]}</text>`)}
<line class="threshold" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${at(y(threshold))}" y2="${at(y(threshold))}"></line>
<text class="threshold-label" x="${WIDTH - RIGHT + 4}" y="${at(y(threshold) + 4)}">${threshold.toFixed(2)}</text>
<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${HEIGHT - BOTTOM}"></line>
<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${HEIGHT - BOTTOM}" y2="${HEIGHT - BOTTOM}"></line>
${runs.map((r) => html`<polyline class="trend" points="${r.join(' ')}"></polyline>`)}
${points.map((p, i) => {
  const [year, month] = p.month.split('-');
  const label = html`<text class="tick" x="${at(x(i))}" y="${HEIGHT - BOTTOM + 15}" text-anchor="middle">${MONTHS[Number(month) - 1] ?? month}</text>${
    i === 0 || month === '01' ? html`<text class="tick" x="${at(x(i))}" y="${HEIGHT - BOTTOM + 29}" text-anchor="middle">${year}</text>` : ''
  }`;
  if (p.ppk === null) return html`${label}<text class="gap" x="${at(x(i))}" y="${at(y(axis.min) - 4)}" text-anchor="middle">no data</text>`;
  const below = p.ppk < threshold;
  // Below the threshold: an open square, above: a filled circle (told apart without colour).
  const marker = below
    ? html`<rect class="point below" x="${at(x(i) - 3.5)}" y="${at(y(p.ppk) - 3.5)}" width="7" height="7"></rect>`
    : html`<circle class="point" cx="${at(x(i))}" cy="${at(y(p.ppk))}" r="3.5"></circle>`;
  return html`${label}${marker}<text class="value" x="${at(x(i))}" y="${at(y(p.ppk) - 7)}" text-anchor="middle">${p.ppk.toFixed(2)}</text>`;
})}
</svg>`;
}
