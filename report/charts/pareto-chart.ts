/**
 * A Pareto chart as inline SVG: a bar per category, most frequent first,
 * with its count on top, and the cumulative percentage as a line with a
 * right-hand axis 0-100 %. Grey bars with a black outline and a black line
 * print in black and white; a title and a description in words for a screen
 * reader; the numbers are also in the table beside it (html-charts.ts).
 * Long labels are shortened under the bars; the table has them whole.
 */
import { html, type SafeHtml } from '../html-escape.js';
import { at, linearScale, niceAxis, tickLabels } from './chart-scale.js';

const WIDTH = 600;
const HEIGHT = 240;
const LEFT = 40;
const RIGHT = 40;
/** Room above the plot for the axes' names. */
const TOP = 26;
const BOTTOM = 44;
/** Bars drawn at most; the table lists every category. */
export const MAX_BARS = 12;

/** What a Pareto chart draws (cause-pareto.ts's CauseBar and pareto-bars.ts's ParetoBar both have it). */
export interface ChartBar {
  readonly label: string;
  readonly count: number;
  /** 0-1 */
  readonly cumulative: number;
}

export interface ParetoChartInput {
  /** Unique in the page (chart-scale.ts chartId). */
  readonly id: string;
  readonly title: string;
  /** What a count is, plural: "episodes", "reels". */
  readonly unit: string;
  readonly bars: readonly ChartBar[];
}

function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}\u2026`;
}

export function paretoChart(input: ParetoChartInput): SafeHtml {
  const { id, unit } = input;
  const bars = input.bars.slice(0, MAX_BARS);
  const axis = niceAxis(0, Math.max(1, ...bars.map((b) => b.count)), 5);
  const y = linearScale(axis.min, axis.max, HEIGHT - BOTTOM, TOP);
  const pct = linearScale(0, 1, HEIGHT - BOTTOM, TOP);
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, bars.length);
  const x = (i: number) => LEFT + slot * i;
  const labelChars = Math.max(4, Math.floor(slot / 7));
  const labels = tickLabels(axis.ticks);
  const described = bars.map((b) => `${b.label} ${b.count} (cumulative ${(b.cumulative * 100).toFixed(1)}%)`).join('; ');
  const more = input.bars.length - bars.length;
  return html`<svg class="chart pareto-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" id="${id}">
<title id="${id}-title">${input.title}</title>
<desc id="${id}-desc">${unit} by category, most first, with the cumulative percentage: ${described}${more > 0 ? `; and ${more} more in the table` : ''}.</desc>
${axis.ticks.map((t, i) => html`<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${at(y(t))}" y2="${at(y(t))}"></line><text class="tick" x="${LEFT - 4}" y="${at(y(t) + 4)}" text-anchor="end">${labels[i]}</text>`)}
${[0, 0.25, 0.5, 0.75, 1].map((p) => html`<text class="tick" x="${WIDTH - RIGHT + 4}" y="${at(pct(p) + 4)}">${p * 100}%</text>`)}
<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${HEIGHT - BOTTOM}"></line>
<line class="axis" x1="${WIDTH - RIGHT}" x2="${WIDTH - RIGHT}" y1="${TOP}" y2="${HEIGHT - BOTTOM}"></line>
<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${HEIGHT - BOTTOM}" y2="${HEIGHT - BOTTOM}"></line>
<text class="axis-label" x="4" y="${TOP - 12}">${unit}</text>
<text class="axis-label" x="${WIDTH - 4}" y="${TOP - 12}" text-anchor="end">cumulative</text>
${bars.map(
  (b, i) => html`<rect class="bar" x="${at(x(i) + slot * 0.15)}" y="${at(y(b.count))}" width="${at(slot * 0.7)}" height="${at(y(0) - y(b.count))}"><title>${b.label}: ${b.count}</title></rect>
<text class="value" x="${at(x(i) + slot / 2)}" y="${at(y(b.count) - 3)}" text-anchor="middle">${b.count}</text>
<text class="tick" x="${at(x(i) + slot / 2)}" y="${HEIGHT - BOTTOM + 15}" text-anchor="middle">${shorten(b.label, labelChars)}</text>`,
)}
<polyline class="cumulative" points="${bars.map((b, i) => `${at(x(i) + slot / 2)},${at(pct(b.cumulative))}`).join(' ')}"></polyline>
${bars.map((b, i) => html`<circle class="point" cx="${at(x(i) + slot / 2)}" cy="${at(pct(b.cumulative))}" r="3"></circle>`)}
</svg>`;
}
