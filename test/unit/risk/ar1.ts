import { SeededRandom } from '../../../simulators/random.js';

/**
 * A stationary AR(1) process x_t = mu + phi (x_(t-1) - mu) + e_t with
 * marginal sd `sigmaX`, from a seeded generator: the autocorrelated 10 Hz
 * gauge readings the risk model must not mistake for independent ones.
 */
export class Ar1 {
  private readonly rng: SeededRandom;
  private e: number;

  constructor(
    readonly phi: number,
    readonly mu: number,
    readonly sigmaX: number,
    seed: number,
  ) {
    this.rng = new SeededRandom(seed);
    this.e = sigmaX * this.rng.normal();
  }

  /** The next reading (the first is drawn from the stationary distribution). */
  next(): number {
    const x = this.mu + this.e;
    this.e = this.phi * this.e + this.sigmaX * Math.sqrt(1 - this.phi * this.phi) * this.rng.normal();
    return x;
  }

  /**
   * What MRbar / 1.128 estimates: E|x_t - x_(t-1)| / 1.128, with x_t - x_(t-1)
   * normal of sd sigmaX sqrt(2 (1 - phi)). About sigmaX sqrt(1 - phi).
   */
  get sigmaWithin(): number {
    return (this.sigmaX * Math.sqrt(2 * (1 - this.phi)) * Math.sqrt(2 / Math.PI)) / 1.128;
  }
}
