/**
 * The probe's step shifts: while measuring, every `everyMs` the next probe
 * series (round robin, so each rests long between two shifts) reads
 * SHIFT_SIGMA sigmas past its specification limit for SHIFT_READINGS
 * readings, then in control again. The signal timed is the one that is
 * armed from the first reading whatever the charts' Phase I: out of
 * specification (the county configuration locks the charts in the warm-up,
 * so they are evaluated too and may raise their own alert on the same
 * shift; only the out-of-specification one is timed). It is complete
 * with the first shifted reading, so the latency runs from the publish of
 * the batch carrying that reading to the first 'raised' event whose first
 * sample is it, timed twice: as it arrives on the MQTT alerts topic, and as
 * the dashboard passes it to the regulator's socket.
 */
import { BENCH_PRODUCT } from '../pipeline/bench-config.js';
import { characteristicName, nominalOf, READING_RSD, type ReadingOverride } from './batch-payloads.js';
import type { AlertChannel, ChannelFigures, ProbeFigures } from './probe-figures.js';

/** How far past the specification limit the step goes, in sigmas of the in-control readings. */
export const SHIFT_SIGMA = 3;
/** How many readings it lasts. */
export const SHIFT_READINGS = 3;
/** Longest wait for a shift's alert before it counts as missed, ms. */
export const PATIENCE_MS = 5000;

interface Shift {
  readonly enterprise: string;
  readonly line: number;
  readonly characteristic: number;
  /** Timestamps of the shifted readings, once taken. */
  readonly shiftedTs: number[];
  publishedAt: number | null;
  /** When its alert arrived on each channel. */
  readonly arrived: Partial<Record<AlertChannel, number>>;
}

const CHANNELS: readonly AlertChannel[] = ['mqtt', 'socket'];

export interface SeriesAddress {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
}

export class StepShifts {
  private readonly series: Array<{ enterprise: string; line: number; characteristic: number }> = [];
  private next = 0;
  /** Per enterprise, the shift being applied to one of its series, if any. */
  private readonly active = new Map<string, Shift>();
  /** Shifts armed and not yet published. */
  private readonly started: Shift[] = [];
  /** Shifts published and waiting for their alert. */
  private readonly waiting: Shift[] = [];
  private readonly channels: Record<AlertChannel, { latenciesMs: number[]; missed: number }> = { mqtt: { latenciesMs: [], missed: 0 }, socket: { latenciesMs: [], missed: 0 } };
  /** Per shift seen on both channels: socket arrival minus MQTT arrival, ms (the dashboard's hop, give or take the two subscribers' delivery order). */
  private readonly hopsMs: number[] = [];
  private shifts = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    enterprises: readonly string[],
    lines: number,
    private readonly lineName: (line: number) => string,
  ) {
    // Interleaved across enterprises, so consecutive shifts land on different gateways.
    for (let l = 0; l < lines; l++) for (let c = 0; c < 4; c++) for (const enterprise of enterprises) this.series.push({ enterprise, line: l, characteristic: c });
  }

  measure(on: boolean, everyMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = on ? setInterval(() => this.arm(), everyMs) : null;
  }

  /** The reading override of one enterprise's gateway. */
  overrideFor(enterprise: string): ReadingOverride {
    return (line, characteristic, ts) => {
      const shift = this.active.get(enterprise);
      if (!shift || shift.line !== line || shift.characteristic !== characteristic) return undefined;
      shift.shiftedTs.push(ts);
      if (shift.shiftedTs.length === 1) this.shifts += 1;
      if (shift.shiftedTs.length >= SHIFT_READINGS) this.active.delete(enterprise);
      return shiftedValue(characteristic);
    };
  }

  /** A batch went out: if it carries a shift's first reading, the clock starts. */
  published(enterprise: string, timestamps: readonly number[], at: number): void {
    for (let i = this.started.length - 1; i >= 0; i--) {
      const shift = this.started[i];
      if (shift.enterprise === enterprise && shift.shiftedTs.length > 0 && timestamps.includes(shift.shiftedTs[0])) {
        shift.publishedAt = at;
        this.started.splice(i, 1);
        this.waiting.push(shift);
      }
    }
  }

  /** An alert was raised and arrived on `channel`: the latency of the shift it answers, if any. */
  raised(channel: AlertChannel, series: SeriesAddress, firstSampleTs: number, at: number): void {
    const i = this.waiting.findIndex(
      (s) =>
        s.arrived[channel] === undefined &&
        s.enterprise === series.enterprise &&
        this.lineName(s.line) === series.line &&
        characteristicName(s.characteristic) === series.characteristic &&
        s.shiftedTs[0] === firstSampleTs,
    );
    if (i < 0) return;
    const shift = this.waiting[i];
    shift.arrived[channel] = at;
    this.channels[channel].latenciesMs.push(at - shift.publishedAt!);
    if (shift.arrived.mqtt !== undefined && shift.arrived.socket !== undefined) {
      this.waiting.splice(i, 1);
      this.hopsMs.push(shift.arrived.socket - shift.arrived.mqtt);
    }
  }

  figures(): Omit<ProbeFigures, 'resolveFailures' | 'firstResolveFailure' | 'socketEvents'> {
    const now = performance.now();
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const shift = this.waiting[i];
      if (now - shift.publishedAt! <= PATIENCE_MS) continue;
      this.waiting.splice(i, 1);
      for (const c of CHANNELS) if (shift.arrived[c] === undefined) this.channels[c].missed += 1;
    }
    const copy = (c: AlertChannel): ChannelFigures => ({ latenciesMs: [...this.channels[c].latenciesMs], missed: this.channels[c].missed });
    return { shifts: this.shifts, mqtt: copy('mqtt'), socket: copy('socket'), dashboardHopMs: [...this.hopsMs] };
  }

  /** The next series (skipping one whose enterprise is still mid-shift) starts a step at its next reading. */
  private arm(): void {
    for (let tries = 0; tries < this.series.length; tries++) {
      const s = this.series[this.next];
      this.next = (this.next + 1) % this.series.length;
      if (this.active.has(s.enterprise)) continue;
      const shift: Shift = { ...s, shiftedTs: [], publishedAt: null, arrived: {} };
      this.active.set(s.enterprise, shift);
      this.started.push(shift);
      return;
    }
  }
}

/** A reading SHIFT_SIGMA past the upper specification limit of the characteristic (past the lower one if it has none). */
export function shiftedValue(characteristic: number): number {
  const name = characteristicName(characteristic);
  const spec: { lsl?: number; usl?: number } = BENCH_PRODUCT.characteristics[name];
  const sigma = nominalOf(characteristic) * READING_RSD;
  if (spec.usl !== undefined) return Number((spec.usl + SHIFT_SIGMA * sigma).toFixed(5));
  if (spec.lsl !== undefined) return Number((spec.lsl - SHIFT_SIGMA * sigma).toFixed(5));
  throw new Error(`${name} has no specification limit for the probe to step past`);
}
