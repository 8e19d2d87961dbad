/**
 * One monitored series (a line's characteristic): one line saying where it
 * stands, its time chart (model/chart-model.ts says exactly what it shows
 * and how that relates to the live monitor), the control limits in force
 * (or Phase I's progress while they are being established), capability
 * figures and a histogram. Measurements come from GET /api/series and are
 * kept live by appending the newest points; the limits and the diagnosis
 * come from the risk model's breakdown of the enterprise (setRisk).
 *
 * The state line has one source at a time, so it never says two things:
 * the series' open episode (severity and rules) if there is one, else the
 * risk model's diagnosis, else "In control".
 *
 * Capability comes from the risk model's assessment of the series
 * (setRiskWindow), the same figures as the risk breakdown; only while there
 * is none does the card compute it from the points in view, and says so.
 *
 * A window larger than the API answers raw comes back downsampled: the card
 * then draws each bucket's mean with its min-max band and says that the
 * control limits and the histogram need a shorter window, rather than
 * drawing them over averages.
 */
import type { AppContext } from '../app-context.js';
import { histogramChart, histogramEmpty } from '../charts/histogram-chart.js';
import { CHART_COLORS } from '../charts/chart-colors.js';
import type { LimitLine } from '../charts/limit-lines.js';
import { TimeChart } from '../charts/time-chart.js';
import { announce, fill, h } from '../lib/dom.js';
import { durationText, ruleNamesText } from '../lib/episodes.js';
import { capitalise, characteristicLabel, digitsOf, formatCount, formatDateTime, formatDuration, formatValue } from '../lib/format.js';
import { levelBadge, levelRank, toneBadge, type Level } from '../lib/levels.js';
import type { Alert } from '../model/alerts-model.js';
import { capabilityOfRisk, capabilityOfValues, type RiskWindow } from '../model/capability.js';
import { liveChartData, type SpecLimits } from '../model/chart-model.js';
import { histogramBins } from '../model/histogram-bins.js';
import { specText } from '../model/spec-text.js';
import type { LiveSpc, RiskSeries } from '../model/risk-types.js';
import { SeriesWindow, type DownsampledAnswer, type SeriesAnswer } from '../model/series-window.js';
import { ApiError } from '../services/api-client.js';
import { capabilityTable } from './capability-table.js';
import { DIAGNOSIS_LEVEL } from './risk-breakdown.js';

export interface SeriesCardSpec {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
  readonly unit: string;
  readonly spec: SpecLimits;
}

type Mode = 'raw' | 'downsampled' | null;

/** Why limits were locked, in words. */
const REASONS: Record<string, string> = { initial: 'first limits', request: 're-established on request', 'product-change': 'product change' };

export class SeriesCard {
  readonly element: HTMLElement;
  private readonly summary = h('p', { class: 'series-summary', role: 'status' });
  private readonly state = h('p', { class: 'series-state' });
  private readonly chartSlot = h('div', { class: 'chart' });
  private readonly chartNote = h('p', { class: 'limits-note chart-note' });
  private readonly limitsInfo = h('div', { class: 'limits-info' });
  private readonly capabilitySlot = h('div', { class: 'capability-slot' });
  private readonly histogramSlot = h('div', { class: 'histogram-slot' });
  private readonly specLine = h('p', { class: 'spec' });
  /** The limits the readings are judged against: the configured product's until the API names the product the line makes. */
  private spec: SpecLimits;
  private product: string | null = null;
  private readonly window = new SeriesWindow();
  private chart: TimeChart | null = null;
  private mode: Mode = null;
  /** The risk model's view of this series; undefined until the breakdown has loaded (or is known to be missing). */
  private risk: RiskSeries | null | undefined = undefined;
  /** Phase I's progress as the limits route answered it, until a breakdown says more. */
  private pendingBaseline: LiveSpc['baseline'] = null;
  /** The version of the limits the user re-established: an older breakdown still showing it is out of date. */
  private supersededVersion = 0;
  /** The monitor's subgroup length, as last reported with limits (it does not change with a new Phase I). ms */
  private subgroupMs: number | null = null;
  /** The risk model's window of this series; undefined until the page knows whether there is one. */
  private riskWindow: RiskWindow | null | undefined = undefined;
  private openAlerts: Alert[] = [];
  private from = 0;
  private busy: Promise<void> | null = null;
  private destroyed = false;
  private readonly digits: number;
  private readonly titleId: string;

  constructor(
    private readonly series: SeriesCardSpec,
    private readonly ctx: AppContext,
    private windowMs: number,
  ) {
    this.spec = series.spec;
    this.specLine.textContent = specText(this.spec, series.unit, null);
    this.digits = digitsOf(series.characteristic);
    this.titleId = `series-${series.line}-${series.characteristic}`.replace(/[^A-Za-z0-9_-]/g, '_');
    this.element = h(
      'article',
      {
        class: 'series-card',
        tabindex: '-1',
        id: `card-${series.line}-${series.characteristic}`.replace(/[^A-Za-z0-9_-]/g, '_'),
        'data-series': `${series.line}/${series.characteristic}`,
        'data-state': 'loading',
        'aria-busy': 'true',
        'aria-labelledby': this.titleId,
      },
      h('header', { class: 'series-head' }, h('div', null, h('h3', { id: this.titleId }, characteristicLabel(series.characteristic), h('span', { class: 'unit' }, ` ${series.unit}`)), this.specLine)),
      this.state,
      this.summary,
      h('div', { class: 'chart-block' }, h('h4', null, 'Readings and subgroup means'), this.chartSlot, this.chartNote),
      this.limitsInfo,
      h('div', { class: 'series-bottom' }, this.capabilitySlot, this.histogramSlot),
    );
    this.summary.textContent = 'Loading measurements…';
    this.drawState();
    this.drawLimitsInfo();
  }

  /** Loads the whole window again (first load, another window, retry). */
  load(): Promise<void> {
    return this.exclusive(async () => {
      this.from = Date.now() - this.windowMs;
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

  /** The risk model's view of this series (diagnosis, live limits), or null when it has none. */
  setRisk(risk: RiskSeries | null): void {
    const spc = risk?.spc;
    if (spc?.limits && spc.limits.version <= this.supersededVersion) {
      // Assessed before the re-establishment reached the monitor: its limits are no longer in force.
      this.risk = { ...risk!, spc: { ...spc, limits: null, baseline: this.pendingBaseline } };
    } else {
      this.risk = risk;
      if (spc?.limits || spc?.baseline) this.pendingBaseline = null;
    }
    this.drawState();
    this.drawLimitsInfo();
    if (this.mode === 'raw') this.drawRaw();
  }

  /** The risk model's assessment of this series' window (its capability figures), or null when it has none. */
  setRiskWindow(window: RiskWindow | null): void {
    this.riskWindow = window;
    if (this.mode !== null) this.drawCapability(this.mode === 'raw' ? this.window.values : null);
  }

  /** The series' open episodes (normally at most one). */
  setAlerts(open: Alert[]): void {
    this.openAlerts = open;
    this.drawState();
  }

  /** Scrolls to the card and marks it for a moment (a finding or an episode drilled down to it). */
  highlight(): void {
    this.element.scrollIntoView({ block: 'start' });
    this.element.classList.add('is-target');
    this.element.focus({ preventScroll: true });
  }

  destroy(): void {
    this.destroyed = true;
    this.chart?.destroy();
  }

  private get spc(): LiveSpc | null {
    return this.risk?.spc ?? null;
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
    const path = `${this.seriesPath()}?from=${Math.floor(from)}`;
    try {
      const answer = await this.ctx.api.get<SeriesAnswer>(path);
      if (this.destroyed) return null;
      this.takeProduct(answer);
      return answer;
    } catch (err) {
      if (!this.destroyed) this.showError(err);
      return null;
    }
  }

  /** A line changes product: the answer names the product made now, and its limits take over the card's. */
  private takeProduct(answer: SeriesAnswer): void {
    if (answer.product === undefined || (answer.product === this.product && this.product !== null)) return;
    this.product = answer.product;
    this.spec = answer.spec;
    this.specLine.textContent = specText(this.spec, this.series.unit, this.product);
  }

  private seriesPath(): string {
    const { enterprise, line, characteristic } = this.series;
    return `/api/series/${encodeURIComponent(enterprise)}/${encodeURIComponent(line)}/${encodeURIComponent(characteristic)}`;
  }

  private drawRaw(): void {
    const started = performance.now();
    const limits = this.spc?.limits ?? null;
    if (limits) this.subgroupMs = limits.subgroupMs;
    const data = liveChartData(this.window, this.spec, limits, this.subgroupMs);
    this.setMode('raw');
    const zones = limits ? { centre: limits.mean, sigma: limits.sdReadings } : null;
    this.chart!.setData([data.x, data.readings, data.means, data.outOfSpec, data.meanBeyond], this.lines(true), this.digits, zones);
    this.chartNote.textContent = limits
      ? `Subgroup means of ${formatDuration(limits.subgroupMs)}, as the live monitor charts them; UCL and LCL (mean ± 3 sd of the means) apply to the means, the spec limits and the shaded sigma zones to single readings.`
      : this.subgroupMs !== null
        ? `Subgroup means of ${formatDuration(this.subgroupMs)}; UCL, LCL and the sigma zones return when the live monitor locks its new limits. The spec limits apply to single readings.`
        : 'Readings and, once the live monitor has locked its limits, their subgroup means with UCL and LCL; the spec limits apply to single readings.';
    this.drawCapability(this.window.values);
    const hist = histogramBins(this.window.values, [this.spec.lsl, this.spec.usl]);
    fill(this.histogramSlot, hist ? histogramChart(hist, { ...this.spec, mean: meanOf(this.window.values), digits: this.digits, unit: this.series.unit }) : histogramEmpty());
    const c = data.counts;
    const means = c.subgroups > 0 ? ` (${formatCount(c.subgroups)} subgroup means${c.meansBeyond > 0 ? `, ${formatCount(c.meansBeyond)} outside UCL/LCL` : ''})` : '';
    this.summary.textContent =
      c.n === 0
        ? `No measurements in the last ${windowText(this.windowMs)}: a silent gateway is a risk too.`
        : `${formatCount(c.n)} readings in the last ${windowText(this.windowMs)}${means} · ${formatCount(c.outOfSpec)} out of spec`;
    this.settle(c.n === 0 ? 'empty' : 'ready');
    performance.measure('linewatch:series-render', { start: started, end: performance.now(), detail: { points: c.n } });
  }

  private drawDownsampled(answer: DownsampledAnswer): void {
    this.setMode('downsampled');
    const half = answer.bucketMs / 2;
    const b = answer.buckets;
    this.chart!.setData([b.map((k) => (k.start + half) / 1000), b.map((k) => k.mean), b.map((k) => k.max), b.map((k) => k.min)], this.lines(false), this.digits);
    this.chartNote.textContent = 'Subgroup means, control limits and the histogram need the individual readings: choose a shorter window.';
    this.drawCapability(null);
    fill(this.histogramSlot);
    this.summary.textContent = `${formatCount(answer.count)} readings in the last ${windowText(this.windowMs)}, shown as ${formatCount(b.length)} averages with their min–max band`;
    this.settle(answer.count === 0 ? 'empty' : 'ready');
  }

  /** The risk model's figures; without them, those of the points in view (`values`, null when downsampled). */
  private drawCapability(values: readonly number[] | null): void {
    if (this.riskWindow === undefined) {
      fill(this.capabilitySlot, h('p', { class: 'empty small' }, 'Capability: waiting for the risk model…'));
      return;
    }
    const figures = capabilityOfRisk(this.riskWindow) ?? (values ? capabilityOfValues(values, this.spec) : null);
    const empty = values ? 'Capability needs at least two points.' : 'Capability from the points in view needs a shorter window.';
    fill(this.capabilitySlot, capabilityTable(figures, this.series.unit, this.digits, empty));
  }

  private setMode(mode: Exclude<Mode, null>): void {
    if (this.mode === mode) return;
    this.chart?.destroy();
    const label = `${characteristicLabel(this.series.characteristic)} on ${this.series.line}`;
    this.chart =
      mode === 'raw'
        ? new TimeChart(this.chartSlot, {
            label: `Readings and subgroup means of ${label}, with the control limits of the means, the sigma zones of the readings and the spec limits`,
            height: 200,
            series: [
              { label: 'Reading', color: CHART_COLORS.reading, width: 1 },
              { label: 'Subgroup mean', color: CHART_COLORS.value, width: 1.75 },
              { label: 'Out of spec', color: CHART_COLORS.flagged, marks: true, markSize: 5 },
              { label: 'Mean beyond UCL/LCL', color: CHART_COLORS.control, marks: true, markSize: 7 },
            ],
          })
        : new TimeChart(this.chartSlot, {
            label: `Averages of ${label} with their min–max band and spec limits`,
            height: 200,
            series: [
              { label: 'Mean', color: CHART_COLORS.value },
              { label: 'Max', color: CHART_COLORS.valueBand },
              { label: 'Min', color: CHART_COLORS.valueBand },
            ],
            bands: [[2, 3]],
          });
    this.mode = mode;
  }

  private lines(control: boolean): LimitLine[] {
    const { lsl, usl, nominal } = this.spec;
    const out: LimitLine[] = [];
    if (lsl !== null) out.push(line('LSL', lsl, CHART_COLORS.spec, [], 2, 'left'));
    if (usl !== null) out.push(line('USL', usl, CHART_COLORS.spec, [], 2, 'left'));
    if (nominal !== null) out.push(line('Nominal', nominal, CHART_COLORS.nominal, [1, 3], 1, 'left'));
    const limits = this.spc?.limits;
    if (control && limits) {
      out.push(line('UCL', limits.ucl, CHART_COLORS.control, [5, 4], 1.25, 'right'));
      out.push(line('CL', limits.mean, CHART_COLORS.centre, [2, 3], 1.25, 'right'));
      out.push(line('LCL', limits.lcl, CHART_COLORS.control, [5, 4], 1.25, 'right'));
    }
    return out;
  }

  /** The one state line: the open episode, else the risk diagnosis, else in control. */
  private drawState(): void {
    const open = this.openAlerts.reduce<Alert | null>((w, a) => (!w || levelRank(a.severity) > levelRank(w.severity) ? a : w), null);
    const diagnosis = this.risk?.diagnosis ?? null;
    let attention: Level | null = null;
    if (open) {
      attention = open.severity;
      this.state.dataset.source = 'episode';
      fill(
        this.state,
        levelBadge(open.severity),
        h(
          'span',
          { class: 'state-words' },
          ` ${capitalise(ruleNamesText(open))} · ${durationText(open, Date.now())}${open.status === 'acknowledged' ? ` · acknowledged by ${open.acknowledged?.by ?? '?'}` : ''}`,
        ),
        ' ',
        h('a', { href: `#/alerts?${new URLSearchParams({ status: 'open', enterprise: this.series.enterprise, line: this.series.line }).toString()}`, class: 'state-link' }, 'episode →'),
      );
    } else if (diagnosis && diagnosis !== 'in control') {
      const level = DIAGNOSIS_LEVEL[diagnosis] ?? 'medium';
      attention = level === 'low' ? null : level;
      this.state.dataset.source = 'risk';
      fill(this.state, toneBadge(level, capitalise(diagnosis)), this.risk?.summary ? h('span', { class: 'state-words' }, ` ${this.risk.summary}`) : null);
    } else if (this.risk !== undefined || !this.ctx.session.features.riskApi) {
      this.state.dataset.source = 'none';
      fill(this.state, h('span', { class: 'badge level-ok' }, h('span', { class: 'badge-shape', 'aria-hidden': 'true' }, '✓'), 'In control'), h('span', { class: 'state-words' }, ' no open episode'));
    } else {
      this.state.dataset.source = 'pending';
      fill(this.state, h('span', { class: 'state-words muted' }, 'No open episode; waiting for the risk model…'));
    }
    if (attention) this.element.dataset.attention = attention;
    else delete this.element.dataset.attention;
  }

  /** The limits in force (version, reason, date) and their history, or Phase I's progress; and the button to start again. */
  private drawLimitsInfo(): void {
    const spc = this.spc;
    const parts: Array<HTMLElement | string | null> = [];
    if (!this.ctx.session.features.riskApi) {
      parts.push(h('p', { class: 'muted' }, 'Control limits come from the live monitor, which this server does not report.'));
    } else if (this.risk === undefined) {
      parts.push(h('p', { class: 'muted' }, 'Loading the limits in force…'));
    } else if (!spc) {
      parts.push(h('p', { class: 'muted' }, 'The live monitor has not reported on this series yet.'));
    } else if (spc.limits) {
      const l = spc.limits;
      const d = this.digits;
      parts.push(
        h(
          'p',
          { class: 'limits-current', 'data-limits-version': l.version },
          h('strong', null, `Limits v${l.version}`),
          ` · ${REASONS[l.reason] ?? l.reason} · locked ${formatDateTime(l.lockedAt)} · mean ${formatValue(l.mean, d)}, UCL ${formatValue(l.ucl, d)}, LCL ${formatValue(l.lcl, d)} (subgroup means), σ readings ${formatValue(l.sdReadings, d + 1)}`,
        ),
      );
      const earlier = spc.history.filter((v) => v.version !== l.version);
      if (earlier.length > 0)
        parts.push(h('p', { class: 'limits-history muted' }, `Earlier: ${earlier.map((v) => `v${v.version} ${REASONS[v.reason] ?? v.reason}, locked ${formatDateTime(v.lockedAt)}`).join(' · ')}`));
    }
    const baseline = spc && !spc.limits ? (spc.baseline ?? this.pendingBaseline) : this.pendingBaseline;
    if (baseline) {
      const bar = h('progress', { class: 'phase-progress', max: baseline.needed, value: Math.min(baseline.subgroups, baseline.needed) });
      parts.push(
        h(
          'p',
          { class: 'phase-one', 'data-phase-one': `${baseline.subgroups}/${baseline.needed}` },
          `Establishing limits: ${formatCount(baseline.subgroups)} of ${formatCount(baseline.needed)} subgroups `,
          bar,
          baseline.refused > 0
            ? h('span', { class: 'muted' }, ` · ${formatCount(baseline.refused)} window${baseline.refused === 1 ? '' : 's'} refused${baseline.lastRefusal ? `: ${baseline.lastRefusal}` : ''}`)
            : null,
        ),
      );
      if (spc?.history.length && !spc.limits)
        parts.push(
          h(
            'p',
            { class: 'limits-history muted' },
            `Until then no chart signals (out of spec is still reported). Earlier: ${spc.history.map((v) => `v${v.version} locked ${formatDateTime(v.lockedAt)}`).join(' · ')}`,
          ),
        );
    }
    if (this.ctx.session.features.limits && spc?.limits) {
      parts.push(h('button', { type: 'button', class: 'button small', 'data-reestablish': '', onclick: () => this.confirmReestablish() }, 'Re-establish limits…'));
    }
    fill(this.limitsInfo, ...parts);
  }

  private confirmReestablish(): void {
    const name = `${characteristicLabel(this.series.characteristic)} on ${this.series.line}`;
    const error = h('p', { class: 'form-error', role: 'alert' });
    const confirm = h('button', { type: 'submit', class: 'button primary', value: 'confirm' }, 'Re-establish limits');
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    const dialog = h(
      'dialog',
      { class: 'confirm-dialog', 'aria-labelledby': `${this.titleId}-confirm` },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: `${this.titleId}-confirm` }, `Re-establish the control limits of ${name}?`),
        h(
          'p',
          null,
          'The live monitor starts a new Phase I: its charts stop signalling until enough subgroups of the new level are collected and the new limits lock. Product out of spec is still reported meanwhile. ',
          'Do this when the process was changed on purpose and its new level is the normal one (a new die, a new compound).',
        ),
        error,
        h('div', { class: 'form-buttons' }, confirm, cancel),
      ),
    );
    const close = () => {
      dialog.close();
      dialog.remove();
    };
    cancel.addEventListener('click', close);
    dialog.addEventListener('cancel', () => dialog.remove());
    dialog.querySelector('form')!.addEventListener('submit', (event) => {
      event.preventDefault();
      confirm.disabled = true;
      error.textContent = '';
      this.ctx.api
        .post<{ baseline: LiveSpc['baseline'] }>(`${this.seriesPath()}/limits`, {})
        .then(({ baseline }) => {
          close();
          this.pendingBaseline = baseline ?? { subgroups: 0, needed: 0, refused: 0, lastRefusal: null };
          // The limits in force are gone until Phase I locks new ones.
          if (this.risk?.spc) {
            this.supersededVersion = Math.max(this.supersededVersion, this.risk.spc.limits?.version ?? 0);
            this.risk = { ...this.risk, spc: { ...this.risk.spc, limits: null, baseline: this.pendingBaseline } };
          }
          this.drawLimitsInfo();
          if (this.mode === 'raw') this.drawRaw();
          announce(`Control limits of ${name} are being re-established.`);
        })
        .catch((err: unknown) => {
          confirm.disabled = false;
          error.textContent = err instanceof ApiError ? err.message : 'The request failed; try again.';
        });
    });
    this.element.append(dialog);
    dialog.showModal();
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

export function windowText(ms: number): string {
  return ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}
