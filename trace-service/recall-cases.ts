/**
 * Recall cases: the bureau opens one from a trace basis (a line and range,
 * an alert episode or a material lot); the service traces it and keeps, as a
 * `trace.recall` register record, the affected reels and customers as they
 * were when it was opened, with who opened it and when. Actions are added
 * with who and when (the caller's user, the service's clock), optionally
 * moving the status. The register versions and audits every change.
 */
import type { JsonObject, Register, RegisterRecord } from '../register/port.js';
import { type RecallAction, type RecallRecord, RECALL_STATUSES, type RecallStatus } from '../trace/records/trace-records.js';
import { readRecall } from '../trace/trace-inputs.js';
import type { RecallCase, RecallCaseList, TraceBasis } from '../trace/trace-view.js';
import { TraceInputError, TraceNotFoundError } from './trace-errors.js';
import type { TraceQueries } from './trace-queries.js';

export const RECALL_KIND = 'trace.recall';

export interface NewRecall {
  readonly enterprise: string;
  readonly title: string;
  readonly basis: TraceBasis;
}

export interface NewRecallAction {
  readonly action: string;
  readonly note: string;
  readonly status?: string;
}

export interface RecallCasesOptions {
  readonly register: Pick<Register, 'listRecords' | 'getRecord' | 'createRecord' | 'updateRecord'>;
  readonly queries: TraceQueries;
  readonly clock?: () => number;
}

export class RecallCases {
  private readonly clock: () => number;

  constructor(private readonly options: RecallCasesOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Traces the basis and stores the case, status open. */
  async open(recall: NewRecall, user: string): Promise<RecallCase> {
    const trace = await this.options.queries.forward(recall.enterprise, recall.basis);
    const basis: RecallRecord['basis'] =
      trace.basis.by === 'line'
        ? { by: 'line', line: trace.basis.line, from: iso(trace.basis.from), to: iso(trace.basis.to) }
        : trace.basis.by === 'episode'
          ? {
              by: 'episode',
              episode: trace.basis.episode.id,
              line: trace.basis.episode.line,
              from: iso(trace.basis.episode.openedAt),
              ...(trace.basis.episode.closedAt !== null ? { to: iso(trace.basis.episode.closedAt) } : {}),
            }
          : { by: 'lot', lot: trace.basis.lot };
    const body = {
      title: recall.title,
      basis,
      reels: [...trace.reels.map((r) => r.reel), ...trace.unrecorded.map((r) => r.reel)],
      customers: trace.customers,
      status: 'open',
      openedAt: iso(this.clock()),
      openedBy: user,
      actions: [],
    };
    const stored = await this.options.register.createRecord({ enterprise: recall.enterprise, kind: RECALL_KIND, body: body as unknown as JsonObject }, user);
    return this.caseOf(stored);
  }

  /** Adds an action by `user`, at the service's now; a `status` must be one of RECALL_STATUSES. */
  async addAction(id: string, action: NewRecallAction, user: string): Promise<RecallCase> {
    if (action.status !== undefined && !(RECALL_STATUSES as readonly string[]).includes(action.status))
      throw new TraceInputError('status', `status must be one of ${RECALL_STATUSES.join(', ')}, got ${JSON.stringify(action.status)}`);
    const stored = await this.options.register.getRecord(id);
    const current = this.caseOf(stored);
    const step: RecallAction = { at: iso(this.clock()), by: user, action: action.action, note: action.note };
    const body = { ...stored.body, actions: [...current.actions, step], status: (action.status as RecallStatus | undefined) ?? current.status };
    return this.caseOf(await this.options.register.updateRecord(id, { expectedVersion: stored.version, body: body as unknown as JsonObject }, user));
  }

  /** The cases of one enterprise, or of all; newest opened first. Unreadable ones are reported in `skipped`. */
  async list(enterprise?: string): Promise<RecallCaseList> {
    const rows = await this.options.register.listRecords({ kind: RECALL_KIND, ...(enterprise !== undefined ? { enterprise } : {}) });
    const recalls: RecallCase[] = [];
    const skipped: RecallCaseList['skipped'][number][] = [];
    for (const row of rows) {
      const read = readRecall(row);
      if (read.ok) recalls.push(read.recall);
      else skipped.push(read.skipped);
    }
    recalls.sort((a, b) => (a.openedAt > b.openedAt ? -1 : a.openedAt < b.openedAt ? 1 : 0));
    return { recalls, skipped };
  }

  /** One case; `enterprise` set, another enterprise's case is reported as not found. */
  async get(id: string, enterprise?: string): Promise<RecallCase> {
    return this.caseOf(await this.options.register.getRecord(id, enterprise !== undefined ? { enterprise } : {}));
  }

  private caseOf(stored: RegisterRecord): RecallCase {
    if (stored.kind !== RECALL_KIND) throw new TraceNotFoundError(`no recall case ${JSON.stringify(stored.id)}`);
    const read = readRecall(stored);
    if (!read.ok) throw new Error(`recall case ${stored.id} in the register cannot be read: ${read.skipped.reason}`);
    return read.recall;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
