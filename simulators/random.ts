/** Standard normals from any uniform source, by the Marsaglia polar method (pairs, one kept spare). */
export abstract class NormalSource {
  private spareNormal: number | null = null;

  /** Uniform on [0, 1). */
  abstract uniform(): number;

  /** Standard normal. */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }
}

/**
 * A small seeded random source, so simulated lines and randomised tests are
 * reproducible from their seed. mulberry32 is fast and passes the usual
 * statistical batteries well enough for simulation (not for security).
 */
export class SeededRandom extends NormalSource {
  private state: number;

  constructor(seed: number) {
    super();
    this.state = seed >>> 0;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }
}
