/**
 * The trace over the stored data: reel records and alert episodes from the
 * store's event log, lots, reel lots, tests, shipments and calibrations from
 * the register, joined by the pure rules of trace/ (forward-trace.ts,
 * reel-trace.ts). Every read is for one enterprise: who may ask for which is
 * the caller's (the dashboard's) to decide.
 */
import type { Register } from '../register/port.js';
import type { TimeSeriesStore } from '../store/port.js';
import { forwardTrace, lotIds } from '../trace/forward-trace.js';
import { reelTrace } from '../trace/reel-trace.js';
import type { ReelRecord } from '../trace/reels/reel-record.js';
import { readCalibrations, readTraceRecords, type TraceRecordSet } from '../trace/trace-inputs.js';
import type { ForwardTrace, ReelTrace, ResolvedTraceBasis, SkippedTraceRecord, TraceBasis } from '../trace/trace-view.js';
import { type BadStoredRecord, TRACE_LOOKBACK_MS, readEpisode, readEpisodes, readReel, readReels } from './store-reads.js';
import { TraceInputError, TraceNotFoundError } from './trace-errors.js';

const ENTERPRISE_KINDS = ['trace.material-lot', 'trace.reel-lots', 'trace.reel-test', 'trace.shipment'] as const;

export interface TraceQueriesOptions {
  readonly store: Pick<TimeSeriesStore, 'readEventPage' | 'readEvents'>;
  readonly register: Pick<Register, 'listRecords'>;
  readonly clock?: () => number;
  readonly log?: { warn(obj: object, msg: string): void };
}

export class TraceQueries {
  private readonly clock: () => number;

  constructor(private readonly options: TraceQueriesOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Every reel the basis touched in the enterprise, each with its verdict, tests and shipments, and the customers. */
  async forward(enterprise: string, basis: TraceBasis): Promise<ForwardTrace> {
    const bad: BadStoredRecord[] = [];
    const { records, skipped } = await this.traceRecords(enterprise);
    let resolved: ResolvedTraceBasis;
    let reels: ReelRecord[];
    if (basis.by === 'line') {
      if (!(basis.from < basis.to)) throw new TraceInputError('to', `'to' must be after 'from'`);
      resolved = basis;
      reels = await readReels(this.options.store, enterprise, { from: basis.from - TRACE_LOOKBACK_MS, to: basis.to }, bad);
    } else if (basis.by === 'episode') {
      const episode = await readEpisode(this.options.store, basis.episode, bad);
      if (episode === null || episode.enterprise !== enterprise) throw new TraceNotFoundError(`no alert episode ${JSON.stringify(basis.episode)} of enterprise '${enterprise}'`);
      resolved = { by: 'episode', episode };
      reels = await readReels(this.options.store, enterprise, { from: episode.openedAt - TRACE_LOOKBACK_MS, ...(episode.closedAt !== null ? { to: episode.closedAt + 1 } : {}) }, bad);
    } else {
      const ids = new Set(lotIds(records, basis.lot));
      if (ids.size === 0) throw new TraceNotFoundError(`no material lot ${JSON.stringify(basis.lot)} of enterprise '${enterprise}' (a trace.material-lot id or supplier lot number)`);
      resolved = { by: 'lot', lot: basis.lot, lots: records.lots.filter((l) => ids.has(l.id)) };
      const reelIds = new Set(records.reelLots.filter((rl) => rl.lots.some((l) => ids.has(l))).map((rl) => rl.reel));
      reels = [];
      for (const id of reelIds) {
        const reel = await readReel(this.options.store, enterprise, id, bad);
        if (reel !== null) reels.push(reel);
      }
    }
    this.report(enterprise, bad);
    return forwardTrace({ enterprise, basis: resolved, reels, records, skipped: [...skipped, ...bad] });
  }

  /** One reel and everything known about it. */
  async reel(enterprise: string, reel: string): Promise<ReelTrace> {
    const bad: BadStoredRecord[] = [];
    const record = await readReel(this.options.store, enterprise, reel, bad);
    if (record === null) throw new TraceNotFoundError(`no reel ${JSON.stringify(reel)} of enterprise '${enterprise}' in the store`);
    const [{ records, skipped }, calibrationRows] = await Promise.all([this.traceRecords(enterprise), this.options.register.listRecords({ enterprise, kind: 'calibration' })]);
    const { calibrations, skipped: badCalibrations } = readCalibrations(calibrationRows);
    const episodes = await readEpisodes(this.options.store, enterprise, record.startedAt, bad);
    this.report(enterprise, bad);
    return reelTrace({ record, records, calibrations, episodes, now: this.clock(), skipped: [...skipped, ...badCalibrations, ...bad] });
  }

  /** The enterprise's lots, reel lots, tests and shipments from the register, read by kind. */
  async traceRecords(enterprise: string): Promise<{ records: TraceRecordSet; skipped: SkippedTraceRecord[] }> {
    const rows = (await Promise.all(ENTERPRISE_KINDS.map((kind) => this.options.register.listRecords({ enterprise, kind })))).flat();
    return readTraceRecords(rows);
  }

  private report(enterprise: string, bad: readonly BadStoredRecord[]): void {
    if (bad.length > 0) this.options.log?.warn({ enterprise, bad: bad.slice(0, 10), count: bad.length }, 'stored records the trace could not read');
  }
}
