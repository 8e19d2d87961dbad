/**
 * The enterprise's routine reports (daily control log, weekly check report,
 * monthly review) kept in the register as `trace.routine` records: drafted
 * from the data (trace/routine/), completed with remarks and signed by the
 * enterprise's quality-safety officer or director. At signing the draft is
 * made again and frozen into the record; a signed report never changes.
 * Regulators see, per enterprise and month, who keeps the routine.
 *
 * Thin wiring: the rules are trace/routine/'s, the storage the register's.
 */
import type { EventPageReader } from '../domain/event-log-record.js';
import type { JsonObject, Register, RegisterRecord } from '../register/port.js';
import { isRegisterError } from '../register/errors.js';
import { isCalendarDay } from '../supervision/calendar-day.js';
import type { RoutinePeriod, RoutineRecord } from '../trace/records/trace-records.js';
import { routineCompliance, type RoutineState, type RoutineTally } from '../trace/routine/routine-compliance.js';
import { routineDraft, type RoutineDraft } from '../trace/routine/routine-draft.js';
import { DEFAULT_ROUTINE_DRAFT_OPTIONS, type RoutineDraftOptions } from '../trace/routine/routine-inputs.js';
import { dayOf, isRoutinePeriod, periodBounds, periodStartProblem } from '../trace/routine/routine-period.js';
import { RoutineRefusal } from './routine-refusal.js';
import { routineInputs } from './routine-sources.js';

export const ROUTINE_KIND = 'trace.routine';
export const SIGNER_ROLES = ['quality-safety-officer', 'quality-safety-director'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];
/** Remarks are a few paragraphs, not a document store. characters */
export const MAX_REMARKS = 20_000;

/** Who acts: a user id, and the enterprise they belong to (null for a regulator). */
export interface RoutineActor {
  readonly id: string;
  readonly enterprise: string | null;
}

export interface RoutineServiceDeps {
  readonly register: Register;
  readonly store: EventPageReader;
  readonly enterprises: readonly { readonly id: string; readonly name: string }[];
  readonly draftOptions?: RoutineDraftOptions;
  /** Wall clock, ms; tests inject one. */
  readonly clock?: () => number;
}

export interface RoutineReportView extends RoutineRecord {
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface ComplianceRow {
  readonly enterprise: string;
  readonly name: string;
  readonly daily: Omit<RoutineTally, 'periods'>;
  readonly weekly: Omit<RoutineTally, 'periods'>;
  readonly monthly: Omit<RoutineTally, 'periods'>;
  /** The month's review: signed, drafted but unsigned, missing, or not due yet (the month is not over). */
  readonly monthlyReview: RoutineState | 'not-due';
}

export class RoutineService {
  private readonly clock: () => number;
  private readonly names: ReadonlyMap<string, string>;

  constructor(private readonly deps: RoutineServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.names = new Map(deps.enterprises.map((e) => [e.id, e.name]));
  }

  /** The draft of a period as the data gives it now. */
  async draft(enterprise: string, period: unknown, periodStart: unknown): Promise<RoutineDraft> {
    const p = this.checkPeriod(enterprise, period, periodStart);
    const b = periodBounds(p.period, p.periodStart);
    const inputs = await routineInputs(this.deps.store, this.deps.register, enterprise, b, this.clock());
    return routineDraft(p.period, p.periodStart, inputs, this.deps.draftOptions ?? DEFAULT_ROUTINE_DRAFT_OPTIONS);
  }

  /** An enterprise's reports, newest period first. */
  async list(enterprise: string): Promise<RoutineReportView[]> {
    this.checkEnterprise(enterprise);
    const stored = await this.deps.register.listRecords({ enterprise, kind: ROUTINE_KIND });
    return stored.map(viewOf).sort((x, y) => y.periodStart.localeCompare(x.periodStart) || x.period.localeCompare(y.period));
  }

  async get(id: string, scope?: string): Promise<RoutineReportView> {
    const stored = await this.read(id);
    if (scope !== undefined && stored.enterprise !== scope) throw new RoutineRefusal('not-found', `no routine report '${id}'`);
    return viewOf(stored);
  }

  /** Saves the report of a period with its remarks and the draft as it is now (creating it the first time); a signed one is refused. */
  async save(input: { enterprise: string; period: unknown; periodStart: unknown; remarks: unknown }, actor: RoutineActor): Promise<RoutineReportView> {
    const p = this.checkPeriod(input.enterprise, input.period, input.periodStart);
    this.checkActor(actor, input.enterprise, 'write');
    if (typeof input.remarks !== 'string') throw new RoutineRefusal('bad-input', `remarks: expected text, got ${JSON.stringify(input.remarks)}`, 'remarks');
    if (input.remarks.length > MAX_REMARKS) throw new RoutineRefusal('bad-input', `remarks: at most ${MAX_REMARKS} characters, got ${input.remarks.length}`, 'remarks');
    const draft = await this.draft(input.enterprise, p.period, p.periodStart);
    const id = reportId(input.enterprise, p.period, p.periodStart);
    const existing = await this.deps.register.getRecord(id).catch((err: unknown) => (isRegisterError(err) && err.code === 'LW_REGISTER_NOT_FOUND' ? null : Promise.reject(err)));
    const body: JsonObject = { period: p.period, periodStart: p.periodStart, draft: asJson(draft), remarks: input.remarks, signedBy: null, signedAs: null, signedAt: null };
    if (existing === null) return viewOf(await this.deps.register.createRecord({ id, enterprise: input.enterprise, kind: ROUTINE_KIND, body }, actor.id));
    this.refuseSigned(existing);
    return viewOf(await this.deps.register.updateRecord(id, { expectedVersion: existing.version, body }, actor.id));
  }

  /** Signs a saved report: the draft is made again and frozen with the signature. */
  async sign(id: string, signedAs: unknown, actor: RoutineActor): Promise<RoutineReportView> {
    if (!(SIGNER_ROLES as readonly unknown[]).includes(signedAs)) throw new RoutineRefusal('bad-input', `signedAs: expected ${SIGNER_ROLES.join(' or ')}, got ${JSON.stringify(signedAs)}`, 'signedAs');
    const stored = await this.read(id);
    this.checkActor(actor, stored.enterprise, 'sign');
    this.refuseSigned(stored);
    const report = viewOf(stored);
    const draft = await this.draft(stored.enterprise, report.period, report.periodStart);
    const body: JsonObject = { ...stored.body, draft: asJson(draft), signedBy: actor.id, signedAs: signedAs as string, signedAt: new Date(this.clock()).toISOString() };
    return viewOf(await this.deps.register.updateRecord(id, { expectedVersion: stored.version, body }, actor.id));
  }

  /** For each enterprise, its routine in the month 'YYYY-MM' as of today: reports due, signed, unsigned, missing. */
  async compliance(month: unknown): Promise<{ month: string; today: string; enterprises: ComplianceRow[] }> {
    const first = `${String(month)}-01`;
    if (typeof month !== 'string' || !/^\d{4}-\d{2}$/.test(month) || !isCalendarDay(first)) throw new RoutineRefusal('bad-input', `month: expected YYYY-MM, got ${JSON.stringify(month)}`, 'month');
    const last = periodBounds('monthly', first).end;
    const today = dayOf(this.clock());
    const all = (await this.deps.register.listRecords({ kind: ROUTINE_KIND })).map(viewOf);
    const enterprises = this.deps.enterprises.map((e): ComplianceRow => {
      const c = routineCompliance(e.id, first, last, today, all);
      const tally = ({ periods: _periods, ...counts }: RoutineTally) => counts;
      return { enterprise: e.id, name: e.name, daily: tally(c.daily), weekly: tally(c.weekly), monthly: tally(c.monthly), monthlyReview: c.monthly.periods[0]?.state ?? 'not-due' };
    });
    return { month, today, enterprises };
  }

  private async read(id: string): Promise<RegisterRecord> {
    const stored = await this.deps.register
      .getRecord(id)
      .catch((err: unknown) => Promise.reject(isRegisterError(err) && err.code === 'LW_REGISTER_NOT_FOUND' ? new RoutineRefusal('not-found', `no routine report '${id}'`) : err));
    if (stored.kind !== ROUTINE_KIND) throw new RoutineRefusal('not-found', `no routine report '${id}'`);
    return stored;
  }

  private refuseSigned(stored: RegisterRecord): void {
    if (stored.body.signedBy !== null && stored.body.signedBy !== undefined) {
      throw new RoutineRefusal('signed', `routine report '${stored.id}' was signed by ${String(stored.body.signedBy)} on ${String(stored.body.signedAt)}: a signed report cannot change`);
    }
  }

  private checkEnterprise(enterprise: string): void {
    if (!this.names.has(enterprise)) throw new RoutineRefusal('bad-input', `enterprise: unknown enterprise '${enterprise}'`, 'enterprise');
  }

  private checkPeriod(enterprise: string, period: unknown, periodStart: unknown): { period: RoutinePeriod; periodStart: string } {
    this.checkEnterprise(enterprise);
    if (!isRoutinePeriod(period)) throw new RoutineRefusal('bad-input', `period: expected daily, weekly or monthly, got ${JSON.stringify(period)}`, 'period');
    const problem = periodStartProblem(period, periodStart);
    if (problem) throw new RoutineRefusal('bad-input', problem, 'periodStart');
    const start = periodStart as string;
    if (start > dayOf(this.clock())) throw new RoutineRefusal('bad-input', `periodStart: ${start} is in the future`, 'periodStart');
    return { period, periodStart: start };
  }

  /** Only the enterprise's own users keep its routine: a regulator, or another enterprise's user, may not. */
  private checkActor(actor: RoutineActor, enterprise: string, what: 'write' | 'sign'): void {
    if (actor.enterprise !== enterprise) {
      throw new RoutineRefusal('forbidden', `user '${actor.id}' may not ${what} enterprise '${enterprise}''s routine reports: only its own quality-safety officer or director may`);
    }
  }
}

/** One report per enterprise and period: the id says which, so two saves at once cannot make two. */
export function reportId(enterprise: string, period: RoutinePeriod, periodStart: string): string {
  return `routine-${enterprise}-${period}-${periodStart}`;
}

function asJson(draft: RoutineDraft): JsonObject {
  return JSON.parse(JSON.stringify(draft)) as JsonObject;
}

function viewOf(stored: RegisterRecord): RoutineReportView {
  const b = stored.body;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: stored.id,
    enterprise: stored.enterprise,
    kind: 'trace.routine',
    period: isRoutinePeriod(b.period) ? b.period : 'daily',
    periodStart: text(b.periodStart) ?? '',
    draft: typeof b.draft === 'object' && b.draft !== null && !Array.isArray(b.draft) ? (b.draft as JsonObject) : {},
    remarks: text(b.remarks) ?? '',
    signedBy: text(b.signedBy),
    signedAs: text(b.signedAs),
    signedAt: text(b.signedAt),
    version: stored.version,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}
