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
import { withDefaults } from '../../domain/with-defaults.js';

/** A product's spec limits for a characteristic, or null when the product sets none for it. */
export type ReelSpecLookup = (product: string, characteristic: CharacteristicName) => ReelSpecLimits | null;

export interface ReelTrackerOptions {
  /** An open reel's record is handed out again at most once per this much sample time (ms). */
  readonly progressEveryMs: number;
  /** Closed reels kept per line for late readings. */
  readonly closedKept: number;
  /**
   * How far behind a line's newest reading its readings and marks wait for
   * a mark that may come behind them (a gateway's send lanes deliver batches
   * out of order), in sample time (ms): what is older is counted, in sample
   * time, as the line's readings move on. So live records lag the line by
   * about this much, and a streaming line never waits for `settle`.
   */
  readonly holdMs: number;
  /**
   * Readings a line holds at most (a burst of one instant); beyond it the
   * older half is counted at once (bounded memory). 0: nothing held, inputs
   * are in order.
   */
  readonly maxHeld: number;
  readonly verdict: ReelVerdictOptions;
}

export const DEFAULT_REEL_TRACKER_OPTIONS: ReelTrackerOptions = Object.freeze({ progressEveryMs: 60_000, closedKept: 4, holdMs: 10_000, maxHeld: 50_000, verdict: DEFAULT_REEL_VERDICT_OPTIONS });

/** Mark problems kept for the caller to take; more are counted only. */
const MAX_PROBLEMS_KEPT = 100;

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
  readonly enterprise: string;
  open: Reel | null;
  /** Oldest first, at most `closedKept`. */
  readonly closed: Reel[];
  /**
   * Readings not yet counted into a reel, in parallel arrays (no object per
   * reading): batches may be ingested out of order, so a reading can come
   * before the mark that starts its reel. Each is counted once the line's
   * readings have moved `holdMs` of sample time past it, or at `settle`.
   */
  readonly heldCharacteristic: CharacteristicName[];
  readonly heldTs: number[];
  readonly heldValue: number[];
  readonly heldPosition: number[];
  /** Marks not yet applied, with the line's product when they came (for a start that names none). */
  readonly heldMarks: { readonly mark: ReelMark; readonly lineProduct: string | null }[];
  /** Oldest sample time held (Infinity: none). */
  heldOldest: number;
  /** Newest sample time the line has read. */
  newestTs: number;
  /** Newest sample time of a live reading (stamped close to its arrival); -Infinity until one came. */
  liveNewestTs: number;
}

export class ReelTracker {
  readonly options: ReelTrackerOptions;
  private readonly lines = new Map<string, LineReels>();
  /** Reels whose record changed since it was last handed out. */
  private readonly changed = new Set<Reel>();
  /** Late readings counted in so far (metrics). */
  lateReadings = 0;
  /** Held marks that could not be applied, with why, until taken (`takeProblems`); bounded. */
  private problems: string[] = [];
  /** Every held mark not applied so far (metrics). */
  markProblems = 0;

  constructor(
    private readonly specOf: ReelSpecLookup,
    options: Partial<ReelTrackerOptions> = {},
  ) {
    this.options = withDefaults(DEFAULT_REEL_TRACKER_OPTIONS, options);
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
   * Takes one newly stored reading. It is held until it is `holdMs` behind
   * the line's newest live reading (or `settle`, or the line holds more than
   * `maxHeld`), then counted in sample time among the held marks: into the line's open reel
   * when its sample time is at or after the open reel's start, else into the
   * closed reel whose span holds it (late, once that reel's final record is
   * out). A reading outside every reel known here belongs to none.
   */
  reading(enterprise: string, line: string, characteristic: CharacteristicName, ts: number, value: number, positionM?: number, live = true): void {
    const reels = this.lineOf(enterprise, line);
    reels.heldCharacteristic.push(characteristic);
    reels.heldTs.push(ts);
    reels.heldValue.push(value);
    reels.heldPosition.push(positionM ?? Number.NaN);
    if (ts < reels.heldOldest) reels.heldOldest = ts;
    if (ts > reels.newestTs) reels.newestTs = ts;
    if (live && ts > reels.liveNewestTs) reels.liveNewestTs = ts;
    const max = this.options.maxHeld;
    // The older half by sample time, so a line's held readings are scanned a bounded number of times each.
    if (reels.heldTs.length > max) this.count(reels, max === 0 ? Number.POSITIVE_INFINITY : reels.heldOldest + (reels.newestTs - reels.heldOldest) / 2);
    // What is older than the hold is counted once twice the hold has built up: each reading is scanned about twice.
    // Only live readings move it: their sample time runs as the clock does, so batches still in flight are
    // within the hold; recorded data replayed fast has no such bound and waits for `settle`.
    else if (reels.liveNewestTs - reels.heldOldest > 2 * this.options.holdMs) this.count(reels, reels.liveNewestTs - this.options.holdMs);
  }

  /**
   * Takes a mark the way `reading` takes a reading: held, and applied in
   * sample time among the held readings (an end before a start at the same
   * time), so batches ingested out of order still put each reading in its
   * reel. A mark that cannot be applied is kept for `takeProblems`.
   */
  holdMark(enterprise: string, mark: ReelMark, lineProduct: string | null = null): void {
    const reels = this.lineOf(enterprise, mark.line);
    reels.heldMarks.push({ mark, lineProduct });
    if (mark.ts < reels.heldOldest) reels.heldOldest = mark.ts;
    if (this.options.maxHeld === 0) this.count(reels, Number.POSITIVE_INFINITY);
  }

  /** The held marks that could not be applied since the last call, each with why. */
  takeProblems(): string[] {
    const out = this.problems;
    this.problems = [];
    return out;
  }

  /** Counts every held reading now: every batch taken so far has had its marks applied (the ingest is idle, or stops). */
  settle(): void {
    for (const reels of this.lines.values()) if (reels.heldTs.length > 0 || reels.heldMarks.length > 0) this.count(reels, Number.POSITIVE_INFINITY);
  }

  /** Readings held, waiting to be counted. */
  get heldCount(): number {
    let n = 0;
    for (const reels of this.lines.values()) n += reels.heldTs.length + reels.heldMarks.length;
    return n;
  }

  /** Applies the line's held marks and counts its held readings stamped at or before `upTo`, merged in sample time; keeps the rest. */
  private count(reels: LineReels, upTo: number): void {
    const { heldCharacteristic: c, heldTs: t, heldValue: v, heldPosition: p } = reels;
    const due: number[] = [];
    for (let i = 0; i < t.length; i++) if (t[i] <= upTo) due.push(i);
    // In sample time, so each characteristic's metres follow the line's length counter as it advanced.
    due.sort((a, b) => t[a] - t[b] || a - b);
    const marks = reels.heldMarks.length === 0 ? [] : marksInOrder(reels.heldMarks.filter((h) => h.mark.ts <= upTo).map((h) => ({ ...h.mark, held: h })));
    let m = 0;
    // A mark applies before the readings at and after its sample time.
    const applyMarksUpTo = (ts: number): void => {
      for (; m < marks.length && marks[m].ts <= ts; m++) {
        const problem = this.mark(reels.enterprise, marks[m].held.mark, marks[m].held.lineProduct);
        if (problem === null) continue;
        this.markProblems += 1;
        if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem);
      }
    };
    for (const i of due) {
      applyMarksUpTo(t[i]);
      this.route(reels, c[i], t[i], v[i], p[i]);
    }
    applyMarksUpTo(Number.POSITIVE_INFINITY);
    let oldest = Number.POSITIVE_INFINITY;
    if (marks.length > 0) {
      const remaining = reels.heldMarks.filter((h) => h.mark.ts > upTo);
      reels.heldMarks.length = 0;
      for (const h of remaining) {
        reels.heldMarks.push(h);
        if (h.mark.ts < oldest) oldest = h.mark.ts;
      }
    } else for (const h of reels.heldMarks) if (h.mark.ts < oldest) oldest = h.mark.ts;
    let kept = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] <= upTo) continue;
      if (t[i] < oldest) oldest = t[i];
      c[kept] = c[i];
      t[kept] = t[i];
      v[kept] = v[i];
      p[kept] = p[i];
      kept++;
    }
    c.length = t.length = v.length = p.length = kept;
    reels.heldOldest = oldest;
  }

  private route(reels: LineReels, characteristic: CharacteristicName, ts: number, value: number, positionM: number): void {
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
    acc.add(value, positionM);
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
   * with `everyOpen`, every held reading is counted first and each changed
   * open one handed out whatever its pace (at stop). A final record waits
   * while readings of its span are held.
   */
  takeChanged(everyOpen = false): ReelRecord[] {
    if (everyOpen) this.settle();
    const out: ReelRecord[] = [];
    for (const reel of this.changed) {
      // A final record waits for the readings of its span still held.
      if (reel.endedAt !== null && (this.lines.get(lineKey(reel.enterprise, reel.line))?.heldOldest ?? Number.POSITIVE_INFINITY) < reel.endedAt) continue;
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
    if (reels === undefined)
      this.lines.set(
        key,
        (reels = {
          enterprise,
          open: null,
          closed: [],
          heldCharacteristic: [],
          heldTs: [],
          heldValue: [],
          heldPosition: [],
          heldMarks: [],
          heldOldest: Number.POSITIVE_INFINITY,
          newestTs: Number.NEGATIVE_INFINITY,
          liveNewestTs: Number.NEGATIVE_INFINITY,
        }),
      );
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
