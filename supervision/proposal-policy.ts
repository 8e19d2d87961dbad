/**
 * When a class suggestion becomes a proposal to the regulator, and what a
 * decision on it does. linewatch proposes; the regulator accepts or rejects
 * with a reason; an accepted proposal changes the registered class, and the
 * registered class keeps its history (ClassChange).
 *
 * A suggested class that differs from the registered one becomes a proposal
 * at once when a C condition is present (the standard makes C immediate);
 * any other change waits for the yearly review date, so months of evidence
 * move a class once a year and a class does not flap with the data.
 */
import { type CalendarDay, isCalendarDay, yearOf } from './calendar-day.js';
import type { ClassSuggestion } from './classification.js';
import type { ConditionResult } from './condition-result.js';
import type { SupervisionClass } from './records.js';

export type ProposalStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn';
export type ProposalTrigger = 'c-condition' | 'yearly-review';

export interface ClassProposal {
  readonly id: string;
  readonly enterprise: string;
  readonly from: SupervisionClass;
  readonly to: SupervisionClass;
  /** ISO 8601 timestamp. */
  readonly createdAt: string;
  /** The day (sample time) of the suggestion behind it. */
  readonly asOf: CalendarDay;
  readonly trigger: ProposalTrigger;
  /** The suggestion's conditions as they were when proposed. */
  readonly conditions: readonly ConditionResult[];
  readonly summary: string;
  readonly status: ProposalStatus;
  readonly decidedBy: string | null;
  /** ISO 8601 timestamp. */
  readonly decidedAt: string | null;
  readonly reason: string | null;
}

/** One entry of a registered class's history. */
export interface ClassChange {
  readonly enterprise: string;
  /** null for the first registration. */
  readonly from: SupervisionClass | null;
  readonly to: SupervisionClass;
  /** ISO 8601 timestamp. */
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  /** The accepted proposal, when the change came from one. */
  readonly proposalId: string | null;
}

export interface ReviewOptions {
  /** The yearly review's month (1-12) and day: a judgement of the bureau's calendar, default 1 December. */
  readonly reviewMonth: number;
  readonly reviewDay: number;
}

export const DEFAULT_REVIEW_OPTIONS: ReviewOptions = Object.freeze({ reviewMonth: 12, reviewDay: 1 });

/** The review date of a year. */
export function reviewDate(year: number, options: ReviewOptions = DEFAULT_REVIEW_OPTIONS): CalendarDay {
  const day = `${year}-${String(options.reviewMonth).padStart(2, '0')}-${String(options.reviewDay).padStart(2, '0')}`;
  if (!isCalendarDay(day)) throw new RangeError(`review date: month ${options.reviewMonth} day ${options.reviewDay} is not a day of ${year}`);
  return day;
}

export interface ProposalStep {
  /** A pending proposal that no longer matches the suggestion, to withdraw. */
  readonly withdraw: string | null;
  /** A proposal to make. */
  readonly propose: { readonly to: SupervisionClass; readonly trigger: ProposalTrigger } | null;
  readonly why: string;
}

/**
 * What to do with a new suggestion, given the registered class and the
 * enterprise's proposals so far (any status).
 */
export function proposalStep(registered: SupervisionClass, suggestion: ClassSuggestion, proposals: readonly ClassProposal[], options: ReviewOptions = DEFAULT_REVIEW_OPTIONS): ProposalStep {
  const to = suggestion.suggested;
  const pending = proposals.find((p) => p.status === 'pending') ?? null;
  if (pending && pending.to === to) return { withdraw: null, propose: null, why: `proposal ${pending.id} to ${to} is already pending` };
  const withdraw = pending ? pending.id : null;
  if (to === registered) return { withdraw, propose: null, why: `suggested ${to} is the registered class` };
  if (to === 'C') return { withdraw, propose: { to, trigger: 'c-condition' }, why: `a C condition is present: ${suggestion.summary}` };
  const review = reviewDate(yearOf(suggestion.asOf), options);
  if (suggestion.asOf < review) return { withdraw, propose: null, why: `suggested ${to} waits for the yearly review on ${review}` };
  const reviewed = proposals.some((p) => p.trigger === 'yearly-review' && p.asOf >= review);
  if (reviewed) return { withdraw, propose: null, why: `the ${yearOf(review)} review already made its proposal; next review ${reviewDate(yearOf(review) + 1, options)}` };
  return { withdraw, propose: { to, trigger: 'yearly-review' }, why: `yearly review of ${review}: suggested ${to}, registered ${registered}` };
}

/** A new pending proposal from a suggestion. */
export function makeProposal(id: string, registered: SupervisionClass, suggestion: ClassSuggestion, trigger: ProposalTrigger, createdAt: string): ClassProposal {
  return {
    id,
    enterprise: suggestion.enterprise,
    from: registered,
    to: suggestion.suggested,
    createdAt,
    asOf: suggestion.asOf,
    trigger,
    conditions: suggestion.conditions,
    summary: suggestion.summary,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    reason: null,
  };
}

export interface ProposalDecision {
  readonly decision: 'accept' | 'reject' | 'withdraw';
  readonly by: string;
  /** ISO 8601 timestamp. */
  readonly at: string;
  readonly reason: string;
}

export type DecisionOutcome = { readonly ok: true; readonly proposal: ClassProposal; readonly change: ClassChange | null } | { readonly ok: false; readonly problem: string };

/** Decides a pending proposal; an accepted one yields the class change to record. */
export function decideProposal(proposal: ClassProposal, d: ProposalDecision): DecisionOutcome {
  if (proposal.status !== 'pending') return { ok: false, problem: `proposal ${proposal.id} is already ${proposal.status}` };
  if (d.reason.trim() === '') return { ok: false, problem: `proposal ${proposal.id}: a decision needs a reason` };
  if (d.by.trim() === '') return { ok: false, problem: `proposal ${proposal.id}: a decision needs who made it` };
  const status: ProposalStatus = d.decision === 'accept' ? 'accepted' : d.decision === 'reject' ? 'rejected' : 'withdrawn';
  const decided: ClassProposal = { ...proposal, status, decidedBy: d.by, decidedAt: d.at, reason: d.reason.trim() };
  const change: ClassChange | null =
    status === 'accepted' ? { enterprise: proposal.enterprise, from: proposal.from, to: proposal.to, at: d.at, by: d.by, reason: d.reason.trim(), proposalId: proposal.id } : null;
  return { ok: true, proposal: decided, change };
}

/** The registered class at a moment from its history (null before the first registration). */
export function registeredClassAt(history: readonly ClassChange[], at: string): SupervisionClass | null {
  let current: ClassChange | null = null;
  for (const c of history) if (c.at <= at && (current === null || c.at >= current.at)) current = c;
  return current ? current.to : null;
}
