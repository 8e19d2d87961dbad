/**
 * The distribution of the points in view as an SVG histogram, with the spec
 * limits and the mean marked and named: "the bulk sits against the minimum"
 * should be visible without reading a number.
 */
import { h, svg } from '../lib/dom.js';
import type { Histogram } from '../model/histogram-bins.js';
import { CHART_COLORS } from './chart-colors.js';

export interface HistogramMarks {
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly mean: number | null;
  readonly digits: number;
  readonly unit: string;
}

const W = 320;
const H = 150;
const PAD = { left: 8, right: 8, top: 18, bottom: 22 };

export function histogramChart(hist: Histogram, marks: HistogramMarks): SVGSVGElement {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const xOf = (v: number) => PAD.left + ((v - hist.lo) / (hist.hi - hist.lo)) * plotW;
  const barW = plotW / hist.counts.length;
  const outside = (i: number) => {
    const mid = hist.lo + (i + 0.5) * hist.width;
    return (marks.lsl !== null && mid < marks.lsl) || (marks.usl !== null && mid > marks.usl);
  };
  const bars = hist.counts.map((c, i) =>
    c === 0
      ? null
      : svg('rect', {
          x: (PAD.left + i * barW).toFixed(2),
          y: (PAD.top + plotH - (c / hist.max) * plotH).toFixed(2),
          width: Math.max(0.5, barW - 0.5).toFixed(2),
          height: ((c / hist.max) * plotH).toFixed(2),
          fill: outside(i) ? CHART_COLORS.flagged : CHART_COLORS.value,
          'fill-opacity': '0.8',
        }),
  );
  const mark = (value: number | null, label: string, color: string, dash: string | null, anchorTop: boolean) =>
    value === null
      ? null
      : svg(
          'g',
          null,
          svg('line', { x1: xOf(value).toFixed(2), x2: xOf(value).toFixed(2), y1: PAD.top - 4, y2: PAD.top + plotH, stroke: color, 'stroke-width': 1.5, 'stroke-dasharray': dash }),
          svg('text', { x: xOf(value).toFixed(2), y: anchorTop ? PAD.top - 7 : H - 6, fill: color, 'font-size': 10, 'text-anchor': anchorNear(xOf(value)) }, `${label} ${value.toFixed(marks.digits)}`),
        );
  const desc =
    `Histogram of the values in view, ${marks.unit}: from ${hist.lo.toFixed(marks.digits)} to ${hist.hi.toFixed(marks.digits)}` +
    `${marks.mean !== null ? `, mean ${marks.mean.toFixed(marks.digits)}` : ''}` +
    `${marks.lsl !== null ? `, minimum ${marks.lsl}` : ''}${marks.usl !== null ? `, maximum ${marks.usl}` : ''}`;
  return svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'histogram', role: 'img', 'aria-label': desc, preserveAspectRatio: 'none' },
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH, stroke: CHART_COLORS.axis, 'stroke-width': 1 }),
    bars,
    mark(marks.lsl, 'LSL', CHART_COLORS.spec, null, true),
    mark(marks.usl, 'USL', CHART_COLORS.spec, null, true),
    mark(marks.mean, 'mean', CHART_COLORS.centre, '3 2', false),
  );
}

/** Labels near an edge grow inward, so "LSL 0.530" at the left edge is not cut off. */
function anchorNear(x: number): 'start' | 'middle' | 'end' {
  return x < 45 ? 'start' : x > W - 45 ? 'end' : 'middle';
}

/** A histogram's empty state. */
export function histogramEmpty(): HTMLElement {
  return h('p', { class: 'empty small' }, 'No values to show.');
}
