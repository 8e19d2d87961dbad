/**
 * Counting alert episodes from stored events: a real EpisodeBook makes the
 * events, the codec's encodeAlertRecord stores them, the store's order is
 * imitated (time, then id, then kind), and the tally reads them back. Each
 * test names what it would catch: rules counted as alerts, escalations or
 * auto-resolutions missed, a later state lost to the store's tie order.
 */
import { describe, expect, it } from 'vitest';
import { encodeAlertRecord } from '../../../protocol/event-log/alert-records.js';
import type { AlertEvent as BookEvent, AlertRule, AlertSeverity } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { EpisodeTally, summarizeEpisodes } from '../../../report/episode-tally.js';
import { compareEvents } from '../../../store/arguments.js';
import type { StoredEvent } from '../../../store/port.js';

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2026, 1, 1);
const MIN = 60_000;
const SERIES = { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness' };
const OTHER = { enterprise: 'acme', line: 'L2', characteristic: 'conductor_resistance' };

/** A book and the events it made, stored and read back in the store's order. */
class Scenario {
  readonly book = new EpisodeBook();
  private readonly events: BookEvent[] = [];

  signal(rule: AlertRule, at: number, series = SERIES, severity?: AlertSeverity): string {
    const e = this.book.signal(series, rule, at - 1000, 1, at, severity ? { severity } : {});
    if (!e) throw new Error('refused');
    this.events.push(e);
    return e.alert.id;
  }
  ack(id: string, at: number, cause: string | null = null): void {
    this.events.push(this.book.acknowledge(id, 'qa', '', at, cause));
  }
  resolve(id: string, at: number, cause = 'tooling', action = 'replaced-tooling'): void {
    this.events.push(this.book.resolve(id, 'qa', '', at, cause, action));
  }
  auto(id: string, at: number): void {
    this.events.push(this.book.autoResolve(this.book.get(id)!, at - 1000, at));
  }
  stored(): StoredEvent[] {
    return this.events.map(encodeAlertRecord).sort(compareEvents);
  }
  tally(extra: StoredEvent[] = []): EpisodeTally {
    const t = new EpisodeTally(FROM, TO);
    for (const e of [...this.stored(), ...extra].sort(compareEvents)) t.add(e);
    return t;
  }
}

const T = Date.UTC(2026, 0, 10, 8);

describe('rules within one episode', () => {
  it('count the episode once in the total and once under each rule, however often each fired', () => {
    const s = new Scenario();
    s.signal('cusumSmall', T);
    s.signal('cusumSmall', T + MIN);
    s.signal('ewma', T + 2 * MIN);
    s.signal('cusumLarge', T + 3 * MIN);
    s.signal('cusumSmall', T + 4 * MIN);
    s.signal('ewma', T + 5 * MIN, OTHER);
    const sum = summarizeEpisodes(s.tally().episodes(), 0);
    expect(sum.raised).toBe(2);
    expect(sum.byRule).toEqual({ outOfSpec: 0, shewhart: 0, cusumLarge: 1, cusumSmall: 1, ewma: 2, riskLevel: 0 });
  });

  it('keeps the rules in the order they first fired', () => {
    const s = new Scenario();
    s.signal('ewma', T);
    s.signal('outOfSpec', T + MIN);
    s.signal('ewma', T + 2 * MIN);
    s.signal('shewhart', T + 3 * MIN);
    expect(s.tally().episodes()[0].rules).toEqual(['ewma', 'outOfSpec', 'shewhart']);
  });

  it('makes a new episode of a signal after the previous one resolved', () => {
    const s = new Scenario();
    const first = s.signal('shewhart', T);
    s.auto(first, T + 20 * MIN);
    s.signal('shewhart', T + 60 * MIN);
    const episodes = s.tally().episodes();
    expect(episodes).toHaveLength(2);
    expect(summarizeEpisodes(episodes, 0)).toMatchObject({ raised: 2, byRule: { shewhart: 2 }, resolvedAutomatically: 1, openAtMonthEnd: 1 });
  });
});

describe('escalation', () => {
  it('counts an episode by the highest severity it reached, and as escalated', () => {
    const s = new Scenario();
    s.signal('ewma', T); // medium
    s.signal('shewhart', T + MIN); // high: escalated
    s.signal('outOfSpec', T + 2 * MIN, SERIES, 'critical'); // critical: escalated again
    s.signal('cusumSmall', T, OTHER); // medium, stays so
    s.signal('ewma', T + MIN, OTHER);
    const sum = summarizeEpisodes(s.tally().episodes(), 0);
    expect(sum.bySeverity).toEqual({ critical: 1, high: 0, medium: 1, low: 0 });
    expect(sum.escalated).toBe(1);
  });

  it('does not count an episode raised at its highest severity as escalated', () => {
    const s = new Scenario();
    s.signal('outOfSpec', T, SERIES, 'critical');
    s.signal('ewma', T + MIN);
    expect(summarizeEpisodes(s.tally().episodes(), 0)).toMatchObject({ escalated: 0, bySeverity: { critical: 1 } });
  });

  it('sees the escalation from the states even when no escalated event is stored', () => {
    const s = new Scenario();
    s.signal('ewma', T);
    s.signal('shewhart', T + MIN);
    const stored = s.stored().map((e) => (e.kind === 'escalated' ? { ...e, kind: 'updated' as const } : e));
    const t = new EpisodeTally(FROM, TO);
    for (const e of stored) t.add(e);
    expect(t.episodes()[0]).toMatchObject({ severity: 'high', escalated: true });
  });

  it('ignores an escalation after the month', () => {
    const s = new Scenario();
    s.signal('cusumSmall', TO - 10 * MIN);
    s.signal('shewhart', TO + 10 * MIN);
    expect(s.tally().episodes()[0]).toMatchObject({ severity: 'medium', escalated: false, rules: ['cusumSmall'] });
  });
});

describe('resolution', () => {
  it('tells an episode that resolved by itself from one a person resolved, with the medians of each', () => {
    const s = new Scenario();
    const a = s.signal('cusumSmall', T);
    s.auto(a, T + 20 * MIN);
    const b = s.signal('ewma', T, OTHER);
    s.ack(b, T + 5 * MIN);
    s.resolve(b, T + 90 * MIN);
    const sum = summarizeEpisodes(s.tally().episodes(), 0);
    expect(sum).toMatchObject({
      raised: 2,
      acknowledged: 1,
      resolved: 2,
      resolvedAutomatically: 1,
      resolvedByPerson: 1,
      openAtMonthEnd: 0,
      medianTimeToAcknowledgeMs: 5 * MIN,
      medianTimeToResolveMs: 90 * MIN,
      medianTimeToAutoResolveMs: 20 * MIN,
    });
  });

  it('counts an episode a person gave a cause after it resolved itself as resolved by itself, with that cause', () => {
    const s = new Scenario();
    const a = s.signal('cusumSmall', T);
    s.auto(a, T + 20 * MIN);
    s.resolve(a, T + 26 * 60 * MIN, 'gauge', 'recalibrated-gauge');
    const [e] = s.tally().episodes();
    expect(e).toMatchObject({ resolvedBy: 'auto', resolvedAt: T + 20 * MIN, cause: 'gauge' });
    expect(summarizeEpisodes([e], 0)).toMatchObject({ resolvedAutomatically: 1, resolvedByPerson: 0, medianTimeToAutoResolveMs: 20 * MIN, medianTimeToResolveMs: null });
  });

  it("takes the cause of the resolution over that of the acknowledgement, and the acknowledgement's while open", () => {
    const s = new Scenario();
    const a = s.signal('shewhart', T);
    s.ack(a, T + MIN, 'material');
    s.resolve(a, T + 2 * MIN, 'tooling');
    const b = s.signal('shewhart', T, OTHER);
    s.ack(b, T + MIN, 'setting');
    const byId = new Map(
      s
        .tally()
        .episodes()
        .map((e) => [e.id, e.cause]),
    );
    expect(byId.get(a)).toBe('tooling');
    expect(byId.get(b)).toBe('setting');
  });

  it('leaves open what was resolved or acknowledged only after the month', () => {
    const s = new Scenario();
    const a = s.signal('shewhart', TO - MIN);
    s.ack(a, TO + MIN, 'tooling');
    s.resolve(a, TO + 2 * MIN);
    const [e] = s.tally().episodes();
    expect(e).toMatchObject({ acknowledgedAt: null, resolvedAt: null, resolvedBy: null, cause: null });
  });
});

describe('the latest state of each episode', () => {
  it('is the one further along when the store orders two events of one instant the other way', () => {
    // Escalated, then acknowledged, in the same millisecond: the store puts 'acknowledged' first
    // (kinds sort by name), so the last event read is the escalation's, whose state is not yet acknowledged.
    const s = new Scenario();
    const a = s.signal('ewma', T);
    s.signal('shewhart', T + MIN);
    s.ack(a, T + MIN, 'setting');
    const order = s.stored().map((e) => e.kind);
    expect(order.slice(-2)).toEqual(['acknowledged', 'escalated']);
    const [e] = s.tally().episodes();
    expect(e).toMatchObject({ severity: 'high', escalated: true, acknowledgedAt: T + MIN, cause: 'setting' });
  });

  it("is the person's resolution over the automatic one of the same instant", () => {
    const s = new Scenario();
    const a = s.signal('ewma', T);
    s.auto(a, T + 10 * MIN);
    s.resolve(a, T + 10 * MIN, 'gauge', 'recalibrated-gauge');
    // Both events are 'resolved' at one instant: the store may return them in either order.
    const stored = s.stored();
    for (const events of [stored, [stored[0], stored[2], stored[1]]]) {
      const t = new EpisodeTally(FROM, TO);
      for (const x of events) t.add(x);
      expect(t.episodes()[0]).toMatchObject({ resolvedBy: 'auto', cause: 'gauge' });
    }
  });
});

describe('the month', () => {
  it('counts only episodes raised in it, and those raised before it that a person acted on in it', () => {
    const s = new Scenario();
    const before = s.signal('shewhart', FROM - 60 * MIN);
    s.ack(before, FROM + MIN);
    const selfResolved = s.signal('shewhart', FROM - 60 * MIN, OTHER);
    s.auto(selfResolved, FROM + 5 * MIN);
    s.signal('ewma', FROM + 90 * MIN, { ...OTHER, line: 'L3' });
    const t = s.tally();
    expect(t.episodes().map((e) => e.line)).toEqual(['L3']);
    // Resolving itself is not being acted on.
    expect(t.earlierActedOn()).toBe(1);
  });

  it('reads an alert stored before episodes (one per series and rule) as an episode of its one rule', () => {
    const old: StoredEvent = {
      id: 'acme.L1.insulation_thickness.rule1.1768032000000',
      at: T,
      kind: 'raised',
      enterprise: 'acme',
      line: 'L1',
      characteristic: 'insulation_thickness',
      rule: 'rule1',
      severity: 'high',
      data: { alert: { id: 'acme.L1.insulation_thickness.rule1.1768032000000', rule: 'rule1', severity: 'high', status: 'active', raisedAt: T, count: 1, acknowledged: null, resolved: null } },
    };
    const t = new EpisodeTally(FROM, TO);
    t.add(old);
    expect(t.episodes()[0]).toMatchObject({ rules: ['rule1'], severity: 'high' });
    expect(summarizeEpisodes(t.episodes(), 0).byRule).toMatchObject({ rule1: 1, shewhart: 0 });
  });

  it('counts an event it cannot read instead of using it', () => {
    const t = new EpisodeTally(FROM, TO);
    t.add({ id: 'x', at: T, kind: 'raised', enterprise: 'acme', data: { alert: { severity: 'dreadful', raisedAt: T, rule: 'shewhart' } } });
    t.add({ id: 'y', at: T, kind: 'updated', enterprise: 'acme', severity: 'high', data: { alert: { raisedAt: T } } });
    t.add({ id: 'risk.acme', at: T, kind: 'risk.assessed', enterprise: 'acme', data: {} });
    expect(t.unreadable).toBe(2);
    expect(t.episodes()).toEqual([]);
  });
});
