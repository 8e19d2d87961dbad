/**
 * The reels being wound, per (enterprise, line), and their quality records
 * as they grow. Fed the reel marks and every newly stored reading in sample
 * time (a batch's marks before its readings, so a reading belongs to the reel
 * whose span holds its sample time, whatever batch it came in); hands out the
 * records that need writing. Pure: no clock (sample time paces the progress
 * writes), no I/O.
 *
 * A line keeps its open reel and a few reels closed last, so a late reading
 * inside a closed reel's span is still counted in and that reel's final
 * record is written again (lateReadings + 1).
 */
import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../../domain/characteristics.js';
import { ReelAccumulator, type ReelSpecLimits } from './reel-accumulator.js';
import type { ReelMark } from './reel-mark.js';
import { DEFAULT_REEL_VERDICT_OPTIONS, reelVerdict, type ReelRecord, type ReelVerdictOptions } from './reel-record.js';

/** A product's spec limits for a characteristic, or null when the product sets none for it. */
export type ReelSpecLookup = (product: string, characteristic: CharacteristicName) => ReelSpecLimits | null;

export interface ReelTrackerOptions {
  /** An open reel's record is handed out again at most once per this much sample time (ms). */
  readonly progressEveryMs: number;
  /** Closed reels kept per line for late readings. */
  readonly closedKept: number;
  readonly verdict: ReelVerdictOptions;
}

export const DEFAULT_REEL_TRACKER_OPTIONS: ReelTrackerOptions = Object.freeze({ progressEveryMs: 60_000, closedKept: 4, verdict: DEFAULT_REEL_VERDICT_OPTIONS });

const CHARACTERISTIC_ORDER = new Map(CHARACTERISTIC_NAMES.map((name, i) => [name, i] as const));

/** One reel being wound or recently closed. */
class Reel {
  readonly byCharacteristic = new Map<CharacteristicName, ReelAccumulator>();
  endedAt: number | null = null;
  endedBy: 'end' | 'next-start' | null = null;
  endM: number | null = null;
  lateReadings = 0;
  /** Whether its final record has been handed out: a reading after that is late. */
  finalIssued = false;
  /** Sample time of the newest reading, and of the newest when its record was last handed out (progress pacing). */
  newestTs = Number.NEGATIVE_INFINITY;
  issuedAtTs: number | null = null;

  constructor(
    readonly enterprise: string,
    readonly line: string,
    readonly reel: string,
    readonly product: string | null,
    readonly startedAt: number,
    readonly startM: number | null,
  ) {}

  holds(ts: number): boolean {
    return ts >= this.startedAt && (this.endedAt === null || ts < this.endedAt);
  }
}

interface LineReels {
  open: Reel | null;
  /** Oldest first, at most `closedKept`. */
  readonly closed: Reel[];
}

export class ReelTracker {
  readonly options: ReelTrackerOptions;
  private readonly lines = new Map<string, LineReels>();
  /** Reels whose record changed since it was last handed out. */
  private readonly changed = new Set<Reel>();
  /** Late readings counted in so far (metrics). */
  lateReadings = 0;

  constructor(
    private readonly specOf: ReelSpecLookup,
    options: Partial<ReelTrackerOptions> = {},
  ) {
    this.options = { ...DEFAULT_REEL_TRACKER_OPTIONS, ...options };
  }

  /**
   * Applies a start or end mark. `lineProduct`: the product the line makes
   * now, for a start that names none. Returns null, or why the mark was not
   * applied (for the dead letter): nothing is invented for an end of a reel
   * that is not the open one.
   */
  mark(enterprise: string, mark: ReelMark, lineProduct: string | null = null): string | null {
    const line = this.lineOf(enterprise, mark.line);
    const open = line.open;
    const at = new Date(mark.ts).toISOString();
    if (mark.event === 'start') {
      if (open?.reel === mark.reel && open.startedAt === mark.ts) return null; // the same start again (a resent batch)
      if (line.closed.some((r) => r.reel === mark.reel && r.startedAt === mark.ts)) return null;
      if (open !== null) {
        if (mark.ts < open.startedAt) return `reel ${mark.reel} started on line ${mark.line} at ${at}, before ${open.reel} which is open since ${iso(open.startedAt)}`;
        this.close(line, open, mark.ts, 'next-start', mark.metres ?? null);
      }
      const reel = new Reel(enterprise, mark.line, mark.reel, mark.product ?? lineProduct, mark.ts, mark.metres ?? null);
      line.open = reel;
      this.changed.add(reel);
      return null;
    }
    if (open?.reel === mark.reel) {
      if (mark.ts < open.startedAt) return `reel ${mark.reel} ended on line ${mark.line} at ${at}, before it started (${iso(open.startedAt)})`;
      this.close(line, open, mark.ts, 'end', mark.metres ?? null);
      return null;
    }
    const closed = line.closed.find((r) => r.reel === mark.reel);
    if (closed !== undefined) {
      if (closed.endedBy === 'end' && closed.endedAt === mark.ts) return null; // the same end again
      return `reel ${mark.reel} ended on line ${mark.line} at ${at} but it had already ended at ${iso(closed.endedAt!)} (${closed.endedBy})`;
    }
    if (open === null) return `reel ${mark.reel} ended on line ${mark.line} at ${at} but no reel is open on the line`;
    return `reel ${mark.reel} ended on line ${mark.line} but ${open.reel} is open`;
  }

  /**
   * Counts in one newly stored reading: into the line's open reel when its
   * sample time is at or after the open reel's start, else into the closed
   * reel whose span holds it (late, once that reel's final record is out).
   * A reading outside every reel known here belongs to none.
   */
  reading(enterprise: string, line: string, characteristic: CharacteristicName, ts: number, value: number, positionM?: number): void {
    const reels = this.lines.get(lineKey(enterprise, line));
    if (reels === undefined) return;
    let reel: Reel | null = null;
    if (reels.open !== null && ts >= reels.open.startedAt) reel = reels.open;
    else {
      for (let i = reels.closed.length - 1; i >= 0; i--) {
        if (reels.closed[i].holds(ts)) {
          reel = reels.closed[i];
          break;
        }
      }
    }
    if (reel === null) return;
    let acc = reel.byCharacteristic.get(characteristic);
    if (acc === undefined) {
      const limits = reel.product === null ? null : this.specOf(reel.product, characteristic);
      acc = new ReelAccumulator(characteristic, limits ?? { lsl: null, usl: null });
      reel.byCharacteristic.set(characteristic, acc);
    }
    acc.add(value, positionM ?? Number.NaN);
    if (ts > reel.newestTs) reel.newestTs = ts;
    if (reel.finalIssued) {
      reel.lateReadings += 1;
      this.lateReadings += 1;
    }
    this.changed.add(reel);
  }

  /**
   * The records to write now: each new reel's first, each final one, each
   * revised by a late reading, and each open one whose readings have moved
   * on `progressEveryMs` of sample time since it was last handed out;
   * with `everyOpen`, each changed open one whatever its pace (at stop).
   */
  takeChanged(everyOpen = false): ReelRecord[] {
    const out: ReelRecord[] = [];
    for (const reel of this.changed) {
      if (!everyOpen && reel.endedAt === null && reel.issuedAtTs !== null && reel.newestTs - reel.issuedAtTs < this.options.progressEveryMs) continue;
      this.changed.delete(reel);
      reel.issuedAtTs = Number.isFinite(reel.newestTs) ? reel.newestTs : reel.startedAt;
      if (reel.endedAt !== null) reel.finalIssued = true;
      out.push(this.recordOf(reel));
    }
    return out;
  }

  /** The live records of the open reels, of one enterprise when given. */
  openRecords(enterprise?: string): ReelRecord[] {
    const out: ReelRecord[] = [];
    for (const reels of this.lines.values()) {
      if (reels.open !== null && (enterprise === undefined || reels.open.enterprise === enterprise)) out.push(this.recordOf(reels.open));
    }
    return out;
  }

  /** How many reels are open now. */
  get openCount(): number {
    let n = 0;
    for (const reels of this.lines.values()) if (reels.open !== null) n++;
    return n;
  }

  /** Records changed but not yet handed out (open ones waiting for their next progress write). */
  get pendingCount(): number {
    return this.changed.size;
  }

  /** The enterprise is tracked elsewhere now (a cluster hand-over) or rebuilt (a take-over). */
  forgetEnterprise(enterprise: string): void {
    const prefix = `${enterprise}/`;
    for (const [key, reels] of this.lines) {
      if (!key.startsWith(prefix)) continue;
      for (const reel of [reels.open, ...reels.closed]) if (reel !== null) this.changed.delete(reel);
      this.lines.delete(key);
    }
  }

  private close(line: LineReels, reel: Reel, at: number, by: 'end' | 'next-start', endM: number | null): void {
    reel.endedAt = at;
    reel.endedBy = by;
    reel.endM = endM;
    line.open = null;
    line.closed.push(reel);
    // The oldest closed reel is let go; a record of it still waiting in `changed` is handed out all the same.
    if (line.closed.length > this.options.closedKept) line.closed.shift();
    this.changed.add(reel);
  }

  private lineOf(enterprise: string, line: string): LineReels {
    const key = lineKey(enterprise, line);
    let reels = this.lines.get(key);
    if (reels === undefined) this.lines.set(key, (reels = { open: null, closed: [] }));
    return reels;
  }

  private recordOf(reel: Reel): ReelRecord {
    const characteristics = [...reel.byCharacteristic.values()]
      .sort((a, b) => CHARACTERISTIC_ORDER.get(a.characteristic)! - CHARACTERISTIC_ORDER.get(b.characteristic)!)
      .map((acc) => acc.result(this.options.verdict));
    return {
      enterprise: reel.enterprise,
      line: reel.line,
      reel: reel.reel,
      product: reel.product,
      startedAt: reel.startedAt,
      endedAt: reel.endedAt,
      endedBy: reel.endedBy,
      startM: reel.startM,
      endM: reel.endM,
      status: reel.endedAt === null ? 'open' : 'final',
      lateReadings: reel.lateReadings,
      characteristics,
      verdict: reelVerdict(characteristics),
    };
  }
}

/** A batch's marks in the order to apply them: by sample time, an end before a start at the same time (a reel ends where the next begins). */
export function marksInOrder<M extends ReelMark>(marks: readonly M[]): M[] {
  return [...marks].sort((a, b) => a.ts - b.ts || (a.event === b.event ? 0 : a.event === 'end' ? -1 : 1));
}

function lineKey(enterprise: string, line: string): string {
  return `${enterprise}/${line}`;
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}
