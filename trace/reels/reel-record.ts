/**
 * A reel's quality record: per characteristic the statistics of the readings
 * taken while the reel was wound, and a verdict. Computed in streaming form
 * while the reel is made (`status: 'open'`) and final when it ends. Joined at
 * read time with what the record itself cannot know (calibration, alert
 * episodes, finished-product tests, shipments: trace/trace-view.ts).
 */
import type { CharacteristicName } from '../../domain/characteristics.js';

export type ReelVerdict = 'conforming' | 'nonconforming' | 'insufficient-data';
export const REEL_VERDICTS: readonly ReelVerdict[] = ['conforming', 'nonconforming', 'insufficient-data'];

/** What one characteristic's readings on one reel came to. */
export interface ReelCharacteristic {
  readonly characteristic: CharacteristicName;
  /** Readings with sample time in [startedAt, endedAt). */
  readonly n: number;
  /** null when n = 0. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Sample standard deviation (n - 1); null when n < 2. */
  readonly sd: number | null;
  /** The spec limits of the reel's product, null where the product sets none (or is unknown). */
  readonly lsl: number | null;
  readonly usl: number | null;
  /** min(USL - mean, mean - LSL) / (3 sd) over the limits that exist; null without a limit, or with sd null or 0. */
  readonly ppk: number | null;
  /** Readings below the LSL or above the USL. */
  readonly outOfSpec: number;
  /**
   * Metres of the reel out of spec: the position advanced between a reading
   * and the out-of-spec reading after it (the rule of out-of-spec episodes,
   * monitor/series-watch.ts); null when no reading carried a position.
   */
  readonly metresOutOfSpec: number | null;
  readonly verdict: ReelVerdict;
}

export interface ReelRecord {
  readonly enterprise: string;
  readonly line: string;
  readonly reel: string;
  /** The product made on the reel, or null when neither the mark nor the line said. */
  readonly product: string | null;
  /** Sample time of the start mark, ms UTC. */
  readonly startedAt: number;
  /** Sample time of the end (the end mark, or the next reel's start); null while the reel is open. */
  readonly endedAt: number | null;
  /** How it ended: its end mark, or the start of the next reel on the line without one. */
  readonly endedBy: 'end' | 'next-start' | null;
  /** The length counter at start and end, where read. */
  readonly startM: number | null;
  readonly endM: number | null;
  readonly status: 'open' | 'final';
  /**
   * Readings that arrived after the record was first final (late data inside
   * the reel's span): counted in, and the record written again.
   */
  readonly lateReadings: number;
  readonly characteristics: readonly ReelCharacteristic[];
  readonly verdict: ReelVerdict;
}

export interface ReelVerdictOptions {
  /** Fewer readings than this on a characteristic: insufficient data for it (enough for a standard deviation worth stating). */
  readonly minReadings: number;
}

export const DEFAULT_REEL_VERDICT_OPTIONS: ReelVerdictOptions = Object.freeze({ minReadings: 30 });

/**
 * The verdict of one characteristic: nonconforming with any reading out of
 * spec (one is enough: that stretch of cable is not to standard), else
 * insufficient data with fewer than `minReadings` readings or no limit to
 * judge against, else conforming.
 */
export function characteristicVerdict(c: Pick<ReelCharacteristic, 'n' | 'outOfSpec' | 'lsl' | 'usl'>, options: ReelVerdictOptions): ReelVerdict {
  if (c.outOfSpec > 0) return 'nonconforming';
  if (c.n < options.minReadings || (c.lsl === null && c.usl === null)) return 'insufficient-data';
  return 'conforming';
}

/** The reel's verdict: nonconforming if any characteristic is; else insufficient data if any is, or none was read; else conforming. */
export function reelVerdict(characteristics: readonly Pick<ReelCharacteristic, 'verdict'>[]): ReelVerdict {
  if (characteristics.some((c) => c.verdict === 'nonconforming')) return 'nonconforming';
  if (characteristics.length === 0 || characteristics.some((c) => c.verdict === 'insufficient-data')) return 'insufficient-data';
  return 'conforming';
}
