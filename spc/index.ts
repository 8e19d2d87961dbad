/** The SPC engine: pure, synchronous, no clock, socket or database inside. */
export { analyzeSeries, type AnalysisInput } from './analyze.js';
export { estimateBaseline, type Baseline } from './baseline.js';
export { capabilityIndices, expectedPpm, type CapabilityIndices, type ExpectedPpm, type SpecLimits } from './capability.js';
export { subgroupConstants, D2_MOVING_RANGE, MIN_SUBGROUP_SIZE, MAX_SUBGROUP_SIZE } from './constants.js';
export { normalCdf, normalPdf, normalQuantile, normalUpperTail } from './normal.js';
export { DEFAULT_SPC_OPTIONS, resolveSpcOptions, SpcOptionsError, type SpcOptions } from './options.js';
export type { AnalysisReport, RejectedRow } from './report.js';
export { RunningStats } from './running-stats.js';
export { SeriesMonitor, type SeriesMonitorState } from './series-monitor.js';
export { SIGNAL, SIGNAL_NAMES, signalNames, type SignalName } from './signals.js';
export { analyzeSubgroups, type SubgroupAnalysis } from './subgroups.js';
