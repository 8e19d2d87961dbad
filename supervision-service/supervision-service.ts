/**
 * The supervision register made usable: per enterprise the class suggestion
 * of the county's standard (supervision/classification.ts) on its records
 * and its days of evidence, proposals by the policy (C at once, the rest at
 * the yearly review) on a timer and after every register change, decisions
 * on them, seeded double-random draws, the inspection plan, the class counts
 * against the targets, the credit list and what the public page shows.
 *
 * Thin wiring: the rules live in supervision/, the storage behind the
 * register port; this class only reads one, applies the other and writes
 * back. Sample time: a suggestion is "as of" the last day of evidence (the
 * wall-clock day when there is none); calendar business (inspection due
 * dates, targets, the credit list, the public page) runs on the wall clock.
 */
import { randomUUID } from 'node:crypto';
import type { LinewatchConfig } from '../config/resolve.js';
import { supervisionConfigOf, type SupervisionConfig } from '../config/supervision-config.js';
import type { ClassEntry, Decision, Draw, JsonObject, JsonValue, Proposal, ProposalStatus, Register, RegisteredClass } from '../register/port.js';
import { checkTargets, countClasses, type ClassCounts, type TargetResult } from '../supervision/class-targets.js';
import type { ClassSuggestion } from '../supervision/classification.js';
import { classificationOptions, type ClassificationOptions } from '../supervision/classification-options.js';
import { creditState, type CreditState } from '../supervision/credit-list.js';
import { DEFAULT_DRAW_PARAMETERS, draw, verifyDraw, type DrawParameters, type DrawRecord } from '../supervision/double-random.js';
import { inspectionDue, lastInspectionOf } from '../supervision/inspection-plan.js';
import { proposalStep, type ClassProposal } from '../supervision/proposal-policy.js';
import { publicView, type PublicView } from '../supervision/public-disclosure.js';
import { recordsOfKind, type SupervisionClass, type SupervisionRecord } from '../supervision/records.js';
import { suggestClass } from './class-suggestion.js';
import { NO_EVIDENCE, type EvidenceSource } from './evidence-source.js';
import { SupervisionInputError } from './input-error.js';
import { RecordDesk } from './record-desk.js';
import { signedMonthlyReviews } from './routine-reviews.js';
import { withDefaults } from '../domain/with-defaults.js';

/** Who the service acts as when it proposes, withdraws or seeds on its own. */
export const SYSTEM_USER = 'linewatch';

export interface SupervisionServiceDeps {
  readonly register: Register;
  readonly config: Pick<LinewatchConfig, 'enterprises' | 'products'> & { readonly supervision?: SupervisionConfig };
  readonly evidence?: EvidenceSource;
  /** An enterprise's current risk score 0-100 (the draw's odds); null or absent: 0. */
  readonly riskScore?: (enterprise: string) => number | null;
  readonly classification?: Partial<ClassificationOptions>;
  /** Told every registered class at start and each change after, so the live risk model's class state starts from it. */
  readonly onRegisteredClass?: (enterprise: string, cls: SupervisionClass) => void;
  /** Wall clock, ms since 1970; tests inject one. */
  readonly clock?: () => number;
  readonly log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface ClassView {
  readonly enterprise: string;
  readonly name: string;
  readonly registered: ClassEntry | null;
  /** Oldest first. */
  readonly history: readonly ClassEntry[];
  readonly suggestion: ClassSuggestion;
  readonly pendingProposal: Proposal | null;
}

export interface PlanRow {
  readonly enterprise: string;
  readonly name: string;
  readonly class: SupervisionClass;
  readonly lastInspection: string | null;
  readonly due: string;
  readonly daysOverdue: number;
  readonly overdue: boolean;
}

export interface TargetsView {
  readonly asOf: string;
  readonly counts: ClassCounts;
  readonly targets: readonly TargetResult[];
  readonly pendingProposals: number;
}

export interface CreditEntryView {
  readonly id: string;
  readonly enterprise: string;
  readonly name: string;
  readonly listedOn: string;
  readonly until: string | null;
  readonly repairedOn: string | null;
  readonly reason: string;
  readonly state: CreditState;
  readonly internal: boolean;
  readonly published: boolean;
}

export interface DrawRequest {
  readonly period: string;
  readonly seed: string;
  readonly count?: number;
  readonly inspectorsPerEnterprise?: number;
  readonly classWeights?: Partial<Record<SupervisionClass, number>>;
  readonly riskWeight?: number;
}

export interface DrawView extends Draw {
  /** Recomputing the draw from its stored record gives the same picks. */
  readonly reproducible: boolean;
}

export interface PublicDrawView {
  readonly id: string;
  readonly period: string;
  readonly seed: string;
  readonly publishedAt: string | null;
  readonly picks: readonly { enterprise: string; name: string; inspectors: readonly string[] }[];
}

export type PublicPage = PublicView & { readonly draws: readonly PublicDrawView[] };

export class SupervisionService {
  readonly records: RecordDesk;
  private readonly settings: SupervisionConfig;
  private readonly names: ReadonlyMap<string, string>;
  private readonly options: ClassificationOptions;
  private readonly clock: () => number;
  private readonly evidence: EvidenceSource;
  private timer: NodeJS.Timeout | null = null;
  /** The public page, built at most once per PUBLIC_PAGE_TTL_MS: anyone may ask for it without logging in. */
  private publicCache: { at: number; page: Promise<PublicPage> } | null = null;
  /** Checks run one at a time, so two never propose for the same enterprise at once. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly deps: SupervisionServiceDeps) {
    this.settings = supervisionConfigOf(deps.config);
    this.names = new Map(deps.config.enterprises.map((e) => [e.id, e.name]));
    this.records = new RecordDesk(deps.register, new Set(this.names.keys()));
    // The configuration says from when the routine is required; options given in code (tests) win.
    this.options = classificationOptions(withDefaults<Partial<ClassificationOptions>>({ routineRequiredFrom: this.settings.routineRequiredFrom }, deps.classification ?? {}));
    this.clock = deps.clock ?? Date.now;
    this.evidence = deps.evidence ?? NO_EVIDENCE;
  }

  /** Seeds the class history from the configured classes (enterprises with none yet) and returns the service. */
  static async open(deps: SupervisionServiceDeps): Promise<SupervisionService> {
    const service = new SupervisionService(deps);
    const today = service.today();
    await deps.register.seedClasses(
      // biome-ignore lint/complexity/useMathMinMax: dates are ISO strings; Math.min would make them NaN.
      deps.config.enterprises.map((e) => ({ enterprise: e.id, class: e.class, effectiveFrom: e.lastInspection < today ? e.lastInspection : today })),
      SYSTEM_USER,
    );
    if (deps.onRegisteredClass) for (const [e, cls] of await service.registeredClasses()) deps.onRegisteredClass(e, cls);
    return service;
  }

  get register(): Register {
    return this.deps.register;
  }

  enterpriseIds(): string[] {
    return [...this.names.keys()];
  }

  isEnterprise(id: string): boolean {
    return this.names.has(id);
  }

  /** Proposals every `checkMinutes`; the first check runs at once. */
  start(): void {
    if (this.timer) return;
    void this.checkProposals().catch((err) => this.deps.log?.warn({ err: (err as Error).message }, 'proposal check failed'));
    this.timer = setInterval(() => {
      void this.checkProposals().catch((err) => this.deps.log?.warn({ err: (err as Error).message }, 'proposal check failed'));
    }, this.settings.checkMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue.catch(() => undefined);
  }

  // ---- the class ----

  async suggestion(enterprise: string): Promise<ClassSuggestion> {
    this.checkEnterprise(enterprise);
    return suggestClass({
      config: this.deps.config,
      enterprise,
      records: await this.records.recordsOf(enterprise),
      evidence: this.evidence(enterprise, '0000-01-01', '9999-12-31'),
      dayWithoutEvidence: this.today(),
      options: this.options,
      routineReviews: this.options.routineRequiredFrom === null ? [] : await signedMonthlyReviews(this.register, enterprise),
    });
  }

  async classOf(enterprise: string): Promise<ClassView> {
    this.checkEnterprise(enterprise);
    const [history, suggestion, pending] = await Promise.all([this.register.classHistory(enterprise), this.suggestion(enterprise), this.register.listProposals({ enterprise, status: 'pending' })]);
    return { enterprise, name: this.names.get(enterprise)!, registered: history.at(-1) ?? null, history, suggestion, pendingProposal: pending[0] ?? null };
  }

  // ---- proposals ----

  /** Turns suggestions into proposals by the policy, for one enterprise or all; returns the proposals made. */
  checkProposals(enterprise?: string): Promise<Proposal[]> {
    const run = async () => {
      const made: Proposal[] = [];
      for (const e of enterprise !== undefined ? [enterprise] : this.enterpriseIds()) {
        const p = await this.checkOne(e);
        if (p) made.push(p);
      }
      return made;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async checkOne(enterprise: string): Promise<Proposal | null> {
    const current = await this.register.currentClass(enterprise);
    const registered: SupervisionClass = current?.class ?? this.configuredClass(enterprise);
    const suggestion = await this.suggestion(enterprise);
    const stored = await this.register.listProposals({ enterprise });
    const step = proposalStep(registered, suggestion, stored.map(toClassProposal), { reviewMonth: this.settings.reviewMonth, reviewDay: this.settings.reviewDay });
    if (step.propose) {
      // A regulator rejected this very change on this very basis: proposing it again every few minutes would be noise.
      const rejected = stored.find((p) => p.status === 'rejected' && p.toClass === step.propose!.to && p.fromClass === registered && p.basis.summary === suggestion.summary);
      if (rejected) return null;
      const basis = { trigger: step.propose.trigger, why: step.why, asOf: suggestion.asOf, summary: suggestion.summary, conditions: suggestion.conditions } as unknown as JsonObject;
      const { proposal } = await this.register.createProposal({ enterprise, toClass: step.propose.to, basis }, SYSTEM_USER);
      this.deps.log?.info({ enterprise, to: proposal.toClass, trigger: step.propose.trigger }, 'class proposal made');
      return proposal;
    }
    if (step.withdraw) await this.register.decideProposal(step.withdraw, { action: 'withdraw', reason: `withdrawn by linewatch: ${step.why}` }, SYSTEM_USER);
    return null;
  }

  async listProposals(filter: { enterprise?: string; status?: string } = {}): Promise<Proposal[]> {
    if (filter.status !== undefined && !PROPOSAL_STATUSES.includes(filter.status as ProposalStatus)) {
      throw new SupervisionInputError(`status: expected one of ${PROPOSAL_STATUSES.join(', ')}, got '${filter.status}'`, 'status');
    }
    return this.register.listProposals({
      ...(filter.enterprise !== undefined ? { enterprise: filter.enterprise } : {}),
      ...(filter.status !== undefined ? { status: filter.status as ProposalStatus } : {}),
    });
  }

  async decide(id: string, decision: Decision, user: string): Promise<Proposal> {
    if (decision.reason.trim() === '') throw new SupervisionInputError('reason: a decision needs a reason', 'reason');
    const decided = await this.register.decideProposal(id, { ...decision, reason: decision.reason.trim() }, user);
    if (decided.status === 'accepted') {
      this.publicCache = null;
      this.deps.onRegisteredClass?.(decided.enterprise, decided.toClass);
    }
    return decided;
  }

  // ---- after a register change ----

  /** Re-checks the proposals of the enterprises a change touched. */
  async changed(enterprises: Iterable<string>): Promise<void> {
    this.publicCache = null;
    for (const e of new Set(enterprises)) if (this.names.has(e)) await this.checkProposals(e);
  }

  // ---- draws ----

  async createDraw(request: DrawRequest, user: string): Promise<DrawView> {
    const parameters: DrawParameters = withDefaults(DEFAULT_DRAW_PARAMETERS, {
      // A draw cannot take more enterprises than there are.
      count: request.count ?? Math.min(DEFAULT_DRAW_PARAMETERS.count, this.names.size),
      classWeights: withDefaults(DEFAULT_DRAW_PARAMETERS.classWeights, request.classWeights ?? {}),
      riskWeight: request.riskWeight,
      inspectorsPerEnterprise: request.inspectorsPerEnterprise,
    });
    const classes = await this.registeredClasses();
    const candidates = this.enterpriseIds().map((e) => ({ enterprise: e, class: classes.get(e)!, risk: clampRisk(this.deps.riskScore?.(e) ?? 0) }));
    const inspectors = this.settings.inspectors.map((i) => i.id);
    const conflicts = this.settings.inspectors.flatMap((i) => i.conflicts.map((enterprise) => ({ inspector: i.id, enterprise })));
    const outcome = draw({ seed: request.seed, period: request.period, parameters, candidates, inspectors, conflicts });
    if (!outcome.ok) throw new SupervisionInputError(outcome.problem, fieldOfDrawProblem(outcome.problem));
    const { picks, ...inputs } = outcome.record;
    const stored = await this.register.createDraw(
      { id: randomUUID(), period: request.period, seed: request.seed, parameters: inputs as unknown as JsonValue, picks: picks as unknown as JsonValue },
      user,
    );
    return withReproducible(stored);
  }

  async listDraws(period?: string): Promise<DrawView[]> {
    return (await this.register.listDraws(period !== undefined ? { period } : {})).map(withReproducible);
  }

  async getDraw(id: string): Promise<DrawView> {
    return withReproducible(await this.register.getDraw(id));
  }

  async publishDraw(id: string, user: string): Promise<DrawView> {
    const published = withReproducible(await this.register.publishDraw(id, user));
    this.publicCache = null;
    return published;
  }

  // ---- plan, targets, credit, public ----

  /** Every enterprise's next inspection, soonest first (of one enterprise when `scope` is given). */
  async inspectionPlan(scope?: string): Promise<{ asOf: string; rows: PlanRow[] }> {
    const asOf = this.today();
    const current = new Map((await this.register.currentClasses()).map((c) => [c.enterprise, c]));
    const rows: PlanRow[] = [];
    for (const e of this.deps.config.enterprises) {
      if (scope !== undefined && e.id !== scope) continue;
      const entry = current.get(e.id);
      const cls = entry?.class ?? e.class;
      const inspections = recordsOfKind(await this.records.recordsOf(e.id), 'inspection').map((r) => r.date);
      const last = lastInspectionOf([...inspections, e.lastInspection].filter((d) => d <= asOf));
      const due = inspectionDue(cls, last, entry?.effectiveFrom ?? asOf, asOf);
      rows.push({ enterprise: e.id, name: e.name, class: cls, lastInspection: last, ...due });
    }
    rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.enterprise < b.enterprise ? -1 : 1));
    return { asOf, rows };
  }

  async targets(): Promise<TargetsView> {
    const asOf = this.today();
    const classes = await this.registeredClasses();
    const counts = countClasses([...classes.values()].map((c) => ({ class: c })));
    const pending = await this.register.listProposals({ status: 'pending' });
    return { asOf, counts, targets: checkTargets(counts, asOf, this.settings.targets), pendingProposals: pending.length };
  }

  async creditList(scope?: string): Promise<{ asOf: string; entries: CreditEntryView[] }> {
    const asOf = this.today();
    const records = recordsOfKind(await this.records.recordsOf(scope), 'credit');
    const entries = records.map((r) => ({
      id: r.id,
      enterprise: r.enterprise,
      name: this.names.get(r.enterprise) ?? r.enterprise,
      listedOn: r.listedOn,
      until: r.until,
      repairedOn: r.repairedOn,
      reason: r.reason,
      state: creditState(r, asOf),
      internal: r.internal,
      published: r.published,
    }));
    entries.sort((a, b) => (a.listedOn < b.listedOn ? 1 : a.listedOn > b.listedOn ? -1 : 0));
    return { asOf, entries };
  }

  /**
   * Only what the bureau chose to publish: supervision/public-disclosure.ts,
   * and the published draws without their odds. Cached for a few seconds
   * (changes made here clear it at once), so a flood of anonymous requests
   * costs one register read per period.
   */
  publicPage(): Promise<PublicPage> {
    const now = this.clock();
    if (this.publicCache && now - this.publicCache.at < PUBLIC_PAGE_TTL_MS && now >= this.publicCache.at) return this.publicCache.page;
    const page = this.buildPublicPage();
    this.publicCache = { at: now, page };
    page.catch(() => {
      if (this.publicCache?.page === page) this.publicCache = null;
    });
    return page;
  }

  private async buildPublicPage(): Promise<PublicPage> {
    const asOf = this.today();
    const classes = await this.registeredClasses();
    const enterprises = this.deps.config.enterprises.map((e) => ({ enterprise: e.id, name: e.name, class: classes.get(e.id)! }));
    const records: SupervisionRecord[] = await this.records.recordsOf();
    const view = publicView(enterprises, records, asOf);
    const draws = (await this.register.listDraws()).filter((d) => d.published);
    return {
      ...view,
      draws: draws.map((d) => ({
        id: d.id,
        period: d.period,
        seed: d.seed,
        publishedAt: d.publishedAt,
        picks: (d.picks as unknown as DrawRecord['picks']).map((p) => ({ enterprise: p.enterprise, name: this.names.get(p.enterprise) ?? p.enterprise, inspectors: [...p.inspectors] })),
      })),
    };
  }

  // ---- helpers ----

  today(): string {
    return new Date(this.clock()).toISOString().slice(0, 10);
  }

  private async registeredClasses(): Promise<Map<string, SupervisionClass>> {
    const current = new Map((await this.register.currentClasses()).map((c) => [c.enterprise, c.class as SupervisionClass]));
    return new Map(this.enterpriseIds().map((e) => [e, current.get(e) ?? this.configuredClass(e)]));
  }

  private configuredClass(enterprise: string): SupervisionClass {
    return this.deps.config.enterprises.find((e) => e.id === enterprise)!.class;
  }

  private checkEnterprise(enterprise: string): void {
    if (!this.names.has(enterprise)) throw new SupervisionInputError(`enterprise: no enterprise '${enterprise}' in the configuration`, 'enterprise');
  }
}

/** Judgement: a published fact may appear on the public page up to this late when another process changed it. ms */
const PUBLIC_PAGE_TTL_MS = 5_000;

const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['pending', 'accepted', 'rejected', 'withdrawn', 'superseded'];

/** The register's proposal as the policy reads it (a superseded one counts as withdrawn). */
function toClassProposal(p: Proposal): ClassProposal {
  const basis = p.basis as { trigger?: unknown; asOf?: unknown; summary?: unknown };
  return {
    id: p.id,
    enterprise: p.enterprise,
    from: (p.fromClass ?? p.toClass) as RegisteredClass,
    to: p.toClass,
    createdAt: p.createdAt,
    asOf: typeof basis.asOf === 'string' ? basis.asOf : p.createdAt.slice(0, 10),
    trigger: basis.trigger === 'yearly-review' ? 'yearly-review' : 'c-condition',
    conditions: [],
    summary: typeof basis.summary === 'string' ? basis.summary : '',
    status: p.status === 'superseded' ? 'withdrawn' : p.status,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt,
    reason: p.decisionReason,
  };
}

function withReproducible(d: Draw): DrawView {
  const record = { ...(d.parameters as unknown as Omit<DrawRecord, 'picks'>), picks: d.picks as unknown as DrawRecord['picks'] };
  let reproducible = false;
  try {
    reproducible = verifyDraw(record);
  } catch {
    reproducible = false;
  }
  return { ...d, reproducible };
}

function clampRisk(score: number): number {
  return Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0;
}

/** "draw.count: ..." names the field; the rest are about the pool or the candidates. */
function fieldOfDrawProblem(problem: string): string {
  const m = /^draw\.([A-Za-z.]+):/.exec(problem);
  if (m) return m[1];
  if (problem.includes('seed')) return 'seed';
  if (problem.includes('count')) return 'count';
  return 'inspectors';
}
