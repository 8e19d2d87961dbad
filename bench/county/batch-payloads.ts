/**
 * The JSON of a gateway's measurement batches, written by the protocol's
 * encoder from pieces prepared once: per series a point encoder with the
 * series written in, and per characteristic a pool of in-control readings
 * already formatted. Only
 * the sequence number, the timestamps and the choice of readings change from
 * batch to batch, so a thousand gateways cost the load process little.
 */
import { encodeBatchEnvelope, seriesPointEncoder } from '../../protocol/measurement-batch.js';
import { SeededRandom } from '../../simulators/random.js';
import { BENCH_CHARACTERISTICS, BENCH_NOMINAL } from '../pipeline/bench-config.js';
import { lineId } from './county-config.js';

/** Readings per pool: drawn at random per point, so no two series repeat in step. */
const POOL_SIZE = 4096;
/**
 * Relative standard deviation of the in-control readings: 0.5%, which puts
 * the nearest specification limit of every characteristic 4.8 sigma or more
 * away (conductor diameter 1.38 against its 1.347 minimum), so about one
 * reading in a million is out of specification, as on a line a county would
 * class A or B. At 1% the diameter's minimum was 2.4 sigma away: 1% of its
 * readings out of specification, some 250 alert events a second over the
 * county, a county of failing makers rather than the one the target is for.
 */
export const READING_RSD = 0.005;

export type Characteristic = (typeof BENCH_CHARACTERISTICS)[number];

/** A reading that replaces the in-control one (a step shift), or undefined. */
export type ReadingOverride = (line: number, characteristic: number, ts: number) => number | undefined;

const pools: string[][] = BENCH_CHARACTERISTICS.map((c, i) => {
  const rng = new SeededRandom(1000 + i);
  return Array.from({ length: POOL_SIZE }, () => (BENCH_NOMINAL[c] * (1 + READING_RSD * rng.normal())).toFixed(5));
});

export class BatchPayloads {
  /** Per series (line-major), its point encoder. */
  private readonly points: Array<(ts: number, valueJson: string) => string> = [];
  private readonly charOf: number[] = [];
  private readonly lineOf: number[] = [];
  private state: number;

  constructor(
    readonly lines: number,
    seed: number,
  ) {
    for (let l = 0; l < lines; l++) {
      BENCH_CHARACTERISTICS.forEach((c, ci) => {
        this.points.push(seriesPointEncoder(lineId(l), c));
        this.charOf.push(ci);
        this.lineOf.push(l);
      });
    }
    this.state = (seed * 2654435761) >>> 0 || 1;
  }

  get pointsPerReading(): number {
    return this.points.length;
  }

  /** The batch `{"v":1,"seq":..,"points":[..]}` with every series' reading at each timestamp. */
  encode(seq: number, timestamps: readonly number[], override?: ReadingOverride): string {
    let json = '[';
    let first = true;
    for (const ts of timestamps) {
      for (let s = 0; s < this.points.length; s++) {
        const replaced = override?.(this.lineOf[s], this.charOf[s], ts);
        const value = replaced !== undefined ? JSON.stringify(replaced) : pools[this.charOf[s]][this.next() & (POOL_SIZE - 1)];
        json += `${first ? '' : ','}${this.points[s](ts, value)}`;
        first = false;
      }
    }
    return encodeBatchEnvelope(seq, `${json}]`);
  }

  /** xorshift32: a pool index per point for the price of three shifts. */
  private next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}

export function nominalOf(characteristic: number): number {
  return BENCH_NOMINAL[BENCH_CHARACTERISTICS[characteristic]];
}

export function characteristicName(characteristic: number): Characteristic {
  return BENCH_CHARACTERISTICS[characteristic];
}
