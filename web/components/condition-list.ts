/**
 * Every condition of a class suggestion with its status (a shape and a word
 * besides the colour) and its evidence, grouped C then A. Used by the
 * enterprise page and by each proposal.
 */
import { h } from '../lib/dom.js';
import { conditionGroups, conditionTally, statusWord } from '../model/class-conditions.js';
import type { ConditionResult } from '../../supervision/condition-result.js';

const SHAPE = { met: '✓', failed: '✗', unknown: '?' } as const;

export function conditionList(conditions: readonly ConditionResult[]): HTMLElement {
  return h(
    'div',
    { class: 'condition-list' },
    h('p', { class: 'muted condition-tally' }, conditionTally(conditions)),
    conditionGroups(conditions).map((g) =>
      h(
        'div',
        { class: 'condition-group' },
        h('h4', null, g.title),
        h(
          'ul',
          null,
          g.conditions.map((c) =>
            h(
              'li',
              { class: `condition status-${c.status}`, 'data-condition': c.id, 'data-status': c.status },
              h('span', { class: 'condition-status' }, h('span', { 'aria-hidden': 'true' }, `${SHAPE[c.status]} `), statusWord(c)),
              h('span', { class: 'condition-text' }, c.text),
              h('span', { class: 'condition-evidence' }, c.evidence),
            ),
          ),
        ),
      ),
    ),
  );
}
