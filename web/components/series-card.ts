/**
 * One monitored series (a line's characteristic): its control charts
 * (individuals with centre line, control and spec limits; EWMA with its
 * exact limits), capability figures and histogram, loaded from
 * GET /api/series and kept live by appending the newest points.
 *
 * Capability comes from the risk model's assessment of the series
 * (setRiskWindow), the same figures as the risk breakdown; only while there
 * is none does the card compute it from the points in view, and says so.
 *
 * A window larger than the API answers raw comes back downsampled: the card
 * then draws each bucket's mean with its min-max band and says that the
 * control limits, EWMA and histogram need a shorter window, rather than
 * computing them on averages.
 */
import type { AppContext } from '../app-context.js';
import { histogramChart, histogramEmpty } from '../charts/histogram-chart.js';
import { CHART_COLORS } from '../charts/chart-colors.js';
import type { LimitLine } from '../charts/limit-lines.js';
import { TimeChart } from '../charts/time-chart.js';
import { fill, h } from '../lib/dom.js';
import { characteristicLabel, digitsOf, formatCount, formatValue, ruleLabel } from '../lib/format.js';
import { levelBadge, levelRank } from '../lib/levels.js';
import type { Alert } from '../model/alerts-model.js';
import { capabilityOfRisk, capabilityOfValues, type RiskWindow } from '../model/capability.js';
import { controlChartData, windowLimits, type ChartLimits, type SpecLimits } from '../model/chart-model.js';
import { histogramBins } from '../model/histogram-bins.js';
import { SeriesWindow, type DownsampledAnswer, type SeriesAnswer } from '../model/series-window.js';
import { ApiError } from '../services/api-client.js';
import { capabilityTable } from './capability-table.js';

export interface SeriesCardSpec {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
  readonly unit: string;
  readonly spec: SpecLimits;
}

type Mode = 'raw' | 'downsampled' | null;

export class SeriesCard {
  readonly element: HTMLElement;
  private readonly summary = h('p', { class: 'series-summary', role: 'status' });
  private readonly status = h('div', { class: 'series-status' });
  private readonly diagnosis = h('p', { class: 'diagnosis' });
  private readonly individualsSlot = h('div', { class: 'chart' });
  private readonly ewmaSlot = h('div', { class: 'chart chart-small' });
  private readonly ewmaBlock: HTMLElement;
  private readonly limitsNote = h('p', { class: 'limits-note' });
  private readonly capabilitySlot = h('div', { class: 'capability-slot' });
  private readonly histogramSlot = h('div', { class: 'histogram-slot' });
  private readonly window = new SeriesWindow();
  private individuals: TimeChart | null = null;
  private ewma: TimeChart | null = null;
  private mode: Mode = null;
  private limits: ChartLimits | null = null;
  private modelBaseline: { mean: number; sigma: number } | null = null;
  /** The risk model's window of this series; undefined until the page knows whether there is one. */
  private riskWindow: RiskWindow | null | undefined = undefined;
  private openAlerts: Alert[] = [];
  private from = 0;
  private busy: Promise<void> | null = null;
  private destroyed = false;
  private readonly digits: number;

  constructor(
    private readonly series: SeriesCardSpec,
    private readonly ctx: AppContext,
    private windowMs: number,
  ) {
    this.digits = digitsOf(series.characteristic);
    const { lambda, L } = { lambda: ctx.session.spc.ewmaLambda, L: ctx.session.spc.ewmaL };
    const titleId = `series-${series.line}-${series.characteristic}`.replace(/[^A-Za-z0-9_-]/g, '_');
    this.ewmaBlock = h('div', { class: 'chart-block' }, h('h4', null, `EWMA (λ ${lambda}, L ${L})`), this.ewmaSlot);
    this.element = h(
      'article',
      { class: 'series-card', 'data-series': `${series.line}/${series.characteristic}`, 'data-state': 'loading', 'aria-busy': 'true', 'aria-labelledby': titleId },
      h(
        'header',
        { class: 'series-head' },
        h('div', null, h('h3', { id: titleId }, characteristicLabel(series.characteristic), h('span', { class: 'unit' }, ` ${series.unit}`)), h('p', { class: 'spec' }, specText(series.spec, series.unit))),
        this.status,
      ),
      this.diagnosis,
      this.summary,
      h('div', { class: 'chart-block' }, h('h4', null, 'Individuals'), this.individualsSlot),
      this.ewmaBlock,
      this.limitsNote,
      h('div', { class: 'series-bottom' }, this.capabilitySlot, this.histogramSlot),
    );
    this.summary.textContent = 'Loading measurements…';
  }

  /** Loads the whole window again (first load, another window, retry). */
  load(): Promise<void> {
    return this.exclusive(async () => {
      this.from = Date.now() - this.windowMs;
      this.limits = null;
      const answer = await this.fetch(this.from);
      if (!answer) return;
      if (answer.kind === 'downsampled') {
        this.drawDownsampled(answer);
        return;
      }
      this.window.reset(answer.points);
      this.drawRaw();
    });
  }

  /** Appends the points measured since the last load or refresh. */
  refresh(): Promise<void> {
    if (this.mode !== 'raw') return this.mode === null ? Promise.resolve() : this.load();
    let reload = false;
    return this.exclusive(async () => {
      const last = this.window.lastTs;
      this.from = Date.now() - this.windowMs;
      const answer = await this.fetch(last === null ? this.from : Math.max(this.from, last + 1));
      if (!answer) return;
      // More new points than the API answers raw: start over with the whole window.
      if (answer.kind !== 'raw') {
        reload = true;
        return;
      }
      this.window.append(answer.points);
      this.window.trimBefore(this.from);
      this.drawRaw();
    }).then(() => (reload ? this.load() : undefined));
  }

  setWindow(ms: number): Promise<void> {
    this.windowMs = ms;
    return this.load();
  }

  /** The analytics service's baseline of this series (from the risk model), or null to estimate from the window. */
  setModelBaseline(baseline: { mean: number; sigma: number } | null, diagnosis: string | null): void {
    this.modelBaseline = baseline;
    this.diagnosis.textContent = diagnosis ?? '';
    if (this.mode === 'raw') this.drawRaw();
  }

  /** The risk model's assessment of this series' window (its capability figures), or null when it has none. */
  setRiskWindow(window: RiskWindow | null): void {
    this.riskWindow = window;
    if (this.mode !== null) this.drawCapability(this.mode === 'raw' ? this.window.values : null);
  }

  setAlerts(open: Alert[]): void {
    this.openAlerts = open;
    this.drawStatus(null);
  }

  destroy(): void {
    this.destroyed = true;
    this.individuals?.destroy();
    this.ewma?.destroy();
  }

  private async exclusive(work: () => Promise<void>): Promise<void> {
    // One request at a time per card: a slow answer must not be overtaken by the next refresh.
    while (this.busy) await this.busy;
    this.busy = work().finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  private async fetch(from: number): Promise<SeriesAnswer | null> {
    const { enterprise, line, characteristic } = this.series;
    const path = `/api/series/${encodeURIComponent(enterprise)}/${encodeURIComponent(line)}/${encodeURIComponent(characteristic)}?from=${Math.floor(from)}`;
    try {
      const answer = await this.ctx.api.get<SeriesAnswer>(path);
      return this.destroyed ? null : answer;
    } catch (err) {
      if (!this.destroyed) this.showError(err);
      return null;
    }
  }

  private drawRaw(): void {
    const started = performance.now();
    const { spc } = this.ctx.session;
    if (this.modelBaseline) this.limits = { mu0: this.modelBaseline.mean, sigma0: this.modelBaseline.sigma, n: 0, source: 'model' };
    else if (!this.limits || this.limits.source !== 'window' || this.limits.n < spc.baseline) this.limits = windowLimits(this.window.values, spc);
    const data = controlChartData(this.window, this.series.spec, spc, this.limits);
    this.setMode('raw');
    this.individuals!.setData([data.x, data.y, data.flagged], this.lines(this.limits, true), this.digits);
    this.ewma!.setData([data.x, data.ewma, data.ewmaUpper, data.ewmaLower, data.ewmaOnsets], this.limits ? [line('CL', this.limits.mu0, CHART_COLORS.centre, [2, 3], 1.25, 'right')] : [], this.digits);
    this.drawCapability(this.window.values);
    const hist = histogramBins(this.window.values, [this.series.spec.lsl, this.series.spec.usl]);
    fill(this.histogramSlot, hist ? histogramChart(hist, { ...this.series.spec, mean: meanOf(this.window.values), digits: this.digits, unit: this.series.unit }) : histogramEmpty());
    this.limitsNote.textContent = limitsText(this.limits, this.digits);
    const c = data.counts;
    this.summary.textContent =
      c.n === 0
        ? `No measurements in the last ${windowText(this.windowMs)}: a silent gateway is a risk too.`
        : `${formatCount(c.n)} points in the last ${windowText(this.windowMs)} · ${formatCount(c.beyondControl)} beyond control limits · ${formatCount(c.outOfSpec)} out of spec · ${formatCount(c.ewmaSignals)} EWMA signals`;
    this.drawStatus(c);
    this.settle(c.n === 0 ? 'empty' : 'ready');
    performance.measure('linewatch:series-render', { start: started, end: performance.now(), detail: { points: c.n } });
  }

  private drawDownsampled(answer: DownsampledAnswer): void {
    this.setMode('downsampled');
    const half = answer.bucketMs / 2;
    const b = answer.buckets;
    this.individuals!.setData(
      [b.map((k) => (k.start + half) / 1000), b.map((k) => k.mean), b.map((k) => k.max), b.map((k) => k.min)],
      this.lines(null, false),
      this.digits,
    );
    this.limitsNote.textContent = 'Control limits, EWMA and the histogram need the individual points: choose a shorter window.';
    this.drawCapability(null);
    fill(this.histogramSlot);
    this.summary.textContent = `${formatCount(answer.count)} points in the last ${windowText(this.windowMs)}, shown as ${formatCount(b.length)} averages with their min–max band`;
    this.drawStatus(null);
    this.settle(answer.count === 0 ? 'empty' : 'ready');
  }

  /** The risk model's figures; without them, those of the points in view (`values`, null when downsampled). */
  private drawCapability(values: readonly number[] | null): void {
    if (this.riskWindow === undefined) {
      fill(this.capabilitySlot, h('p', { class: 'empty small' }, 'Capability: waiting for the risk model…'));
      return;
    }
    const figures = capabilityOfRisk(this.riskWindow) ?? (values ? capabilityOfValues(values, this.series.spec) : null);
    const empty = values ? 'Capability needs at least two points.' : 'Capability from the points in view needs a shorter window.';
    fill(this.capabilitySlot, capabilityTable(figures, this.series.unit, this.digits, empty));
  }

  private setMode(mode: Exclude<Mode, null>): void {
    if (this.mode === mode) return;
    this.individuals?.destroy();
    this.ewma?.destroy();
    this.ewma = null;
    const label = `${characteristicLabel(this.series.characteristic)} on ${this.series.line}`;
    if (mode === 'raw') {
      this.individuals = new TimeChart(this.individualsSlot, {
        label: `Individuals chart of ${label}, with centre line, control limits and spec limits`,
        height: 190,
        series: [
          { label: 'Value', color: CHART_COLORS.value },
          { label: 'Beyond a limit', color: CHART_COLORS.flagged, marks: true, markSize: 5 },
        ],
      });
      this.ewma = new TimeChart(this.ewmaSlot, {
        label: `EWMA chart of ${label}, with its control limits`,
        height: 130,
        series: [
          { label: 'EWMA', color: CHART_COLORS.ewma, width: 1.5 },
          { label: 'Upper limit', color: CHART_COLORS.control, dash: [5, 4] },
          { label: 'Lower limit', color: CHART_COLORS.control, dash: [5, 4] },
          { label: 'Signal starts', color: CHART_COLORS.flagged, marks: true, markSize: 8 },
        ],
      });
    } else {
      this.individuals = new TimeChart(this.individualsSlot, {
        label: `Averages of ${label} with their min–max band and spec limits`,
        height: 190,
        series: [
          { label: 'Mean', color: CHART_COLORS.value },
          { label: 'Max', color: CHART_COLORS.valueBand },
          { label: 'Min', color: CHART_COLORS.valueBand },
        ],
        bands: [[2, 3]],
      });
    }
    this.ewmaBlock.hidden = mode !== 'raw';
    this.mode = mode;
  }

  private lines(limits: ChartLimits | null, control: boolean): LimitLine[] {
    const { lsl, usl, nominal } = this.series.spec;
    const out: LimitLine[] = [];
    if (lsl !== null) out.push(line('LSL', lsl, CHART_COLORS.spec, [], 2, 'left'));
    if (usl !== null) out.push(line('USL', usl, CHART_COLORS.spec, [], 2, 'left'));
    if (nominal !== null) out.push(line('Nominal', nominal, CHART_COLORS.nominal, [1, 3], 1, 'left'));
    if (control && limits) {
      out.push(line('UCL', limits.mu0 + 3 * limits.sigma0, CHART_COLORS.control, [5, 4], 1.25, 'right'));
      out.push(line('CL', limits.mu0, CHART_COLORS.centre, [2, 3], 1.25, 'right'));
      out.push(line('LCL', limits.mu0 - 3 * limits.sigma0, CHART_COLORS.control, [5, 4], 1.25, 'right'));
    }
    return out;
  }

  private drawStatus(counts: { outOfSpec: number; beyondControl: number; ewmaSignals: number } | null): void {
    const worst = this.openAlerts.reduce<Alert | null>((w, a) => (!w || levelRank(a.severity) > levelRank(w.severity) ? a : w), null);
    if (worst) {
      fill(this.status, levelBadge(worst.severity, `${this.openAlerts.length} open: ${ruleLabel(worst.rule)}`));
      this.element.dataset.attention = worst.severity;
    } else if (counts && counts.outOfSpec > 0) {
      fill(this.status, levelBadge('critical', 'out of spec in view'));
      this.element.dataset.attention = 'critical';
    } else if (counts && (counts.beyondControl > 0 || counts.ewmaSignals > 0)) {
      fill(this.status, levelBadge('medium', 'signals in view'));
      this.element.dataset.attention = 'medium';
    } else if (counts) {
      fill(this.status, h('span', { class: 'badge level-ok' }, h('span', { class: 'badge-shape', 'aria-hidden': 'true' }, '✓'), 'In control'));
      delete this.element.dataset.attention;
    }
  }

  private showError(err: unknown): void {
    const message = err instanceof ApiError ? err.message : 'the measurements could not be loaded';
    this.summary.textContent = '';
    fill(this.summary, h('span', { class: 'error-text' }, `Could not load: ${message}. `), h('button', { type: 'button', class: 'button small', onclick: () => void this.load() }, 'Retry'));
    this.settle('error');
  }

  private settle(state: 'ready' | 'empty' | 'error'): void {
    this.element.dataset.state = state;
    this.element.setAttribute('aria-busy', 'false');
  }
}

function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function line(label: string, value: number, color: string, dash: number[], width: number, side: LimitLine['side']): LimitLine {
  return { label, value, color, dash, width, side };
}

function specText(spec: SpecLimits, unit: string): string {
  const parts: string[] = [];
  if (spec.lsl !== null) parts.push(`min ${spec.lsl}`);
  if (spec.nominal !== null) parts.push(`nominal ${spec.nominal}`);
  if (spec.usl !== null) parts.push(`max ${spec.usl}`);
  return parts.length > 0 ? `Spec: ${parts.join(' · ')} ${unit}` : 'No spec limits';
}

function limitsText(limits: ChartLimits | null, digits: number): string {
  if (!limits) return 'Control limits need at least two points.';
  const figures = `μ0 ${formatValue(limits.mu0, digits)}, σ0 ${formatValue(limits.sigma0, digits + 1)}`;
  return limits.source === 'model'
    ? `Control limits from the analytics baseline: ${figures}.`
    : `Control limits from the first ${formatCount(limits.n)} points in view: ${figures} (provisional; the analytics baseline replaces them when the risk model reports it).`;
}

export function windowText(ms: number): string {
  return ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}
