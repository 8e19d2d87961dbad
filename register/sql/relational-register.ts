/**
 * The Register port over any SqlDriver: the shared relational core of both
 * adapters. It owns the rules every backend must keep the same: argument
 * checks, one transaction per change with its audit entry, the mapping of
 * database failures to RegisterErrors, and refusing calls after close.
 */
import { errorText, RegisterError } from '../errors.js';
import type {
  AuditPage,
  AuditQuery,
  ClassEntry,
  ClassSeed,
  Decision,
  Draw,
  EnterpriseScope,
  ImportResult,
  NewDraw,
  NewProposal,
  NewRecord,
  Proposal,
  ProposalCreated,
  ProposalFilter,
  RecordChange,
  RecordFilter,
  Register,
  RegisterRecord,
} from '../port.js';
import { checkUser } from '../validate.js';
import { queryAudit } from './audit-query.js';
import * as classes from './classes.js';
import type { SqlDriver, SqlExecutor } from './driver.js';
import * as draws from './draws.js';
import * as proposals from './proposals.js';
import * as records from './records.js';

export interface RelationalRegisterOptions {
  /** The wall clock, ms since 1970 UTC (injected by tests). */
  readonly now?: () => number;
  /** Turns a driver's error into a RegisterError; `what` names the call. */
  readonly failure: (error: unknown, what: string) => RegisterError;
}

export class RelationalRegister implements Register {
  private closed = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly now: () => number;

  constructor(
    readonly backend: 'embedded' | 'postgres',
    private readonly driver: SqlDriver,
    private readonly options: RelationalRegisterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  listRecords(filter: RecordFilter = {}): Promise<RegisterRecord[]> {
    return this.read('list records', (q) => records.listRecords(q, filter));
  }

  getRecord(id: string, scope: EnterpriseScope = {}): Promise<RegisterRecord> {
    return this.read('read a record', (q) => records.getRecord(q, id, scope));
  }

  createRecord(record: NewRecord, user: string): Promise<RegisterRecord> {
    return this.write('create a record', user, (tx, u, now) => records.createRecord(tx, this.driver.dialect, record, u, now));
  }

  updateRecord(id: string, change: RecordChange, user: string): Promise<RegisterRecord> {
    return this.write('update a record', user, (tx, u, now) => records.updateRecord(tx, id, change, u, now));
  }

  deleteRecord(id: string, expectedVersion: number, user: string): Promise<void> {
    return this.write('delete a record', user, (tx, u, now) => records.deleteRecord(tx, id, expectedVersion, u, now));
  }

  async importRecords(list: readonly NewRecord[], user: string): Promise<ImportResult> {
    try {
      const ids = await this.write('import records', user, (tx, u, now) => records.importRecords(tx, this.driver.dialect, list, u, now));
      return { imported: ids.length, ids };
    } catch (error) {
      // The transaction has rolled back; now say which row collided.
      if (error instanceof RegisterError && error.cause instanceof records.ExistingIdsError) {
        const ids = error.cause.ids;
        throw await this.read('import records', (q) => records.existingIdError(q, ids));
      }
      throw error;
    }
  }

  queryAudit(query: AuditQuery = {}): Promise<AuditPage> {
    return this.read('read the audit trail', (q) => queryAudit(q, query));
  }

  classHistory(enterprise: string): Promise<ClassEntry[]> {
    return this.read('read the class history', (q) => classes.classHistory(q, enterprise));
  }

  currentClass(enterprise: string): Promise<ClassEntry | null> {
    return this.read('read the registered class', (q) => classes.currentClass(q, enterprise));
  }

  currentClasses(): Promise<ClassEntry[]> {
    return this.read('read the registered classes', (q) => classes.currentClasses(q));
  }

  async seedClasses(seeds: readonly ClassSeed[], user: string): Promise<number> {
    const seed = () => this.write('seed the registered classes', user, (tx, u, now) => classes.seedClasses(tx, seeds, u, now));
    try {
      return await seed();
    } catch (error) {
      // Services starting together against one PostgreSQL may seed at the
      // same moment; the loser's second pass finds the classes registered.
      if (error instanceof RegisterError && error.code === 'LW_REGISTER_CONFLICT') return seed();
      throw error;
    }
  }

  createProposal(proposal: NewProposal, user: string): Promise<ProposalCreated> {
    return this.write('create a proposal', user, (tx, u, now) => proposals.createProposal(tx, this.driver.dialect, proposal, u, now));
  }

  getProposal(id: string): Promise<Proposal> {
    return this.read('read a proposal', (q) => proposals.getProposal(q, id));
  }

  listProposals(filter: ProposalFilter = {}): Promise<Proposal[]> {
    return this.read('list proposals', (q) => proposals.listProposals(q, filter));
  }

  decideProposal(id: string, decision: Decision, user: string): Promise<Proposal> {
    return this.write('decide a proposal', user, (tx, u, now) => proposals.decideProposal(tx, id, decision, u, now));
  }

  createDraw(draw: NewDraw, user: string): Promise<Draw> {
    return this.write('store a draw', user, (tx, u, now) => draws.createDraw(tx, (e) => this.driver.dialect.isUniqueViolation(e), draw, u, now));
  }

  getDraw(id: string): Promise<Draw> {
    return this.read('read a draw', (q) => draws.getDraw(q, id));
  }

  listDraws(filter: { readonly period?: string } = {}): Promise<Draw[]> {
    return this.read('list draws', (q) => draws.listDraws(q, filter));
  }

  publishDraw(id: string, user: string): Promise<Draw> {
    return this.write('publish a draw', user, (tx, u, now) => draws.publishDraw(tx, id, u, now));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.running]);
    await this.driver.close();
  }

  private read<T>(what: string, task: (q: SqlExecutor) => Promise<T>): Promise<T> {
    return this.guard(what, () => this.driver.read(task));
  }

  private write<T>(what: string, user: string, task: (tx: SqlExecutor, user: string, now: number) => Promise<T>): Promise<T> {
    return this.guard(what, () => {
      const checkedUser = checkUser(user);
      return this.driver.transaction((tx) => task(tx, checkedUser, this.now()));
    });
  }

  private guard<T>(what: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RegisterError('LW_REGISTER_CLOSED', `the register is closed; cannot ${what}`));
    const call = (async () => {
      try {
        return await task();
      } catch (error) {
        if (error instanceof RegisterError) throw error;
        if (error instanceof records.ExistingIdsError) throw new RegisterError('LW_REGISTER_CONFLICT', error.message, { cause: error });
        throw this.options.failure(error, what);
      }
    })();
    this.running.add(call);
    void call.then(
      () => this.running.delete(call),
      () => this.running.delete(call),
    );
    return call;
  }
}

export function describeFailure(error: unknown): string {
  return errorText(error).split('\n')[0];
}
