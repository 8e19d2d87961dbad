/**
 * Trials of the live monitor on simulated gauges (monitor/README.md): how
 * often an in-control series raises an episode, per week of sample time, and
 * how long a step or a drift takes to raise one. Every reading goes through
 * SeriesWatch, exactly as in the analytics service and `linewatch monitor`.
 */
import { EpisodeBook, SeriesWatch, type AlertEvent, type LiveMonitorOptions } from '../../monitor/index.js';
import { GaugeNoise } from '../../simulators/gauge-noise.js';

export interface NoiseModel {
  readonly name: string;
  readonly phi: number;
  readonly tDof: number | null;
}

export const NOISE_MODELS: readonly NoiseModel[] = Object.freeze([
  { name: 'normal, independent', phi: 0, tDof: null },
  { name: 'normal, AR(1) phi 0.5', phi: 0.5, tDof: null },
  { name: 'normal, AR(1) phi 0.8', phi: 0.8, tDof: null },
  { name: 't(5), independent', phi: 0, tDof: 5 },
  { name: 't(5), AR(1) phi 0.5', phi: 0.5, tDof: 5 },
]);

const RATE_HZ = 10;
const STEP_MS = 1000 / RATE_HZ;
const WEEK_MS = 7 * 24 * 3_600_000;
const START = Date.UTC(2026, 0, 1);
const SERIES = { enterprise: 'sim', line: 'L1', characteristic: 'insulation_thickness' };

export interface FalseAlarmResult {
  readonly model: string;
  readonly series: number;
  /** Monitored sample time (after each Phase I), weeks. */
  readonly weeks: number;
  readonly episodes: number;
  readonly perWeek: number;
  readonly readings: number;
}

/** In-control series of `hours` each: episodes raised after Phase I, per week of monitored time. */
export function falseAlarmTrial(options: LiveMonitorOptions, model: NoiseModel, series: number, hours: number, seed: number): FalseAlarmResult {
  let episodes = 0;
  let monitoredMs = 0;
  const n = Math.round((hours * 3_600_000) / STEP_MS);
  const events: AlertEvent[] = [];
  for (let s = 0; s < series; s++) {
    const noise = new GaugeNoise({ sigma: 0.02, phi: model.phi, tDof: model.tDof, seed: seed + s * 7919 });
    const book = new EpisodeBook();
    const watch = new SeriesWatch(SERIES, { lsl: null, usl: null }, options);
    let lockedAt = NaN;
    for (let i = 0; i < n; i++) {
      const ts = START + i * STEP_MS;
      watch.push(ts, 0.8 + noise.next(), book, ts, events);
      if (events.length > 0) {
        for (const e of events) if (e.kind === 'raised') episodes += 1;
        events.length = 0;
      }
      if (Number.isNaN(lockedAt) && watch.limits !== null) lockedAt = ts;
    }
    if (!Number.isNaN(lockedAt)) monitoredMs += START + n * STEP_MS - lockedAt;
  }
  const weeks = monitoredMs / WEEK_MS;
  return { model: model.name, series, weeks, episodes, perWeek: episodes / weeks, readings: n * series };
}

export interface DelayResult {
  readonly model: string;
  readonly shift: string;
  readonly trials: number;
  /** Median and 90th percentile delay from the change to the episode, s; null when under half were found. */
  readonly median: number | null;
  readonly p90: number | null;
  /** Trials with no episode within the horizon, and trials with a false episode still open at the change. */
  readonly missed: number;
  readonly openBefore: number;
}

export interface Change {
  readonly name: string;
  /** The level's offset from the in-control mean, in sigma of the readings, `t` ms after the change starts. */
  readonly offsetSigma: (t: number) => number;
}

/** Steps of `size` sigma, and drifts of `perHour` sigma an hour. */
export const step = (size: number): Change => ({ name: `step ${size} sigma`, offsetSigma: () => size });
export const drift = (perHour: number): Change => ({ name: `drift ${perHour} sigma/h`, offsetSigma: (t) => (perHour * t) / 3_600_000 });

/** A change as plain data, for trials run in worker threads (a function cannot be posted to one). */
export interface ChangeSpec {
  readonly kind: 'step' | 'drift';
  /** Sigma (a step) or sigma an hour (a drift). */
  readonly size: number;
}

export function changeOf(spec: ChangeSpec): Change {
  return spec.kind === 'step' ? step(spec.size) : drift(spec.size);
}

/** Detection delays: each trial runs Phase I, a random in-control stretch, then the change until an episode or `horizonMs`. */
export function delayTrial(options: LiveMonitorOptions, model: NoiseModel, change: Change, trials: number, seed: number, horizonMs = 30 * 60_000): DelayResult {
  const delays: number[] = [];
  let missed = 0;
  let openBefore = 0;
  const events: AlertEvent[] = [];
  const sigma = 0.02;
  for (let t = 0; t < trials; t++) {
    const noise = new GaugeNoise({ sigma, phi: model.phi, tDof: model.tDof, seed: seed + t * 104729 });
    const book = new EpisodeBook();
    const watch = new SeriesWatch(SERIES, { lsl: null, usl: null }, options);
    // The change starts at a random time within a second, 5 to 10 minutes after the limits lock.
    const jitter = (noise.next() * 1e6) % 1;
    let i = 0;
    let ts = START;
    while (watch.limits === null) {
      ts = START + i++ * STEP_MS;
      watch.push(ts, 0.8 + noise.next(), book, ts, events);
    }
    const changeAt = ts + 5 * 60_000 + Math.abs(jitter) * 5 * 60_000;
    let found = -1;
    let openAtChange = false;
    for (;;) {
      ts = START + i++ * STEP_MS;
      if (ts > changeAt + horizonMs) break;
      const offset = ts >= changeAt ? change.offsetSigma(ts - changeAt) * sigma : 0;
      if (!openAtChange && ts >= changeAt && book.openFor(SERIES)) openAtChange = true;
      events.length = 0;
      watch.push(ts, 0.8 + offset + noise.next(), book, ts, events);
      const raised = events.find((e) => e.kind === 'raised' && e.alert.firstSampleTs >= changeAt);
      if (raised) {
        found = raised.alert.firstSampleTs - changeAt;
        break;
      }
    }
    if (openAtChange) openBefore += 1;
    if (found < 0) missed += 1;
    else delays.push(found / 1000);
  }
  delays.sort((a, b) => a - b);
  const q = (p: number): number | null => (delays.length >= trials / 2 ? delays[Math.min(delays.length - 1, Math.floor(p * trials))] : null);
  return { model: model.name, shift: change.name, trials, median: q(0.5), p90: q(0.9), missed, openBefore };
}
