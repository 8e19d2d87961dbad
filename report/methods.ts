/**
 * What each figure of the monthly report is and over what data: one text per
 * figure, carried in the JSON (`methods`) and printed on the page, so the
 * evidence and its explanation never drift apart.
 */
import type { RiskOptions } from '../risk/options.js';
import { HOLD_MS } from './risk-trend.js';
import type { ReportPeriod } from './report-types.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function reportMethods(period: ReportPeriod, previous: ReportPeriod, risk: RiskOptions): Record<string, string> {
  const range = `from ${iso(period.from)} (inclusive) to ${iso(period.to)} (exclusive), UTC`;
  const l = risk.levels;
  return {
    period: `The month ${period.month}: every stored measurement and event with a time ${range}. Measurement times are the gauges' sample times; event times are the server's.`,
    n: 'Samples stored for the line and characteristic in the month (after validation; rejected readings are not stored and not counted).',
    mean: "Arithmetic mean of every stored sample of the month, in the characteristic's unit.",
    sd: 'Sample standard deviation (n - 1 divisor) of every stored sample of the month: the overall sigma, which includes any shift or drift between times.',
    minMax: 'Smallest and largest stored sample of the month. "Beyond spec observed" means at least one of them lies beyond a limit, so at least one sample was out of specification.',
    spec: "Specification limits as configured for the product the configuration gives the line (LSL minimum, USL maximum, nominal); the same limits are applied to the previous month. The month's figures (mean, sd, Pp, Ppk, expected ppm) are over every sample of the month against these limits: where the line made other products too (see the products made), they mix those products and are not that product's capability: the capability per product gives each product's own. The live charts and the live risk model judge each product against its own limits and keep its capability apart.",
    byProduct:
      "Where a line made more than its configured product in the month: per product, the samples of the spans it was made in (from the products made), pooled (n, mean, sample sd, min, max), with Pp, Ppk and expected ppm against that product's own configured limits. A product the configuration no longer lists has no limits, so no indices.",
    products:
      "The products each line made in the month, with their spans, from the changeovers its gateway reported (stored as product.changed at the sample time of the first reading of the new product). The product at the month's start is the one of the last changeover before it; a line with no changeover on record is shown with its configured product, for the whole month.",
    ppPpk: `Pp = (USL - LSL) / (6 sd); Ppk = min(mean - LSL, USL - mean) / (3 sd), using the one limit there is for a one-sided specification. Computed from the month's mean and sd. A Ppk below ${risk.capableIndex} is flagged as not capable.`,
    sigmaWithin:
      'Not reported, and so neither Cp nor Cpk: sigma within is the mean moving range of consecutive samples / 1.128, which needs the raw sequence of samples; a month summary has only n, mean and the overall sd, and a month of a 10 Hz gauge is too large for one raw read. Ppk is the conservative index (at most Cpk when the process wanders). The live risk model reports Cpk over its rolling window.',
    expectedPpm:
      "Expected nonconforming parts per million if the month's values followed a normal distribution N(mean, sd^2): 1e6 x P(X < LSL) + 1e6 x P(X > USL). A model figure, not a count of defective product.",
    daysWithData: `UTC days of the month (of ${period.days}) on which at least one sample of the series was stored. Fewer days mean a silent gauge or gateway, or a line that did not run.`,
    monthOverMonth: `Change from ${previous.month} (${iso(previous.from)} to ${iso(previous.to)}): this month's mean less the previous month's, and this month's Ppk less the previous month's, both against today's limits. Empty when either month has no value.`,
    alerts:
      "Alert episodes raised in the month (by the time they were raised). An episode is one series' trouble, from its first signal until it is resolved: every rule that fires while it is open counts on it, not as an alert of its own. So an episode counts once in the total and once under each rule that fired on it (the rule counts add up to more than the total when episodes carry several rules). Severity is the highest the episode reached by the month's end; \"escalated\" counts those whose severity rose after they were raised. What became of them by the month's end: acknowledged by a person; resolved by a person (with a cause and a corrective action) or by themselves (back in control for the auto-resolve time, even if a person gave the cause afterwards); still open. Figures are those known at the month's end: later events are not read.",
    alertRules:
      "outOfSpec: product beyond a specification limit (high; critical when a stretch lasts longer than a glitch). shewhart: a subgroup mean beyond its control limits (high). cusumLarge: a large sustained shift (high). cusumSmall, ewma: a small sustained shift or drift (medium). riskLevel: the enterprise's risk level changed (high; an episode of the enterprise, on no line). Episodes stored before the episode model (one alert per series and rule) count as episodes of their one rule.",
    timeToAcknowledge:
      "Median time from an episode being raised to a person acknowledging it, over the month's episodes acknowledged before its end; to resolve: to a person resolving it, over those a person resolved; to resolve by themselves: to the automatic resolution, over those that resolved by themselves (this includes the quiet time the monitor waits before it resolves an episode). Empty when no episode qualifies.",
    earlierEpisodesActedOn: "Episodes raised before the month that a person acknowledged or resolved during it (not counted in the month's episodes, nor in its causes).",
    causes:
      "Pareto of causes: the episodes raised in the month by the cause a person gave them from the configured catalogue (the one given when resolving, else the one given when acknowledging), as known at the month's end, most frequent first. Share is of the episodes that have a cause; cumulative is the running total down the bars. Episodes with no cause (still open, or resolved by themselves and never given one) are counted apart as unassigned. Per characteristic, over all the enterprise's lines.",
    riskScore: `The enterprise risk score (0-100) of the live risk model: mostly its worst series, weighted by how safety-critical the characteristic is, plus a part for how widespread the trouble is (risk/README.md). Levels: low below ${l.medium}, medium ${l.medium}-${l.high}, high ${l.high}-${l.critical}, critical ${l.critical} and above.`,
    riskTrend: `From the assessments stored in the month (one every 5 minutes and at every level or class change): the first, the last (its level is the level at the month's end), the highest, and the mean. The mean is weighted by time: each assessment holds until the next, at most ${HOLD_MS / 60_000} minutes, so periods without assessments (service stopped) are left out; "covered hours" is the time so held.`,
    supervisionClass:
      "Registered class: as configured (A inspected yearly, B half-yearly, C quarterly). Suggested class: the risk model's suggestion at the month's last assessment, from a smoothed score with a hysteresis margin. Regulators decide; the suggestion is advice.",
    nextInspection:
      'The configured last inspection plus the interval of the suggested class (or of the registered class when the month has no assessment). "Due" means on or before the date the report was generated.',
    ranking: 'Enterprises ordered by the time-weighted mean risk score of the month, highest first; ties by the end-of-month score. Enterprises without a stored assessment in the month come last.',
    lowestPpk: 'The line characteristics with the lowest Ppk of the month across the report, lowest first: the ones closest to producing out-of-spec product.',
    capabilityTrend:
      "Ppk of each series in each calendar month (UTC) of the last 12 up to the report's, computed as the month's own Ppk (overall sd, the configured product's limits; a month in which the line made other products mixes them, as the month's figure does), so its last point is the Ppk of the capability table. Monthly points over a year show whether capability holds, drifts or recovers across seasons, material lots and maintenance, which one month's weeks cannot. The trend starts at the series' first month with data in the window; a month without data or spread is a gap. The dashed line is the capability threshold; points below it are drawn as open squares, above it as filled dots.",
    reels:
      'Reels started in the month, from their stored quality records (one per reel, written as it is wound and final when it ends). A reel is nonconforming when any reading of any characteristic was out of spec while it was wound; insufficient data when a characteristic had too few readings or no limits; else conforming. Only final records count in the verdicts; reels still being wound are counted apart. By line: each nonconforming reel once, share of the nonconforming reels. By characteristic: a reel counts once under each characteristic that was out of spec on it, so the counts can add up to more than the nonconforming reels; shares are of these nonconformities.',
    completeness: 'The figures are read from the time-series store as it was when the report was generated. A month still under way covers data up to the generation time only.',
  };
}
