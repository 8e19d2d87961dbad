/**
 * The limits a series is monitored against once Phase I is locked: the
 * in-control level and spread of its subgroup means, the AR(1) coefficient
 * that whitens them, and where they came from. Each locking is a new
 * version; older versions are kept with the series so a chart can always
 * say which limits applied when.
 */
export type LimitsReason = 'initial' | 'request' | 'product-change';

export interface LockedLimits {
  /** 1 for the first limits of a series, then one more at each re-establishment. */
  readonly version: number;
  readonly reason: LimitsReason;
  /** Sample time of the first and the last subgroup of the Phase I behind them. ms */
  readonly fromTs: number;
  readonly lockedAtTs: number;
  /** Subgroups in that Phase I. */
  readonly subgroups: number;
  /** The product the line made, when known (a changeover re-establishes the limits). */
  readonly product: string | null;
  /** mu0: mean of the readings (and of the subgroup means). Data units. */
  readonly mean: number;
  /** Standard deviation of the readings themselves (for people: "sigma"). Data units. */
  readonly sdReadings: number;
  /** Short-term sigma of the readings, mean moving range / 1.128 (the risk model compares its window's with it). Data units. */
  readonly sigmaWithin: number;
  /** Standard deviation of the subgroup means, autocorrelation within them included. Data units. */
  readonly sdMean: number;
  /** Lag-1 autocorrelation of consecutive subgroup means: the AR(1) coefficient of the residual chart. */
  readonly phi: number;
  /** Standard deviation of the AR(1) residuals of the subgroup means: the charts' sigma. Data units. */
  readonly sdResidual: number;
  /** Mean readings per subgroup in Phase I. */
  readonly readingsPerSubgroup: number;
}

/** What a series reports about its Phase I while no limits are locked. */
export interface BaselineProgress {
  /** Subgroups collected toward the current attempt. */
  readonly subgroups: number;
  readonly needed: number;
  /** Attempts refused by the stability check so far, and why the last one was. */
  readonly refused: number;
  readonly lastRefusal: string | null;
}
