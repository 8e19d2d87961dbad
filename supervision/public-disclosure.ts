/**
 * What the public page (no login) may show: the spot-check results,
 * penalties, typical cases and serious-violation entries the bureau chose to
 * publish, and each maker's registered class. Never a record marked internal
 * (internal wins over published), never another kind of record, never
 * measurement data: the view is built field by field from a whitelist, so a
 * field added to a record later stays private until it is added here.
 */
import type { CalendarDay } from './calendar-day.js';
import { creditState } from './credit-list.js';
import type { CheckLevel, CreditRecord, PenaltyRecord, SpotCheckRecord, SupervisionClass, SupervisionRecord, TypicalCaseRecord } from './records.js';

export interface PublicEnterprise {
  readonly enterprise: string;
  readonly name: string;
  readonly class: SupervisionClass;
}

export interface PublicView {
  readonly asOf: CalendarDay;
  readonly enterprises: readonly PublicEnterprise[];
  readonly spotChecks: readonly { enterprise: string; date: CalendarDay; level: CheckLevel; product: string; result: 'pass' | 'fail'; failedItems: readonly string[] }[];
  readonly penalties: readonly { enterprise: string; date: CalendarDay; decisionNumber: string; reason: string }[];
  readonly typicalCases: readonly { enterprise: string; date: CalendarDay; title: string; summary: string }[];
  /** Entries on the serious-violation list on `asOf`. */
  readonly creditList: readonly { enterprise: string; listedOn: CalendarDay; until: CalendarDay | null; reason: string }[];
}

/** True for a record the public may see: published and not internal. */
export function isPublishable(r: SupervisionRecord): boolean {
  return r.published && !r.internal;
}

const newestFirst = (a: { date: string }, b: { date: string }) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

export function publicView(enterprises: readonly PublicEnterprise[], records: readonly SupervisionRecord[], asOf: CalendarDay): PublicView {
  const shown = records.filter((r) => isPublishable(r) && ('date' in r ? r.date <= asOf : true));
  const of = <K extends SupervisionRecord['kind']>(kind: K) => shown.filter((r): r is Extract<SupervisionRecord, { kind: K }> => r.kind === kind);
  return {
    asOf,
    enterprises: enterprises.map((e) => ({ enterprise: e.enterprise, name: e.name, class: e.class })),
    spotChecks: of('spot-check')
      .map((r: SpotCheckRecord) => ({ enterprise: r.enterprise, date: r.date, level: r.level, product: r.product, result: r.result, failedItems: [...r.failedItems] }))
      .sort(newestFirst),
    penalties: of('penalty')
      .map((r: PenaltyRecord) => ({ enterprise: r.enterprise, date: r.date, decisionNumber: r.decisionNumber, reason: r.reason }))
      .sort(newestFirst),
    typicalCases: of('typical-case')
      .map((r: TypicalCaseRecord) => ({ enterprise: r.enterprise, date: r.date, title: r.title, summary: r.summary }))
      .sort(newestFirst),
    creditList: of('credit')
      .filter((r: CreditRecord) => creditState(r, asOf) === 'listed')
      .map((r: CreditRecord) => ({ enterprise: r.enterprise, listedOn: r.listedOn, until: r.until, reason: r.reason })),
  };
}
