/**
 * The regulator's table of a month: per enterprise the daily logs and
 * weekly reports signed against those due, and whether the monthly review
 * is signed, drafted but unsigned, missing, or not due yet.
 */
import { h } from '../lib/dom.js';
import type { ComplianceAnswer, ComplianceCounts } from '../model/routine-types.js';

const REVIEW_TEXT = { signed: 'Signed', unsigned: 'Drafted, not signed', missing: 'Missing', 'not-due': 'Not due yet' } as const;
const counts = (c: ComplianceCounts) => `${c.signed} of ${c.due}`;

export function complianceTable(answer: ComplianceAnswer): HTMLElement {
  return h(
    'table',
    { class: 'table routine-compliance', 'data-month': answer.month },
    h('caption', null, `Routine reports of ${answer.month}, as of ${answer.today}`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Enterprise'),
        h('th', { scope: 'col' }, 'Daily logs signed'),
        h('th', { scope: 'col' }, 'Weekly reports signed'),
        h('th', { scope: 'col' }, 'Monthly review'),
      ),
    ),
    h(
      'tbody',
      null,
      answer.enterprises.map((e) =>
        h(
          'tr',
          { 'data-enterprise': e.enterprise, 'data-review': e.monthlyReview, class: e.monthlyReview === 'missing' ? 'routine-missing' : null },
          h('th', { scope: 'row' }, e.name),
          h('td', { 'data-count': 'daily' }, counts(e.daily)),
          h('td', { 'data-count': 'weekly' }, counts(e.weekly)),
          h('td', { 'data-count': 'monthly' }, REVIEW_TEXT[e.monthlyReview]),
        ),
      ),
    ),
  );
}
