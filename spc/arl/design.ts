/**
 * Chart designs whose average run length (ARL) linewatch computes. All are in
 * standardised units: in-control mean 0 and standard deviation 1, with known
 * parameters; a shift is a step change of the mean in standard deviations.
 * The ARL is zero-state (the shift is present from the first sample) and
 * counts the signalling sample.
 */

/** Two-sided EWMA: Z_i = lambda x_i + (1 - lambda) Z_{i-1}, Z_{-1} = 0. */
export interface EwmaDesign {
  readonly chart: 'ewma';
  /** Weight of the newest sample, in (0, 1]. */
  readonly lambda: number;
  /** Limit width in standard deviations of Z (asymptotic or exact). */
  readonly L: number;
  /**
   * 'exact': +/- L sqrt(lambda/(2-lambda) (1-(1-lambda)^(2(i+1)))), the limits
   * a chart run from its first sample uses; 'asymptotic': +/- L sqrt(lambda/(2-lambda)).
   */
  readonly limits: 'exact' | 'asymptotic';
}

/** Tabular CUSUM: C+_i = max(0, x_i - k + C+_{i-1}), C-_i likewise; signal above h. */
export interface CusumDesign {
  readonly chart: 'cusum';
  /** Reference value k, in sigma, at least 0. */
  readonly k: number;
  /** Decision interval h, in sigma, above 0. */
  readonly h: number;
  /** 'two': both C+ and C- (the default); 'upper': C+ alone. */
  readonly sided?: 'two' | 'upper';
}

/** Shewhart individuals chart: signal when |x_i| > L. */
export interface ShewhartDesign {
  readonly chart: 'shewhart';
  /** Limit width in sigma, above 0. */
  readonly L: number;
}

export type ChartDesign = EwmaDesign | CusumDesign | ShewhartDesign;

/** The ARL at one shift. */
export interface ArlPoint {
  /** Mean shift, in sigma. */
  readonly shift: number;
  /** Zero-state average run length, in samples. */
  readonly arl: number;
  /** Quadrature nodes behind the value; 0 for a closed form. */
  readonly nodes: number;
}

/**
 * How precisely to compute. The default (ARL_NUMERICS.relativeTolerance) is
 * for reported values; a design search that solves for h or L over many
 * evaluations needs far fewer digits (1e-6 is a millionth of an ARL).
 */
export interface ArlPrecision {
  readonly relativeTolerance?: number;
}
