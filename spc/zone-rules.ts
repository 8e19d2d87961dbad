import { SIGNAL } from './signals.js';

/** Number of set bits in a byte: the rules' windows are at most 8 wide. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, m) => {
  let c = 0;
  for (let b = m; b !== 0; b >>= 1) c += b & 1;
  return c;
});

export interface ZoneRulesState {
  above1: number;
  below1: number;
  above2: number;
  below2: number;
  above0: number;
  below0: number;
}

/**
 * Western Electric rules 1-4 on individuals, against a known mu0 and sigma0.
 *
 * Each window is a bit mask of the last few samples (newest in bit 0) that
 * fell in a zone, so a sample costs a few shifts and a table look-up. Bits
 * for samples before the first are zero, which is exactly the convention that
 * a partial window at the start of a series counts ("2 of the first 2").
 * Every comparison is strict (docs/spc-conventions.md: beyond means > or <).
 */
export class ZoneRules {
  private readonly mu0: number;
  private readonly sigma1: number;
  private readonly sigma2: number;
  private readonly sigma3: number;
  private s: ZoneRulesState = { above1: 0, below1: 0, above2: 0, below2: 0, above0: 0, below0: 0 };

  constructor(mu0: number, sigma0: number) {
    this.mu0 = mu0;
    this.sigma1 = sigma0;
    this.sigma2 = 2 * sigma0;
    this.sigma3 = 3 * sigma0;
  }

  /** Takes the next sample; returns the rule1..rule4 flags that signal at it. */
  update(x: number): number {
    const d = x - this.mu0;
    const s = this.s;
    // Windows: rule2 looks at 3 samples, rule3 at 5, rule4 at 8.
    s.above2 = ((s.above2 << 1) | (d > this.sigma2 ? 1 : 0)) & 0b111;
    s.below2 = ((s.below2 << 1) | (d < -this.sigma2 ? 1 : 0)) & 0b111;
    s.above1 = ((s.above1 << 1) | (d > this.sigma1 ? 1 : 0)) & 0b11111;
    s.below1 = ((s.below1 << 1) | (d < -this.sigma1 ? 1 : 0)) & 0b11111;
    s.above0 = ((s.above0 << 1) | (d > 0 ? 1 : 0)) & 0xff;
    s.below0 = ((s.below0 << 1) | (d < 0 ? 1 : 0)) & 0xff;

    let mask = 0;
    if (Math.abs(d) > this.sigma3) mask |= SIGNAL.rule1;
    if (POPCOUNT[s.above2] >= 2 || POPCOUNT[s.below2] >= 2) mask |= SIGNAL.rule2;
    if (POPCOUNT[s.above1] >= 4 || POPCOUNT[s.below1] >= 4) mask |= SIGNAL.rule3;
    if (s.above0 === 0xff || s.below0 === 0xff) mask |= SIGNAL.rule4;
    return mask;
  }

  snapshot(): ZoneRulesState {
    return { ...this.s };
  }

  restore(state: ZoneRulesState): void {
    this.s = { ...state };
  }
}
