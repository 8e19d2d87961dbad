/** The live alert engine: pure, synchronous, sample time only (monitor/README.md). */
export * from './alert.js';
export * from './causes.js';
export { designLiveCharts, type LiveChartDesign, type LiveDesign } from './design.js';
export { AlertActionError, EpisodeBook, matches, paretoOf, seriesKey, type BulkResult, type EpisodeFilter, type Pareto, type ParetoBar, type SignalDetail } from './episode-book.js';
export type { BaselineProgress, LimitsReason, LockedLimits } from './limits.js';
export { LIVE_SIGNAL, liveSignalNames } from './live-charts.js';
export { baselineSubgroups, budgetArl, designArl, DEFAULT_LIVE_OPTIONS, LIVE_CHARTS, LiveOptionsError, resolveLiveOptions, type LiveChartName, type LiveMonitorOptions } from './options.js';
export { LiveConfig, type LiveConfigInput } from './live-config.js';
export { SeriesWatch, type SeriesWatchState, type SpecLimits } from './series-watch.js';
