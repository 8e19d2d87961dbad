/**
 * Options of the live monitor (monitor/README.md): what is charted on a
 * 10 Hz gauge stream, how long Phase I runs, the false-alarm budget the
 * chart limits are derived from, and when an episode closes itself. All
 * defaults live in one frozen object; options are validated once, then
 * frozen. Any of them can be set per characteristic in the configuration.
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';
import { withDefaults } from '../domain/with-defaults.js';

/** The charts the live monitor can run on the standardised subgroup residuals. */
export const LIVE_CHARTS = Object.freeze(['cusumSmall', 'cusumLarge', 'ewma', 'shewhart'] as const);
export type LiveChartName = (typeof LIVE_CHARTS)[number];

export interface LiveMonitorOptions {
  /** Length of a rational subgroup in sample time. ms */
  readonly subgroupMs: number;
  /** Phase I: how long the baseline collects subgroups before its limits can be locked. minutes */
  readonly baselineMinutes: number;
  /**
   * The false-alarm budget: expected episodes raised on an in-control series,
   * per week of its sample time, by all the charts that run together
   * (out-of-spec product is reported whatever the budget).
   */
  readonly falseAlarmsPerSeriesPerWeek: number;
  /**
   * The share of the budget the charts are designed to spend, in (0, 1].
   * The budget is a ceiling to meet, not a rate to hit: the design's own
   * average is exact only for normal, AR(1)-whitened residuals and a Phase I
   * error of the assumed size, and a rate designed at the budget itself is
   * exceeded by half of all series. At 0.6 the measured rates stay between
   * 0.3 and 0.7 a week for normal, AR(1) and t(5) gauges, at a cost of about
   * 0.4 s in detecting a 1-sigma step (monitor/README.md).
   */
  readonly designShare: number;
  /** The charts that run (signals of one subgroup are listed in the order of LIVE_CHARTS). */
  readonly charts: readonly LiveChartName[];
  /** Reference value k of the small-shift CUSUM, in residual sigma (tuned to shifts of about 2k). */
  readonly cusumSmallK: number;
  /** Reference value k of the large-shift CUSUM, in residual sigma. */
  readonly cusumLargeK: number;
  /** EWMA weight of the newest subgroup (when the EWMA runs). */
  readonly ewmaLambda: number;
  /**
   * Standardised residuals are clipped to +/- this many sigma before they
   * reach the charts with memory: a heavy-tailed gauge (a single wild
   * reading) cannot then move a CUSUM or EWMA by more than this, while a
   * normal process is clipped once in 16,000 subgroups. The Shewhart chart,
   * whose limit is beyond the clip at any usual budget, sees them whole (a
   * shift of several sigma still signals at once).
   */
  readonly clipSigma: number;
  /**
   * Once the limits are locked, each reading enters its subgroup mean
   * winsorised to mu0 +/- this many sigma of the readings: one wild reading
   * of a heavy-tailed gauge then moves the mean by at most that much, while a
   * normal reading is touched once in 370 and a shifted process keeps
   * nearly all its shift (a 2-sigma step loses 4% of it). Spec checks use the
   * raw reading.
   */
  readonly winsorSigma: number;
  /** A subgroup holding fewer than this fraction of the baseline's readings per subgroup is not charted. */
  readonly minSubgroupFill: number;
  /** An open episode resolves itself after this long in sample time with no signal and no out-of-spec reading. minutes */
  readonly autoResolveMinutes: number;
  /** An out-of-spec stretch longer than this makes its episode critical; shorter ones (a glitch) are high. ms */
  readonly outOfSpecCriticalMs: number;
  /** Readings out of spec more than this far apart are separate stretches. ms */
  readonly outOfSpecGapMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveMonitorOptions = Object.freeze({
  subgroupMs: 1000, // 1 s: 10 readings of a 10 Hz gauge
  baselineMinutes: 30, // 1,800 subgroups: sigma to about 2%, see monitor/README.md
  falseAlarmsPerSeriesPerWeek: 1,
  designShare: 0.6,
  charts: Object.freeze(['cusumSmall', 'cusumLarge'] as LiveChartName[]),
  cusumSmallK: 0.4, // best for shifts near 0.8 residual sigma (0.5 reading sigma on AR(1) 0.5 noise)
  cusumLargeK: 0.9, // best for shifts near 1.8 residual sigma (1 reading sigma on AR(1) 0.5 noise)
  ewmaLambda: 0.1,
  clipSigma: 4, // residual sigma
  winsorSigma: 3, // sigma of the readings
  minSubgroupFill: 0.5,
  autoResolveMinutes: 10,
  outOfSpecCriticalMs: 1000,
  outOfSpecGapMs: 1000,
});

export class LiveOptionsError extends LinewatchError<'LW_LIVE_OPTIONS'> {
  constructor(message: string) {
    super('LW_LIVE_OPTIONS', message);
    this.name = 'LiveOptionsError';
  }
}

const WEEK_MS = 7 * 24 * 3_600_000;

/** Fills in defaults and checks every option; the result is frozen. */
export function resolveLiveOptions(overrides: Partial<LiveMonitorOptions> = {}): LiveMonitorOptions {
  const o: LiveMonitorOptions = withDefaults(DEFAULT_LIVE_OPTIONS, overrides);
  const positive = (name: keyof LiveMonitorOptions, max = Infinity): void => {
    const v = o[name] as number;
    if (!(typeof v === 'number' && v > 0 && v <= max)) throw new LiveOptionsError(`${name} must be a number above 0${max < Infinity ? ` and at most ${max}` : ''}, got ${String(v)}`);
  };
  positive('subgroupMs', 3_600_000);
  positive('baselineMinutes', 7 * 24 * 60);
  positive('falseAlarmsPerSeriesPerWeek', 10_000);
  positive('designShare', 1);
  positive('cusumSmallK', 5);
  positive('cusumLargeK', 5);
  positive('ewmaLambda', 1);
  positive('clipSigma', 100);
  positive('winsorSigma', 100);
  positive('autoResolveMinutes', 7 * 24 * 60);
  positive('outOfSpecCriticalMs', 3_600_000);
  positive('outOfSpecGapMs', 3_600_000);
  if (!(o.minSubgroupFill >= 0 && o.minSubgroupFill <= 1)) throw new LiveOptionsError(`minSubgroupFill must be in [0, 1], got ${String(o.minSubgroupFill)}`);
  if (!Array.isArray(o.charts)) throw new LiveOptionsError(`charts must be a list of ${LIVE_CHARTS.join(', ')}`);
  for (const c of o.charts) if (!LIVE_CHARTS.includes(c)) throw new LiveOptionsError(`charts: unknown chart '${String(c)}' (known: ${LIVE_CHARTS.join(', ')})`);
  if (new Set(o.charts).size !== o.charts.length) throw new LiveOptionsError(`charts: '${o.charts.join(', ')}' names a chart twice`);
  // Phase I needs subgroups enough for four quarters of a stability check.
  const held = Math.round((o.baselineMinutes * 60_000) / o.subgroupMs);
  if (held < 40) throw new LiveOptionsError(`baselineMinutes ${o.baselineMinutes} holds ${held} subgroups of ${o.subgroupMs} ms; Phase I needs at least 40`);
  // A budget above one alarm per subgroup cannot be met by any chart.
  if (o.falseAlarmsPerSeriesPerWeek * o.subgroupMs >= WEEK_MS) throw new LiveOptionsError(`falseAlarmsPerSeriesPerWeek ${o.falseAlarmsPerSeriesPerWeek} is at least one per subgroup`);
  return Object.freeze({ ...o, charts: Object.freeze([...o.charts]) });
}

/** Subgroups in Phase I: its minutes in subgroups, rounded up to whole quarters (the stability check compares four). */
export function baselineSubgroups(o: LiveMonitorOptions): number {
  return 4 * Math.ceil(Math.round((o.baselineMinutes * 60_000) / o.subgroupMs) / 4);
}

/** The in-control ARL, in subgroups, that the budget allows all charts together. */
export function budgetArl(o: LiveMonitorOptions): number {
  return WEEK_MS / o.subgroupMs / o.falseAlarmsPerSeriesPerWeek;
}

/** The in-control ARL, in subgroups, the charts are designed for together: the budget's, spent at `designShare`. */
export function designArl(o: LiveMonitorOptions): number {
  return budgetArl(o) / o.designShare;
}
