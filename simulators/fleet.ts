/**
 * A running fleet: every series of a plan as a line model on its own clock,
 * behind one generator call built for throughput.
 *
 *   const fleet = new Fleet(planFleet({ seed: 7, enterprises: 1050 }));
 *   fleet.tick(100, (series, ts, value) => { ... fleet.series[series].enterprise ... });
 *
 * `tick(t, emit)` emits every reading due at or before t (ms since the start)
 * that has not been emitted yet. The callback gets the series' index into the
 * `series` table (ids, spec, gateway), the timestamp the gateway stamps, and
 * the value: three primitives, no object per reading. Each series draws from
 * its own seeded stream, so its readings are the same whatever the tick size
 * or the other series; within one tick a series' readings come in time order,
 * series after series, so a caller that wants readings across series in time
 * order ticks at least once per period (every 100 ms at 10 Hz).
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import { GatewayModel } from './gateway-model.js';
import { LineModel } from './line-model.js';
import { validateFleetPlan, type FleetPlan } from './fleet-plan.js';
import type { SpecLimits } from './products.js';
import { deriveSeed } from './seed.js';

/** Receives one reading: series index, timestamp (ms since 1970 UTC, as stamped by the gateway), value (null: no value). */
export type Emit = (series: number, ts: number, value: number | null) => void;

export interface SeriesInfo {
  readonly index: number;
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: CharacteristicName;
  /** `enterprise/line/characteristic`, as `linewatch analyze --series` takes it. */
  readonly key: string;
  readonly product: string;
  readonly spec: SpecLimits;
  readonly rateHz: number;
  /** Index into `gateways` of the gateway that carries this series. */
  readonly gateway: number;
}

export interface GatewayInfo {
  readonly index: number;
  readonly id: string;
  readonly enterprise: string;
  readonly model: GatewayModel;
}

export class Fleet {
  readonly plan: FleetPlan;
  readonly series: readonly SeriesInfo[];
  readonly gateways: readonly GatewayInfo[];
  private readonly models: LineModel[];
  // Per-series clocks in flat arrays: the next reading's time, its number,
  // the first reading's offset within a period and the period itself (ms),
  // and what turns a simulation time into a gateway timestamp.
  private readonly due: Float64Array;
  private readonly count: Float64Array;
  private readonly phase: Float64Array;
  private readonly periodMs: Float64Array;
  private readonly stamp: Float64Array;
  private lastTick = -Infinity;

  constructor(plan: FleetPlan) {
    validateFleetPlan(plan);
    this.plan = plan;
    const series: SeriesInfo[] = [];
    const gateways: GatewayInfo[] = [];
    const models: LineModel[] = [];
    for (const e of plan.enterprises) {
      const first = gateways.length;
      gateways.push(Object.freeze({ index: first, id: e.gateway.id, enterprise: e.id, model: new GatewayModel(e.gateway, deriveSeed(plan.seed, `gateway/${e.id}`)) }));
      // Further gateways get streams of their own; the first keeps the seed
      // it always had, so fleets with one gateway each replay unchanged.
      for (const g of e.moreGateways ?? []) {
        gateways.push(Object.freeze({ index: gateways.length, id: g.id, enterprise: e.id, model: new GatewayModel(g, deriveSeed(plan.seed, `gateway/${e.id}/${g.id}`)) }));
      }
      for (const line of e.lines) {
        const gateway = line.gateway === undefined ? first : gateways.findIndex((g, i) => i >= first && g.id === line.gateway);
        for (const s of line.series) {
          const key = `${e.id}/${line.id}/${s.characteristic}`;
          series.push(Object.freeze({ index: series.length, enterprise: e.id, line: line.id, characteristic: s.characteristic, key, product: line.product, spec: s.spec, rateHz: s.rateHz, gateway }));
          models.push(new LineModel(s.model, deriveSeed(plan.seed, key)));
        }
      }
    }
    this.series = Object.freeze(series);
    this.gateways = Object.freeze(gateways);
    this.models = models;
    const n = series.length;
    this.due = new Float64Array(n);
    this.count = new Float64Array(n);
    this.phase = new Float64Array(n);
    this.periodMs = new Float64Array(n);
    this.stamp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = series[i];
      const period = 1000 / s.rateHz;
      // Gauges are not synchronised: each series starts at its own offset
      // within the first period, so a tick's readings do not all share one ms.
      const phase = Math.floor((deriveSeed(plan.seed, `phase/${s.key}`) / 4294967296) * period);
      this.phase[i] = phase;
      this.periodMs[i] = period;
      this.due[i] = phase;
      // Whole ms: the protocol's timestamps are integers.
      this.stamp[i] = Math.round(plan.startEpochMs + gateways[s.gateway].model.clockSkewMs);
    }
  }

  /** Simulation time of the last tick (ms since the start), -Infinity before the first. */
  get now(): number {
    return this.lastTick;
  }

  /** Index of a series in `series`, or -1. */
  indexOf(enterprise: string, line: string, characteristic: string): number {
    const key = `${enterprise}/${line}/${characteristic}`;
    return this.series.findIndex((s) => s.key === key);
  }

  /** Emits every reading due at or before tMs not emitted yet; returns how many. t must not go back. */
  tick(tMs: number, emit: Emit): number {
    if (tMs < this.lastTick) throw new RangeError(`tick(${tMs}) after tick(${this.lastTick}): time must not go back`);
    this.lastTick = tMs;
    const { models, due, count, phase, periodMs, stamp } = this;
    let emitted = 0;
    for (let i = 0; i < models.length; i++) {
      let t = due[i];
      if (t > tMs) continue;
      const model = models[i];
      const at = stamp[i];
      let k = count[i];
      do {
        emit(i, at + t, model.next(t));
        emitted++;
        k++;
        // From the count, not by adding periods: no rounding drift at rates
        // whose period is not a whole number of ms.
        t = phase[i] + Math.round(k * periodMs[i]);
      } while (t <= tMs);
      count[i] = k;
      due[i] = t;
    }
    return emitted;
  }
}
