/**
 * A reel characteristic's statistics recomputed the plain way, from the whole
 * list of readings (two-pass, simple-statistics), to check the streaming
 * record against: nothing here shares code with trace/reels/.
 */
import { max, mean, min, sampleStandardDeviation } from 'simple-statistics';

export interface PlainReading {
  readonly ts: number;
  readonly value: number;
  readonly positionM?: number;
}

export type PlainStatistics = {
  n: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  sd: number | null;
  ppk: number | null;
  outOfSpec: number;
  metresOutOfSpec: number | null;
};

/** The readings of [from, to) (to null: open), in sample-time order, recomputed against lsl/usl. */
export function plainStatistics(readings: readonly PlainReading[], from: number, to: number | null, lsl: number | null, usl: number | null): PlainStatistics {
  const inside = readings.filter((r) => r.ts >= from && (to === null || r.ts < to)).sort((a, b) => a.ts - b.ts);
  const values = inside.map((r) => r.value);
  const n = values.length;
  const m = n > 0 ? mean(values) : null;
  const sd = n >= 2 ? sampleStandardDeviation(values) : null;
  const isOut = (v: number): boolean => (lsl !== null && v < lsl) || (usl !== null && v > usl);
  const distances: number[] = [];
  if (m !== null && sd !== null && sd > 0) {
    if (usl !== null) distances.push(usl - m);
    if (lsl !== null) distances.push(m - lsl);
  }
  const positioned = inside.filter((r) => r.positionM !== undefined);
  let metres: number | null = positioned.length > 0 ? 0 : null;
  for (let i = 1; i < positioned.length; i++) {
    const step = positioned[i].positionM! - positioned[i - 1].positionM!;
    if (isOut(positioned[i].value) && step > 0) metres! += step;
  }
  return {
    n,
    min: n > 0 ? min(values) : null,
    max: n > 0 ? max(values) : null,
    mean: m,
    sd,
    ppk: distances.length > 0 ? Math.min(...distances) / (3 * sd!) : null,
    outOfSpec: values.filter(isOut).length,
    metresOutOfSpec: metres,
  };
}

/** Asserts-friendly: the numeric fields rounded to 9 significant digits (streaming and two-pass sums differ in the last bits). */
export function rounded<T extends Record<string, unknown>>(stats: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stats)) out[k] = typeof v === 'number' ? Number(v.toPrecision(9)) : v;
  return out as T;
}
