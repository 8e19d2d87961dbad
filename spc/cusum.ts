import { SIGNAL } from './signals.js';

export interface CusumState {
  upper: number;
  lower: number;
}

/**
 * Tabular two-sided CUSUM in data units (docs/spc-conventions.md):
 * C+[i] = max(0, x[i] - (mu0 + K) + C+[i-1]),
 * C-[i] = max(0, (mu0 - K) - x[i] + C-[i-1]), both from 0, with
 * K = k sigma0 and H = h sigma0; signals when C+ > H or C- > H.
 * There is no reset after a signal: the chart keeps accumulating.
 */
export class CusumChart {
  private readonly upperRef: number;
  private readonly lowerRef: number;
  private readonly decision: number;
  private s: CusumState = { upper: 0, lower: 0 };

  constructor(mu0: number, sigma0: number, k: number, h: number) {
    this.upperRef = mu0 + k * sigma0;
    this.lowerRef = mu0 - k * sigma0;
    this.decision = h * sigma0;
  }

  /** Takes the next sample; returns SIGNAL.cusum when it signals, else 0. */
  update(x: number): number {
    const s = this.s;
    s.upper = Math.max(0, x - this.upperRef + s.upper);
    s.lower = Math.max(0, this.lowerRef - x + s.lower);
    return s.upper > this.decision || s.lower > this.decision ? SIGNAL.cusum : 0;
  }

  get upper(): number {
    return this.s.upper;
  }

  get lower(): number {
    return this.s.lower;
  }

  snapshot(): CusumState {
    return { ...this.s };
  }

  restore(state: CusumState): void {
    this.s = { ...state };
  }
}
