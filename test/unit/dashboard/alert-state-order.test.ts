import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alert.js';
import { isOlderState } from '../../../dashboard/alert-state-order.js';

const base: Alert = {
  id: 'acme.line-1.insulation_thickness.rule1.1',
  enterprise: 'acme',
  line: 'line-1',
  characteristic: 'insulation_thickness',
  rule: 'shewhart',
  severity: 'high',
  status: 'active',
  firstSampleTs: 1,
  lastSampleTs: 1,
  count: 1,
  firstValue: 0.5,
  lastValue: 0.5,
  raisedAt: 2,
  rules: [{ rule: 'shewhart', count: 1, firstSampleTs: 1, lastSampleTs: 1 }],
  resolvedSampleTs: null,
  shiftSigma: null,
  outOfSpec: null,
  limitsVersion: null,
  acknowledged: null,
  resolved: null,
};
const state = (status: Alert['status'], count: number): Alert => ({ ...base, status, count });

describe('isOlderState', () => {
  it('orders by lifecycle first: a raised state never overwrites an acknowledged or resolved one', () => {
    expect(isOlderState(state('active', 9), state('acknowledged', 1))).toBe(true);
    expect(isOlderState(state('acknowledged', 9), state('resolved', 1))).toBe(true);
    expect(isOlderState(state('resolved', 1), state('active', 9))).toBe(false);
  });

  it('orders by count within one stage: a later signal counted on the alert wins', () => {
    expect(isOlderState(state('active', 3), state('active', 4))).toBe(true);
    expect(isOlderState(state('acknowledged', 5), state('acknowledged', 4))).toBe(false);
  });

  it('does not call an equal state older, so a duplicate is harmlessly taken again', () => {
    expect(isOlderState(state('acknowledged', 4), state('acknowledged', 4))).toBe(false);
  });
});
