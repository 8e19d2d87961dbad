/**
 * A uPlot time chart sized to its container: values over time, optional
 * point-only marker series, min/max bands, and constant limit lines
 * (limit-lines.ts) that the y scale always includes, so a limit is never
 * silently off the chart. Dragging zooms; a double click resets, and live
 * refreshes keep a zoom the user chose.
 *
 * Times read as on the rest of the page (24-hour ISO, local). The legend
 * shows each series' value under the cursor, or the newest point's when the
 * cursor is elsewhere, and a second line names every limit with its value
 * (and the sigma zones, when the chart shades them: sigma-zones.ts).
 */
import uPlot from 'uplot';
import { h } from '../lib/dom.js';
import { formatAxisTimes, formatTime } from '../lib/format.js';
import { CHART_COLORS } from './chart-colors.js';
import { limitLinesPlugin, type LimitLine } from './limit-lines.js';
import { SIGMA_ZONES_LABEL, sigmaZonesPlugin, type SigmaZones } from './sigma-zones.js';

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

/** Time-axis tick steps, s: uPlot's own (1-2-5 below a second, then clock-friendly steps) with 2 min added. */
const TIME_STEPS = [
  0.001,
  0.002,
  0.005,
  0.01,
  0.02,
  0.05,
  0.1,
  0.2,
  0.5,
  1,
  2,
  5,
  10,
  15,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10_800,
  14_400,
  21_600,
  28_800,
  43_200,
  86_400,
  2 * 86_400,
  3 * 86_400,
  7 * 86_400,
  14 * 86_400,
];

export class TimeChart {
  private readonly plot: uPlot;
  private readonly resize: ResizeObserver;
  private readonly limitLegend = h('p', { class: 'limit-legend' });
  private lines: readonly LimitLine[] = [];
  private zones: SigmaZones | null = null;
  private shownLines = '';
  private digits = 3;
  private zoomed = false;

  constructor(
    private readonly parent: HTMLElement,
    config: TimeChartConfig,
  ) {
    const opts: uPlot.Options = {
      width: Math.max(200, parent.clientWidth),
      height: config.height,
      scales: { x: { time: true }, y: { range: (_u, min, max) => this.yRange(min, max) } },
      axes: [
        {
          stroke: CHART_COLORS.axis,
          grid: { stroke: CHART_COLORS.grid, width: 1 },
          ticks: { stroke: CHART_COLORS.grid },
          // Room for an "HH:MM:SS" label and a gap; uPlot's steps plus 2 min, so a few minutes of data get more than one tick.
          space: 64,
          incrs: TIME_STEPS,
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
        { label: 'Time', value: legendValue((t) => formatTime(t * 1000)) },
        ...config.series.map<uPlot.Series>((s) =>
          s.marks
            ? {
                label: s.label,
                stroke: s.color,
                fill: s.color,
                paths: () => null,
                points: { show: true, size: s.markSize ?? 7, width: 1, stroke: s.color, fill: s.color },
                value: legendValue((v) => v.toFixed(this.digits)),
              }
            : { label: s.label, stroke: s.color, width: s.width ?? 1.25, dash: s.dash, points: { show: false }, value: legendValue((v) => v.toFixed(this.digits)) },
        ),
      ],
      bands: config.bands?.map(([upper, lower]) => ({ series: [upper, lower] as [number, number], fill: CHART_COLORS.valueBand })),
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false, setScale: true } },
      hooks: { setSelect: [(u) => void (u.select.width > 0 && (this.zoomed = true))] },
      plugins: [
        sigmaZonesPlugin(() => this.zones),
        limitLinesPlugin(
          () => this.lines,
          () => this.digits,
        ),
      ],
    };
    this.plot = new uPlot(opts, [[], ...config.series.map(() => [])], parent);
    // The drawing is the image; the legends beside it stay text a screen reader can read.
    const drawing = this.plot.over.parentElement ?? parent;
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', config.label);
    parent.append(this.limitLegend);
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

  /** `zones`: the readings' sigma zones to shade, or none. */
  setData(data: uPlot.AlignedData, lines: readonly LimitLine[], digits: number, zones: SigmaZones | null = null): void {
    this.lines = lines;
    this.zones = zones;
    this.digits = digits;
    this.drawLimitLegend();
    this.plot.setData(data, !this.zoomed);
    if (this.zoomed) this.plot.redraw(true, true);
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot.destroy();
    this.parent.replaceChildren();
  }

  /** The limits with their values, top to bottom as on the chart ("USL 12.100", "UCL 11.821"), each with its line style. */
  private drawLimitLegend(): void {
    const lines = [...this.lines].sort((a, b) => b.value - a.value);
    const zones = this.zones;
    const key = `${lines.map((l) => `${l.label} ${l.value.toFixed(this.digits)}`).join(' · ')}${zones ? ` | ${zones.centre} ${zones.sigma}` : ''}`;
    if (key === this.shownLines) return;
    this.shownLines = key;
    this.limitLegend.hidden = lines.length === 0 && zones === null;
    const zoneKey = zones
      ? h(
          'span',
          { class: 'limit-key zone-key', 'data-limit': 'zones', title: `±1, ±2 and ±3 σ of the readings about the centre line (σ ${zones.sigma.toFixed(this.digits + 1)})` },
          h('span', { class: 'zone-swatch', 'aria-hidden': 'true' }),
          SIGMA_ZONES_LABEL,
        )
      : null;
    this.limitLegend.replaceChildren(
      ...lines.map((l) => {
        const swatch = h('span', { class: 'limit-swatch', 'aria-hidden': 'true' });
        // Set through the CSSOM: the page's Content-Security-Policy allows no inline style attributes.
        swatch.style.borderTopColor = l.color;
        swatch.style.borderTopWidth = `${Math.max(1, Math.round(l.width))}px`;
        swatch.style.borderTopStyle = l.dash.length === 0 ? 'solid' : l.dash[0] <= 2 ? 'dotted' : 'dashed';
        return h('span', { class: 'limit-key', 'data-limit': l.label }, swatch, `${l.label} ${l.value.toFixed(this.digits)}`);
      }),
      ...(zoneKey ? [zoneKey] : []),
    );
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

/**
 * A legend value: the point under the cursor, or the newest point when the
 * cursor is off the chart, so the legend always says where the series
 * stands; a dash where the series has no value there.
 */
function legendValue(format: (v: number) => string): uPlot.Series.Value {
  return (u, raw, seriesIdx, idx) => {
    const values = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
    const v = idx === null ? values[values.length - 1] : raw;
    return v === null || v === undefined || !Number.isFinite(v) ? '—' : format(v);
  };
}
