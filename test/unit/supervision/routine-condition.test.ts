import { describe, expect, it } from 'vitest';
import { classify } from '../../../supervision/classification.js';
import { classificationOptions } from '../../../supervision/classification-options.js';
import { requiredReviewMonths, type SignedMonthlyReview } from '../../../supervision/routine-condition.js';
import { AS_OF, ENTERPRISE, goodDays, goodRecords, SPECS } from './register-fixture.js';

const review = (month: string, signedOn: string, enterprise = ENTERPRISE): SignedMonthlyReview => ({ id: `review-${enterprise}-${month}`, enterprise, month, signedOn });

function run(routineRequiredFrom: string | null, routineReviews?: SignedMonthlyReview[]) {
  return classify({ enterprise: ENTERPRISE, asOf: AS_OF, records: goodRecords(), specs: SPECS, ...goodDays(), routineReviews }, classificationOptions({ routineRequiredFrom }));
}

describe('a.routine: a signed monthly review for every month', () => {
  it('is not judged, and changes nothing, where the routine is not required', () => {
    const without = classify({ enterprise: ENTERPRISE, asOf: AS_OF, records: goodRecords(), specs: SPECS, ...goodDays() });
    const notRequired = run(null, [review('2026-01-01', '2026-02-03')]);
    expect(notRequired).toEqual(without);
    expect(notRequired.conditions.map((c) => c.id)).not.toContain('a.routine');
    expect(notRequired.suggested).toBe('A');
  });

  it('months required: from the first whole month on, once 15 days after its end have passed', () => {
    // March's review counts as missing from 16 April (31 March + 15 days), not before.
    expect(requiredReviewMonths('2026-01-15', '2026-04-16', 15)).toEqual(['2026-02-01', '2026-03-01']);
    expect(requiredReviewMonths('2026-01-01', '2026-04-16', 15)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(requiredReviewMonths('2026-01-01', '2026-04-15', 15)).toEqual(['2026-01-01', '2026-02-01']);
    expect(requiredReviewMonths('2026-01-01', '2026-04-01', 0)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(requiredReviewMonths('2026-03-02', '2026-04-16', 15)).toEqual([]);
  });

  it('a missing monthly review fails it, naming the month, and the suggestion drops from A to B', () => {
    const asOf = AS_OF;
    const from = `${asOf.slice(0, 4)}-01-01`;
    const s = run(from, [review(`${asOf.slice(0, 4)}-01-01`, `${asOf.slice(0, 4)}-02-05`)]);
    const months = requiredReviewMonths(from, asOf, 15);
    expect(months.length).toBeGreaterThan(1);
    const c = s.conditions.find((x) => x.id === 'a.routine')!;
    expect(c.status).toBe('failed');
    expect(c.evidence).toContain(
      `no signed monthly review for ${months
        .slice(1)
        .map((m) => m.slice(0, 7))
        .join(', ')}`,
    );
    expect(c.records).toEqual([`review-${ENTERPRISE}-${from}`]);
    expect(s.suggested).toBe('B');
    expect(s.summary).toContain('a.routine failed');
  });

  it('every month signed (by asOf, by this enterprise) meets it and keeps A', () => {
    const from = `${AS_OF.slice(0, 4)}-01-01`;
    const months = requiredReviewMonths(from, AS_OF, 15);
    const s = run(
      from,
      months.map((m) => review(m, m)),
    );
    expect(s.conditions.find((x) => x.id === 'a.routine')).toMatchObject({ status: 'met', records: months.map((m) => `review-${ENTERPRISE}-${m}`) });
    expect(s.suggested).toBe('A');
    const lateOrOther = run(from, [...months.slice(1).map((m) => review(m, m)), review(months[0], '2999-01-01'), review(months[0], months[0], 'someone-else')]);
    expect(lateOrOther.conditions.find((x) => x.id === 'a.routine')!.status).toBe('failed');
  });

  it('refuses a routineRequiredFrom that is not a day', () => {
    expect(() => classificationOptions({ routineRequiredFrom: '2026-13-01' })).toThrow(/classification\.routineRequiredFrom: expected a day YYYY-MM-DD or null, got "2026-13-01"/);
  });
});
