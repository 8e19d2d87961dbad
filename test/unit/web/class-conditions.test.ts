import { describe, expect, it } from 'vitest';
import { conditionGroups, conditionTally, statusWord } from '../../../web/model/class-conditions.js';
import type { ConditionResult } from '../../../supervision/condition-result.js';

const c = (id: string, cls: 'A' | 'C', status: ConditionResult['status']): ConditionResult => ({ id, class: cls, text: id, status, evidence: `${id} evidence`, records: [] });

describe('class conditions', () => {
  const list = [c('c.tax', 'C', 'unknown'), c('c.spot-check-failed', 'C', 'failed'), c('a.tax', 'A', 'unknown'), c('a.licence', 'A', 'met')];

  it('groups C conditions before A, keeping the order within each', () => {
    expect(conditionGroups(list).map((g) => [g.title, g.conditions.map((x) => x.id)])).toEqual([
      ['Class C conditions (any one failed gives C)', ['c.tax', 'c.spot-check-failed']],
      ['Class A conditions (all met give A)', ['a.tax', 'a.licence']],
    ]);
    expect(conditionGroups([c('a.qms', 'A', 'met')])).toHaveLength(1);
  });

  it('says a failed C condition gives C, and tallies the statuses', () => {
    expect(statusWord(list[1])).toBe('Failed (gives C)');
    expect(statusWord(c('a.qms', 'A', 'failed'))).toBe('Failed');
    expect(statusWord(list[0])).toBe('Unknown');
    expect(conditionTally(list)).toBe('1 failed, 1 met, 2 unknown');
  });
});
