/**
 * The probe's step shifts: while measuring, every `everyMs` the next probe
 * series (round robin, so each rests long between two shifts) reads
 * SHIFT_SIGMA sigmas high for SHIFT_READINGS readings, then in control again.
 * Such a step raises a rule 1 alert (and CUSUM, EWMA, maybe out of spec) on
 * its first shifted reading; the latency is from the publish of the batch
 * carrying that reading to the first 'raised' event whose first sample is it.
 */
import { characteristicName, nominalOf, READING_RSD, type ReadingOverride } from './batch-payloads.js';
import type { ProbeFigures } from './probe-figures.js';

/** How far the step goes, in sigmas of the in-control readings: far past every chart's limit. */
export const SHIFT_SIGMA = 6.5;
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
}

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
  private readonly latencies: number[] = [];
  private shifts = 0;
  private missed = 0;
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
      return Number((nominalOf(characteristic) * (1 + SHIFT_SIGMA * READING_RSD)).toFixed(5));
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

  /** An alert was raised: the latency of the shift it answers, if any. */
  raised(series: SeriesAddress, firstSampleTs: number, at: number): void {
    const i = this.waiting.findIndex(
      (s) => s.enterprise === series.enterprise && this.lineName(s.line) === series.line && characteristicName(s.characteristic) === series.characteristic && s.shiftedTs[0] === firstSampleTs,
    );
    if (i < 0) return;
    const [shift] = this.waiting.splice(i, 1);
    this.latencies.push(at - shift.publishedAt!);
  }

  figures(): ProbeFigures {
    const now = performance.now();
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (now - this.waiting[i].publishedAt! > PATIENCE_MS) {
        this.waiting.splice(i, 1);
        this.missed += 1;
      }
    }
    return { shifts: this.shifts, latenciesMs: [...this.latencies], missed: this.missed };
  }

  /** The next series (skipping one whose enterprise is still mid-shift) starts a step at its next reading. */
  private arm(): void {
    for (let tries = 0; tries < this.series.length; tries++) {
      const s = this.series[this.next];
      this.next = (this.next + 1) % this.series.length;
      if (this.active.has(s.enterprise)) continue;
      const shift: Shift = { ...s, shiftedTs: [], publishedAt: null };
      this.active.set(s.enterprise, shift);
      this.started.push(shift);
      return;
    }
  }
}
