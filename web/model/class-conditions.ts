/**
 * The conditions of a class suggestion as the page lists them: the C
 * conditions first (any one failed gives C), then the A conditions (all met
 * give A), each with its status in words. For a C condition "failed" means
 * the condition that gives C is present, so the word says so.
 */
import type { ConditionResult, ConditionStatus } from '../../supervision/condition-result.js';

export interface ConditionGroup {
  readonly title: string;
  readonly conditions: readonly ConditionResult[];
}

export function conditionGroups(conditions: readonly ConditionResult[]): ConditionGroup[] {
  return [
    { title: 'Class C conditions (any one failed gives C)', conditions: conditions.filter((c) => c.class === 'C') },
    { title: 'Class A conditions (all met give A)', conditions: conditions.filter((c) => c.class === 'A') },
  ].filter((g) => g.conditions.length > 0);
}

export function statusWord(condition: Pick<ConditionResult, 'class' | 'status'>): string {
  const words: Record<ConditionStatus, string> = {
    met: 'Met',
    failed: condition.class === 'C' ? 'Failed (gives C)' : 'Failed',
    unknown: 'Unknown',
  };
  return words[condition.status];
}

/** "2 failed, 9 met, 4 unknown": the tally a regulator reads first. */
export function conditionTally(conditions: readonly ConditionResult[]): string {
  const n = (s: ConditionStatus) => conditions.filter((c) => c.status === s).length;
  return [`${n('failed')} failed`, `${n('met')} met`, `${n('unknown')} unknown`].join(', ');
}
