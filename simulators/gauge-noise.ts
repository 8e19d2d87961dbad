import { NormalSource } from './random.js';

/**
 * The noise of a gauge read at 10 Hz, as the live monitor's statistics are
 * designed for (monitor/README.md): AR(1) autocorrelation with a given lag-1
 * coefficient phi (0 for independent readings), with normal or Student-t
 * innovations (heavy tails), scaled so that the readings themselves have
 * standard deviation `sigma`. The first reading is drawn from the stationary
 * distribution, so there is no start-up transient.
 */
export interface GaugeNoiseSpec {
  readonly sigma: number;
  /** Lag-1 autocorrelation of consecutive readings, in (-1, 1). */
  readonly phi: number;
  /** Degrees of freedom of Student-t innovations (above 2), or null for normal. */
  readonly tDof: number | null;
  readonly seed: number;
}

export class GaugeNoise {
  private readonly rng: Xoshiro128;
  private readonly innovationSd: number;
  private previous: number;

  constructor(readonly spec: GaugeNoiseSpec) {
    if (!(spec.phi > -1 && spec.phi < 1)) throw new RangeError(`phi must be in (-1, 1), got ${spec.phi}`);
    if (spec.tDof !== null && !(Number.isInteger(spec.tDof) && spec.tDof > 2)) throw new RangeError(`tDof must be a whole number above 2 (a finite sd), got ${spec.tDof}`);
    this.rng = new Xoshiro128(spec.seed);
    // Var(x) = Var(e) / (1 - phi^2), so innovations of sd sigma sqrt(1 - phi^2) give readings of sd sigma.
    this.innovationSd = spec.sigma * Math.sqrt(1 - spec.phi * spec.phi);
    this.previous = spec.sigma * this.standardInnovation();
  }

  /** The next noise value (add it to the process level). */
  next(): number {
    const x = this.spec.phi * this.previous + this.innovationSd * this.standardInnovation();
    this.previous = x;
    return x;
  }

  /** An innovation of mean 0 and sd 1: normal, or Student t scaled to unit variance. */
  private standardInnovation(): number {
    const z = this.rng.normal();
    const nu = this.spec.tDof;
    if (nu === null) return z;
    // t = z / sqrt(chi2_nu / nu), Var(t) = nu / (nu - 2). nu is small (5): sum nu squared normals.
    let chi2 = 0;
    for (let i = 0; i < nu; i++) {
      const g = this.rng.normal();
      chi2 += g * g;
    }
    return (z / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
  }
}

/**
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32: 128 bits of
 * state, so the trials' thousands of series, each drawing tens of millions
 * of numbers, never overlap the way streams of a 32-bit generator seeded
 * with nearby values can.
 */
class Xoshiro128 extends NormalSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    super();
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  private uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  uniform(): number {
    return this.uint32() / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
