/**
 * A factory gateway's connectivity and clock, as seen by the simulator.
 *
 * Gauges keep measuring while the gateway is offline: the readings are
 * produced as usual and wait in the gateway's outbox. So the model does not
 * drop readings; it says when the gateway can deliver (availability windows),
 * and the publisher that drives it holds back what falls in an outage and
 * sends the backlog when the next window opens. That is exactly what a
 * backlog catch-up test needs: known outages, known amounts of buffered data.
 *
 * Times are ms since the start of the simulation, like the line models.
 */
import { SeededRandom } from './random.js';

/** A planned or injected outage: offline over [startMs, startMs + durationMs). */
export interface Outage {
  readonly startMs: number;
  readonly durationMs: number;
}

/**
 * Random short outages: arrivals form a Poisson process of `outagesPerHour`
 * (counted over the time the gateway is up), each lasting a uniform
 * [minDurationMs, maxDurationMs]. A flaky mobile link or a loose cable.
 */
export interface FlakyConnectivity {
  readonly outagesPerHour: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  /** When the flakiness begins (default 0). */
  readonly fromMs?: number;
}

export interface GatewaySpec {
  readonly outages?: readonly Outage[];
  readonly flaky?: FlakyConnectivity;
  /** How far the gateway's clock is ahead of true time (negative: behind), in ms; it stamps readings with it. */
  readonly clockSkewMs?: number;
}

/** A time interval [startMs, endMs). */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

const MS_PER_HOUR = 3_600_000;

export class GatewayModel {
  readonly clockSkewMs: number;
  private readonly scheduled: Interval[];
  private readonly flaky: FlakyConnectivity | null;
  private readonly rng: SeededRandom;
  // Random outages generated so far, in order and never overlapping each
  // other; extended on demand, always from where generation stopped, so the
  // outages do not depend on which times were asked about first.
  private readonly randomOutages: Interval[] = [];
  private generatedUntil: number;

  constructor(spec: GatewaySpec, seed: number) {
    this.clockSkewMs = spec.clockSkewMs ?? 0;
    if (!Number.isFinite(this.clockSkewMs)) throw new RangeError(`clockSkewMs must be a finite number, got ${spec.clockSkewMs}`);
    for (const o of spec.outages ?? []) {
      if (!(o.startMs >= 0 && o.durationMs >= 0 && Number.isFinite(o.startMs + o.durationMs))) {
        throw new RangeError(`an outage needs startMs >= 0 and durationMs >= 0, got ${JSON.stringify(o)}`);
      }
    }
    this.scheduled = merge((spec.outages ?? []).filter((o) => o.durationMs > 0).map((o) => ({ startMs: o.startMs, endMs: o.startMs + o.durationMs })));
    const f = spec.flaky;
    if (f !== undefined) {
      const ok = f.outagesPerHour >= 0 && Number.isFinite(f.outagesPerHour) && f.minDurationMs >= 0 && f.maxDurationMs >= f.minDurationMs && Number.isFinite(f.maxDurationMs) && (f.fromMs ?? 0) >= 0;
      if (!ok) throw new RangeError(`flaky connectivity needs outagesPerHour >= 0 and 0 <= minDurationMs <= maxDurationMs, got ${JSON.stringify(f)}`);
    }
    this.flaky = f !== undefined && f.outagesPerHour > 0 ? f : null;
    this.generatedUntil = this.flaky?.fromMs ?? 0;
    this.rng = new SeededRandom(seed);
  }

  /** Whether the gateway can deliver at time t. */
  isOnline(t: number): boolean {
    return !covers(this.scheduled, t) && !covers(this.random(t + 1), t);
  }

  /** The outages overlapping [fromMs, toMs), merged and clipped to it, in order. */
  offline(fromMs: number, toMs: number): Interval[] {
    const overlapping = [...this.scheduled, ...this.random(toMs)].filter((o) => o.endMs > fromMs && o.startMs < toMs);
    return merge(overlapping).map((o) => ({ startMs: Math.max(o.startMs, fromMs), endMs: Math.min(o.endMs, toMs) }));
  }

  /** The availability windows within [fromMs, toMs): when the gateway is online, in order. */
  onlineWindows(fromMs: number, toMs: number): Interval[] {
    const windows: Interval[] = [];
    let t = fromMs;
    for (const o of this.offline(fromMs, toMs)) {
      if (o.startMs > t) windows.push({ startMs: t, endMs: o.startMs });
      t = o.endMs;
    }
    if (t < toMs) windows.push({ startMs: t, endMs: toMs });
    return windows;
  }

  /** Random outages generated at least up to time t (those starting before t are all there). */
  private random(t: number): readonly Interval[] {
    const f = this.flaky;
    if (f === null) return this.randomOutages;
    const meanGapMs = MS_PER_HOUR / f.outagesPerHour;
    while (this.generatedUntil < t) {
      // Exponential gap from the end of the previous outage: a Poisson
      // process over up-time, and outages that never overlap.
      // Whole milliseconds, like the readings' timestamps.
      const start = Math.round(this.generatedUntil - meanGapMs * Math.log(1 - this.rng.uniform()));
      const end = Math.max(start + 1, Math.round(start + f.minDurationMs + (f.maxDurationMs - f.minDurationMs) * this.rng.uniform()));
      this.randomOutages.push({ startMs: start, endMs: end });
      this.generatedUntil = end;
    }
    return this.randomOutages;
  }
}

/** Whether t falls in one of the sorted, non-overlapping intervals (binary search). */
function covers(intervals: readonly Interval[], t: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const o = intervals[mid];
    if (t < o.startMs) hi = mid - 1;
    else if (t >= o.endMs) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Sorts intervals and merges those that overlap or touch. */
function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const o of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && o.startMs <= last.endMs) out[out.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, o.endMs) };
    else out.push({ startMs: o.startMs, endMs: o.endMs });
  }
  return out;
}
