import { describe, expect, it } from 'vitest';
import type { FindingCandidate } from '../../../core/findings/finding-candidates.js';
import { FindingTracker } from '../../../core/findings/finding-tracker.js';
import type { FindingEvent } from '../../../core/findings/finding.js';

const drift: FindingCandidate = {
  kind: 'drift',
  line: 'L1',
  characteristic: 'conductor_resistance',
  gateway: null,
  severity: 'medium',
  summary: 'L1 conductor resistance: rising 0.2 ohm/km per hour and reaches the 12.1 ohm/km maximum in about 3 h',
  evidence: { hoursToLimit: 3 },
};
const outOfSpec: FindingCandidate = { ...drift, kind: 'out-of-spec', severity: 'critical', summary: 'out of spec', evidence: { readings: 40 } };

function run(tracker: FindingTracker, steps: { at: number; candidates: FindingCandidate[] }[]): FindingEvent[] {
  const events: FindingEvent[] = [];
  for (const s of steps) tracker.update('acme', s.candidates, s.at, events);
  return events;
}

describe('FindingTracker', () => {
  it('opens a finding only once its condition has held for sustainMs, and closes it once gone as long', () => {
    const t = new FindingTracker({ sustainMs: 60_000 });
    const opened = run(t, [
      { at: 0, candidates: [drift] },
      { at: 30_000, candidates: [drift] },
    ]);
    expect(opened).toEqual([]);
    const later = run(t, [{ at: 60_000, candidates: [drift] }]);
    expect(later.map((e) => e.kind)).toEqual(['opened']);
    expect(later[0].finding).toMatchObject({ enterprise: 'acme', kind: 'drift', line: 'L1', status: 'open', openedAt: 60_000 });
    // Gone for less than sustainMs: still open; back again: nothing new.
    expect(
      run(t, [
        { at: 90_000, candidates: [] },
        { at: 100_000, candidates: [drift] },
      ]),
    ).toEqual([]);
    const closing = run(t, [
      { at: 110_000, candidates: [] },
      { at: 171_000, candidates: [] },
    ]);
    expect(closing.map((e) => [e.kind, e.finding.status, e.finding.closedAt])).toEqual([['closed', 'closed', 171_000]]);
    expect(t.list({ status: 'closed' })).toHaveLength(1);
    expect(t.list({ status: 'open' })).toHaveLength(0);
  });

  it('does not open a condition that flickers shorter than sustainMs', () => {
    const t = new FindingTracker({ sustainMs: 60_000 });
    const events = run(t, [
      { at: 0, candidates: [drift] },
      { at: 50_000, candidates: [] },
      { at: 70_000, candidates: [drift] },
      { at: 120_000, candidates: [drift] },
    ]);
    expect(events).toEqual([]);
  });

  it('opens an out-of-spec finding at once: its episode already waited out a glitch', () => {
    const t = new FindingTracker({ sustainMs: 60_000 });
    expect(run(t, [{ at: 5, candidates: [outOfSpec] }]).map((e) => e.kind)).toEqual(['opened']);
  });

  it('updates an open finding whose severity or summary changes', () => {
    const t = new FindingTracker({ sustainMs: 0 });
    const events = run(t, [
      { at: 0, candidates: [drift] },
      { at: 1_000, candidates: [drift] },
      { at: 2_000, candidates: [{ ...drift, severity: 'high', summary: 'reaches the maximum in about 40 min' }] },
    ]);
    expect(events.map((e) => [e.kind, e.finding.severity])).toEqual([
      ['opened', 'medium'],
      ['updated', 'high'],
    ]);
  });

  it('reports a risk level only after it has held, never the first one, and closes the previous level', () => {
    const t = new FindingTracker({ levelSustainMs: 120_000 });
    const events: FindingEvent[] = [];
    t.level('acme', 'medium', 30, 'B', 0, events);
    t.level('acme', 'high', 60, 'C', 10_000, events);
    t.level('acme', 'medium', 30, 'B', 60_000, events); // flapped back: the high never held
    t.level('acme', 'high', 61, 'C', 100_000, events);
    expect(events).toEqual([]);
    t.level('acme', 'high', 62, 'C', 220_000, events);
    expect(events.map((e) => [e.kind, e.finding.kind, e.finding.severity, e.finding.evidence.previousLevel])).toEqual([['opened', 'risk-level', 'high', 'medium']]);
    expect(events[0].finding.summary).toMatch(/rose from medium to high/);
    t.level('acme', 'low', 10, 'A', 230_000, events);
    t.level('acme', 'low', 10, 'A', 400_000, events);
    expect(events.slice(1).map((e) => [e.kind, e.finding.evidence.level])).toEqual([
      ['closed', 'high'],
      ['opened', 'low'],
    ]);
  });

  it('keeps enterprises apart and forgets one handed to another worker', () => {
    const t = new FindingTracker({ sustainMs: 0 });
    const events: FindingEvent[] = [];
    t.update('acme', [drift], 0, events);
    t.update('beta', [drift], 0, events);
    t.update('acme', [], 1, events); // beta's finding is not closed by acme's round
    expect(t.list({ enterprise: 'beta', status: 'open' })).toHaveLength(1);
    t.forgetEnterprise('beta');
    expect(t.list({ enterprise: 'beta' })).toEqual([]);
  });

  it('goes on with restored findings: an open one whose condition is gone closes, a closed one is listed, none opens twice', () => {
    const before = new FindingTracker({ sustainMs: 0 });
    const opened = run(before, [{ at: 10, candidates: [drift, outOfSpec] }]);
    const [driftFinding, specFinding] = opened.map((e) => e.finding);
    const closedSpec = run(before, [{ at: 20, candidates: [drift] }])[0].finding;
    expect(closedSpec).toMatchObject({ id: specFinding.id, status: 'closed' });

    const after = new FindingTracker({ sustainMs: 0 });
    after.restore([driftFinding, closedSpec]);
    expect(after.list().map((f) => [f.id, f.status])).toEqual([
      [closedSpec.id, 'closed'],
      [driftFinding.id, 'open'],
    ]);
    // The condition still holds: the restored finding is the one open, no second opens.
    expect(run(after, [{ at: 30, candidates: [drift] }])).toEqual([]);
    // Gone: the restored finding closes under its own id.
    const closing = run(after, [{ at: 40, candidates: [] }]);
    expect(closing.map((e) => [e.kind, e.finding.id])).toEqual([['closed', driftFinding.id]]);
    expect(after.list({ status: 'open' })).toEqual([]);
  });
});
