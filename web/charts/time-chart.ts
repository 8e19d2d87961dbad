/**
 * A uPlot time chart sized to its container: values over time, optional
 * point-only marker series, min/max bands, and constant limit lines
 * (limit-lines.ts) that the y scale always includes, so a limit is never
 * silently off the chart. Dragging zooms; a double click resets, and live
 * refreshes keep a zoom the user chose. Times on the axis read as on the
 * rest of the page: 24-hour ISO, local.
 */
import uPlot from 'uplot';
import { formatAxisTimes } from '../lib/format.js';
import { CHART_COLORS } from './chart-colors.js';
import { limitLinesPlugin, type LimitLine } from './limit-lines.js';

export interface TimeSeriesStyle {
  readonly label: string;
  readonly color: string;
  readonly width?: number;
  readonly dash?: number[];
  /** Marks only (signals, points beyond limits), no line. */
  readonly marks?: boolean;
  /** Mark diameter, CSS pixels. */
  readonly markSize?: number;
}

export interface TimeChartConfig {
  /** What the chart shows, for screen readers. */
  readonly label: string;
  readonly height: number;
  readonly series: readonly TimeSeriesStyle[];
  /** Pairs of series indexes (1-based, as uPlot counts) filled between: [upper, lower]. */
  readonly bands?: ReadonlyArray<readonly [number, number]>;
}

export class TimeChart {
  private readonly plot: uPlot;
  private readonly resize: ResizeObserver;
  private lines: readonly LimitLine[] = [];
  private digits = 3;
  private zoomed = false;

  constructor(
    private readonly parent: HTMLElement,
    config: TimeChartConfig,
  ) {
    parent.setAttribute('role', 'img');
    parent.setAttribute('aria-label', config.label);
    const opts: uPlot.Options = {
      width: Math.max(200, parent.clientWidth),
      height: config.height,
      scales: { x: { time: true }, y: { range: (_u, min, max) => this.yRange(min, max) } },
      axes: [
        {
          stroke: CHART_COLORS.axis,
          grid: { stroke: CHART_COLORS.grid, width: 1 },
          ticks: { stroke: CHART_COLORS.grid },
          // Room for an "HH:MM:SS" label and a gap (uPlot's default spacing packs them edge to edge).
          space: 72,
          // uPlot's default labels are 12-hour with am/pm; the canvas cannot be read, so the labels are kept on the element too.
          values: (_u, splits, _axis, _space, increment) => {
            const labels = formatAxisTimes(splits, increment);
            parent.dataset.timeTicks = labels.map((l) => l.replace('\n', ' ')).join(' | ');
            return labels;
          },
        },
        {
          stroke: CHART_COLORS.axis,
          grid: { stroke: CHART_COLORS.grid, width: 1 },
          ticks: { stroke: CHART_COLORS.grid },
          size: 58,
          values: (_u, splits) => splits.map((v) => v.toFixed(this.digits)),
        },
      ],
      series: [
        {},
        ...config.series.map<uPlot.Series>((s) =>
          s.marks
            ? { label: s.label, stroke: s.color, fill: s.color, paths: () => null, points: { show: true, size: s.markSize ?? 7, width: 1, stroke: s.color, fill: s.color } }
            : { label: s.label, stroke: s.color, width: s.width ?? 1.25, dash: s.dash, points: { show: false } },
        ),
      ],
      bands: config.bands?.map(([upper, lower]) => ({ series: [upper, lower] as [number, number], fill: CHART_COLORS.valueBand })),
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false, setScale: true } },
      hooks: { setSelect: [(u) => void (u.select.width > 0 && (this.zoomed = true))] },
      plugins: [limitLinesPlugin(() => this.lines, () => this.digits)],
    };
    this.plot = new uPlot(opts, [[], ...config.series.map(() => [])], parent);
    this.plot.over.addEventListener('dblclick', () => {
      this.zoomed = false;
    });
    let width = parent.clientWidth;
    this.resize = new ResizeObserver(() => {
      // Only on a real width change: setSize itself must not loop back here.
      if (parent.clientWidth !== width && parent.clientWidth > 0) {
        width = parent.clientWidth;
        this.plot.setSize({ width: Math.max(200, width), height: config.height });
      }
    });
    this.resize.observe(parent);
  }

  setData(data: uPlot.AlignedData, lines: readonly LimitLine[], digits: number): void {
    this.lines = lines;
    this.digits = digits;
    this.plot.setData(data, !this.zoomed);
    if (this.zoomed) this.plot.redraw(true, true);
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot.destroy();
    this.parent.replaceChildren();
  }

  /** Data range widened to every limit line, plus a margin so marks at the edge stay visible. */
  private yRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    let lo = min ?? Infinity;
    let hi = max ?? -Infinity;
    for (const l of this.lines) {
      lo = Math.min(lo, l.value);
      hi = Math.max(hi, l.value);
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
    const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.01 || 1;
    return [lo - pad, hi + pad];
  }
}
