import { SIGNAL } from './signals.js';

export interface EwmaState {
  /** The EWMA statistic after the last sample. */
  z: number;
  /** (1 - lambda)^(2(i+1)) for the next index i: the exact limits' time factor. */
  decay: number;
}

/**
 * EWMA chart with exact, time-varying limits (docs/spc-conventions.md):
 * Z[i] = lambda x[i] + (1 - lambda) Z[i-1], Z[-1] = mu0, signalling when Z[i]
 * is beyond mu0 +/- L sigma0 sqrt(lambda/(2-lambda) (1-(1-lambda)^(2(i+1)))).
 * The time factor is carried as a running product instead of a pow() per
 * sample; once it is below 1e-18 it can no longer change 1 - factor in double
 * precision, so it is pinned to 0 and the limits are the asymptotic ones.
 */
export class EwmaChart {
  private readonly lambda: number;
  private readonly keep: number;
  private readonly keep2: number;
  private readonly mu0: number;
  /** L sigma0 sqrt(lambda / (2 - lambda)): the asymptotic half-width. */
  private readonly width: number;
  private s: EwmaState;

  constructor(mu0: number, sigma0: number, lambda: number, L: number) {
    this.lambda = lambda;
    this.keep = 1 - lambda;
    this.keep2 = this.keep * this.keep;
    this.mu0 = mu0;
    this.width = L * sigma0 * Math.sqrt(lambda / (2 - lambda));
    this.s = { z: mu0, decay: this.keep2 };
  }

  /** Takes the next sample; returns SIGNAL.ewma when it signals, else 0. */
  update(x: number): number {
    const s = this.s;
    s.z = this.lambda * x + this.keep * s.z;
    const halfWidth = this.width * Math.sqrt(1 - s.decay);
    if (s.decay !== 0) s.decay = s.decay < 1e-18 ? 0 : s.decay * this.keep2;
    return s.z > this.mu0 + halfWidth || s.z < this.mu0 - halfWidth ? SIGNAL.ewma : 0;
  }

  /** The current statistic, for displays and the risk model. */
  get statistic(): number {
    return this.s.z;
  }

  snapshot(): EwmaState {
    return { ...this.s };
  }

  restore(state: EwmaState): void {
    this.s = { ...state };
  }
}
