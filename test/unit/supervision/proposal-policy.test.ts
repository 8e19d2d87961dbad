import { describe, expect, it } from 'vitest';
import type { ClassSuggestion } from '../../../supervision/classification.js';
import { decideProposal, makeProposal, proposalStep, registeredClassAt, reviewDate, type ClassChange } from '../../../supervision/proposal-policy.js';
import type { SupervisionClass } from '../../../supervision/records.js';

function suggestion(suggested: SupervisionClass, asOf: string): ClassSuggestion {
  return { enterprise: 'e1', asOf, suggested, conditions: [], summary: `${suggested}: test`, capability: [], excludedDays: 0 };
}

describe('proposalStep', () => {
  it('proposes C at once', () => {
    expect(proposalStep('A', suggestion('C', '2026-03-01'), [])).toMatchObject({ propose: { to: 'C', trigger: 'c-condition' }, withdraw: null });
  });
  it('holds any other change until the yearly review, then proposes it once', () => {
    expect(proposalStep('B', suggestion('A', '2026-11-30'), [])).toMatchObject({ propose: null, why: expect.stringMatching(/waits for the yearly review on 2026-12-01/) });
    const step = proposalStep('B', suggestion('A', '2026-12-01'), []);
    expect(step.propose).toEqual({ to: 'A', trigger: 'yearly-review' });
    const made = makeProposal('p1', 'B', suggestion('A', '2026-12-01'), 'yearly-review', '2026-12-01T08:00:00Z');
    const rejected = decideProposal(made, { decision: 'reject', by: 'chen', at: '2026-12-03T08:00:00Z', reason: 'wait for the spring spot check' });
    expect(rejected.ok).toBe(true);
    if (!rejected.ok) return;
    expect(proposalStep('B', suggestion('A', '2026-12-20'), [rejected.proposal]).propose).toBeNull();
    expect(proposalStep('B', suggestion('A', '2027-12-01'), [rejected.proposal]).propose).toEqual({ to: 'A', trigger: 'yearly-review' });
  });
  it('moves a registered C out of C only at the review', () => {
    expect(proposalStep('C', suggestion('B', '2026-06-01'), []).propose).toBeNull();
  });
  it('does not repeat a pending proposal, and withdraws one the suggestion left', () => {
    const pending = makeProposal('p1', 'A', suggestion('C', '2026-03-01'), 'c-condition', '2026-03-01T00:00:00Z');
    expect(proposalStep('A', suggestion('C', '2026-03-02'), [pending])).toMatchObject({ propose: null, withdraw: null });
    expect(proposalStep('A', suggestion('A', '2026-03-05'), [pending])).toMatchObject({ propose: null, withdraw: 'p1' });
  });
  it('follows a configured review date', () => {
    expect(reviewDate(2026, { reviewMonth: 3, reviewDay: 31 })).toBe('2026-03-31');
    expect(() => reviewDate(2026, { reviewMonth: 2, reviewDay: 30 })).toThrow(/not a day of 2026/);
    expect(proposalStep('B', suggestion('A', '2026-04-01'), [], { reviewMonth: 3, reviewDay: 31 }).propose).toEqual({ to: 'A', trigger: 'yearly-review' });
  });
});

describe('decideProposal', () => {
  const p = makeProposal('p1', 'A', suggestion('C', '2026-03-01'), 'c-condition', '2026-03-01T00:00:00Z');
  it('accepting yields the class change, with who, when and why', () => {
    const out = decideProposal(p, { decision: 'accept', by: 'chen', at: '2026-03-02T09:00:00Z', reason: 'provincial spot check failed' });
    expect(out).toEqual({
      ok: true,
      proposal: { ...p, status: 'accepted', decidedBy: 'chen', decidedAt: '2026-03-02T09:00:00Z', reason: 'provincial spot check failed' },
      change: { enterprise: 'e1', from: 'A', to: 'C', at: '2026-03-02T09:00:00Z', by: 'chen', reason: 'provincial spot check failed', proposalId: 'p1' },
    });
  });
  it('needs a reason, and decides a proposal only once', () => {
    expect(decideProposal(p, { decision: 'reject', by: 'chen', at: 'x', reason: ' ' })).toEqual({ ok: false, problem: 'proposal p1: a decision needs a reason' });
    const done = decideProposal(p, { decision: 'reject', by: 'chen', at: '2026-03-02T09:00:00Z', reason: 'record under appeal' });
    expect(done.ok && done.change).toBeNull();
    if (!done.ok) return;
    expect(decideProposal(done.proposal, { decision: 'accept', by: 'chen', at: 'x', reason: 'r' })).toEqual({ ok: false, problem: 'proposal p1 is already rejected' });
  });
});

describe('registeredClassAt', () => {
  it('reads the class history at a moment', () => {
    const history: ClassChange[] = [
      { enterprise: 'e1', from: null, to: 'B', at: '2024-01-01T00:00:00Z', by: 'import', reason: 'first register', proposalId: null },
      { enterprise: 'e1', from: 'B', to: 'C', at: '2026-03-02T09:00:00Z', by: 'chen', reason: 'spot check', proposalId: 'p1' },
    ];
    expect(registeredClassAt(history, '2023-12-31T00:00:00Z')).toBeNull();
    expect(registeredClassAt(history, '2025-06-01T00:00:00Z')).toBe('B');
    expect(registeredClassAt(history, '2026-03-02T09:00:00Z')).toBe('C');
  });
});
