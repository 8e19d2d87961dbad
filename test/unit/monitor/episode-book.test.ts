import { describe, expect, it } from 'vitest';
import { alertId, ruleNames, type AlertEvent } from '../../../monitor/alert.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../../monitor/causes.js';
import { AlertActionError, EpisodeBook, paretoOf } from '../../../monitor/episode-book.js';

const series = { enterprise: 'acme', line: 'L1', characteristic: 'wall' };
const other = { ...series, characteristic: 'diameter' };

function actionError(f: () => unknown): AlertActionError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AlertActionError);
    return err as AlertActionError;
  }
  throw new Error('no error thrown');
}

describe('EpisodeBook: opening and counting', () => {
  it('opens one episode at the first signal; later signals count on it, rules listed in the order first fired', () => {
    const book = new EpisodeBook();
    const raised = book.signal(series, 'cusumSmall', 1000, 0.81, 5000, { limitsVersion: 1, shiftSigma: 0.6 })!;
    expect(raised.kind).toBe('raised');
    expect(raised.at).toBe(5000);
    expect(raised.alert).toMatchObject({
      id: alertId(series, 'cusumSmall', 1000),
      rule: 'cusumSmall',
      severity: 'medium',
      status: 'active',
      firstSampleTs: 1000,
      lastSampleTs: 1000,
      count: 1,
      firstValue: 0.81,
      lastValue: 0.81,
      raisedAt: 5000,
      resolvedSampleTs: null,
      shiftSigma: 0.6,
      limitsVersion: 1,
      outOfSpec: null,
      acknowledged: null,
      resolved: null,
    });
    expect(raised.alert.id).toBe('acme.L1.wall.cusumSmall.1000');
    const second = book.signal(series, 'ewma', 2000, 0.82, 6000, { shiftSigma: 0.8 })!;
    const third = book.signal(series, 'cusumSmall', 3000, 0.83, 7000)!;
    expect(second.kind).toBe('updated');
    expect(third.kind).toBe('updated');
    expect(third.alert.id).toBe(raised.alert.id);
    expect(third.alert).toMatchObject({ count: 3, firstSampleTs: 1000, lastSampleTs: 3000, firstValue: 0.81, lastValue: 0.83, shiftSigma: 0.8, raisedAt: 5000 });
    expect(third.alert.rules).toEqual([
      { rule: 'cusumSmall', count: 2, firstSampleTs: 1000, lastSampleTs: 3000 },
      { rule: 'ewma', count: 1, firstSampleTs: 2000, lastSampleTs: 2000 },
    ]);
    expect(ruleNames(third.alert)).toEqual(['cusumSmall', 'ewma']);
    // One episode for the series; another series has its own.
    expect(book.list()).toHaveLength(1);
    expect(book.openFor(series)?.id).toBe(raised.alert.id);
    expect(book.signal(other, 'cusumSmall', 3000, 1.2, 7000)!.kind).toBe('raised');
    expect(book.list()).toHaveLength(2);
  });

  it('gives each event a copy of the episode as it was then', () => {
    const book = new EpisodeBook();
    const raised = book.signal(series, 'cusumSmall', 1000, 0.81, 5000)!;
    book.signal(series, 'cusumLarge', 2000, 0.9, 6000);
    expect(raised.alert.count).toBe(1);
    expect(raised.alert.rules).toHaveLength(1);
    expect(raised.alert.severity).toBe('medium');
    expect(book.get(raised.alert.id)!.count).toBe(2);
  });

  it('does not count a signal at or before the sample time already counted for that rule (a replay)', () => {
    const book = new EpisodeBook();
    book.signal(series, 'cusumSmall', 1000, 0.81, 5000);
    expect(book.signal(series, 'cusumSmall', 1000, 0.81, 5000)).toBeNull();
    expect(book.signal(series, 'cusumSmall', 900, 0.81, 5000)).toBeNull();
    expect(book.signal(series, 'cusumLarge', 1000, 0.81, 5000)!.kind).toBe('escalated');
    expect(book.openFor(series)!.count).toBe(2);
    expect(book.lastCountedFor(series)).toBe(1000);
    expect(book.lastCountedFor(other)).toBe(-Infinity);
  });
});

describe('EpisodeBook: escalation', () => {
  it('raises the severity within an episode and never lowers it', () => {
    const book = new EpisodeBook();
    const events: AlertEvent[] = [];
    events.push(book.signal(series, 'cusumSmall', 1000, 0.81, 1)!);
    events.push(book.signal(series, 'cusumLarge', 2000, 0.85, 2)!);
    events.push(book.signal(series, 'cusumSmall', 3000, 0.82, 3)!);
    events.push(book.signal(series, 'outOfSpec', 4000, 0.95, 4, { severity: 'critical' })!);
    events.push(book.signal(series, 'cusumLarge', 5000, 0.85, 5)!);
    expect(events.map((e) => [e.kind, e.alert.severity])).toEqual([
      ['raised', 'medium'],
      ['escalated', 'high'],
      ['updated', 'high'],
      ['escalated', 'critical'],
      ['updated', 'critical'],
    ]);
    expect(new Set(events.map((e) => e.alert.id)).size).toBe(1);
    expect(ruleNames(events[4].alert)).toEqual(['cusumSmall', 'cusumLarge', 'outOfSpec']);
  });

  it('raiseSeverity reports whether the severity rose', () => {
    const book = new EpisodeBook();
    const alert = book.get(book.signal(series, 'cusumLarge', 1, 0, 1)!.alert.id)!;
    expect(book.raiseSeverity(alert, 'medium')).toBe(false);
    expect(book.raiseSeverity(alert, 'high')).toBe(false);
    expect(alert.severity).toBe('high');
    expect(book.raiseSeverity(alert, 'critical')).toBe(true);
    expect(alert.severity).toBe('critical');
  });
});

describe('EpisodeBook: resolving by itself', () => {
  it('resolves by "auto" at a sample time; the next signal opens a new episode', () => {
    const book = new EpisodeBook();
    const first = book.signal(series, 'cusumSmall', 1000, 0.81, 1)!;
    const resolved = book.autoResolve(book.get(first.alert.id)!, 601_000, 2);
    expect(resolved.kind).toBe('resolved');
    expect(resolved.alert).toMatchObject({ status: 'resolved', resolvedSampleTs: 601_000, resolved: { by: 'auto', at: 2, cause: null, action: null } });
    expect(book.openFor(series)).toBeUndefined();
    const next = book.signal(series, 'cusumSmall', 602_000, 0.81, 3)!;
    expect(next.kind).toBe('raised');
    expect(next.alert.id).not.toBe(first.alert.id);
    expect(book.get(first.alert.id)!.status).toBe('resolved');
  });
});

describe('EpisodeBook: acknowledging and resolving', () => {
  it('acknowledges an active episode only, with an optional cause from the catalogue', () => {
    const book = new EpisodeBook();
    const { alert } = book.signal(series, 'cusumLarge', 1000, 0.9, 1)!;
    expect(actionError(() => book.acknowledge(alert.id, 'qa', 'x', 2, 'gremlins')).code).toBe('LW_ALERT_CAUSE');
    expect(actionError(() => book.acknowledge(alert.id, 'qa', 'x', 2, 'tooling', 'prayed')).code).toBe('LW_ALERT_CAUSE');
    expect(book.get(alert.id)!.status).toBe('active'); // a refused action changes nothing
    const ack = book.acknowledge(alert.id, 'qa', 'die looks worn', 2, 'tooling');
    expect(ack.kind).toBe('acknowledged');
    expect(ack.alert).toMatchObject({ status: 'acknowledged', acknowledged: { by: 'qa', at: 2, comment: 'die looks worn', cause: 'tooling', action: null } });
    expect(actionError(() => book.acknowledge(alert.id, 'qa', 'again', 3)).code).toBe('LW_ALERT_STATE');
    expect(actionError(() => book.acknowledge('acme.L1.wall.ewma.1', 'qa', 'x', 3)).code).toBe('LW_ALERT_NOT_FOUND');
    // Still open: later signals count on it.
    expect(book.signal(series, 'cusumLarge', 2000, 0.9, 4)!.alert).toMatchObject({ id: alert.id, status: 'acknowledged', count: 2 });
  });

  it('resolves only with a cause and a corrective action from the catalogue', () => {
    const book = new EpisodeBook();
    const { alert } = book.signal(series, 'cusumLarge', 1000, 0.9, 1)!;
    book.signal(series, 'cusumLarge', 4000, 0.9, 2);
    expect(actionError(() => book.resolve(alert.id, 'qa', 'x', 3, null, 'adjusted-process')).message).toMatch(/needs a cause and a corrective action/);
    expect(actionError(() => book.resolve(alert.id, 'qa', 'x', 3, 'tooling', null)).code).toBe('LW_ALERT_CAUSE');
    expect(actionError(() => book.resolve(alert.id, 'qa', 'x', 3, 'gremlins', 'adjusted-process')).message).toMatch(/unknown cause 'gremlins'/);
    expect(actionError(() => book.resolve(alert.id, 'qa', 'x', 3, 'tooling', 'prayed')).message).toMatch(/unknown corrective action 'prayed'/);
    const done = book.resolve(alert.id, 'qa', 'new die', 3, 'tooling', 'replaced-tooling');
    expect(done.kind).toBe('resolved');
    expect(done.alert).toMatchObject({ status: 'resolved', resolvedSampleTs: 4000, resolved: { by: 'qa', at: 3, comment: 'new die', cause: 'tooling', action: 'replaced-tooling' } });
    expect(book.openFor(series)).toBeUndefined();
    expect(actionError(() => book.resolve(alert.id, 'qa', 'again', 4, 'tooling', 'replaced-tooling')).code).toBe('LW_ALERT_STATE');
    expect(actionError(() => book.acknowledge(alert.id, 'qa', 'late', 4)).code).toBe('LW_ALERT_STATE');
  });

  it('lets a person give an auto-resolved episode its cause, once', () => {
    const book = new EpisodeBook();
    const { alert } = book.signal(series, 'cusumSmall', 1000, 0.81, 1)!;
    book.autoResolve(book.get(alert.id)!, 601_000, 2);
    const given = book.resolve(alert.id, 'qa', 'lot change', 3, 'material', 'none-needed');
    expect(given.kind).toBe('resolved');
    expect(given.alert).toMatchObject({ status: 'resolved', resolvedSampleTs: 601_000, resolved: { by: 'qa', cause: 'material', action: 'none-needed' } });
    expect(actionError(() => book.resolve(alert.id, 'qa2', 'no, tooling', 4, 'tooling', 'none-needed')).code).toBe('LW_ALERT_STATE');
    expect(book.get(alert.id)!.resolved!.cause).toBe('material');
  });

  it('checks against the catalogue it was given', () => {
    const book = new EpisodeBook({ causes: [{ id: 'cooling', label: 'Cooling trough' }], actions: [{ id: 'flushed', label: 'Flushed the trough' }] });
    const { alert } = book.signal(series, 'cusumSmall', 1000, 0.81, 1)!;
    expect(actionError(() => book.resolve(alert.id, 'qa', 'x', 2, 'material', 'flushed')).code).toBe('LW_ALERT_CAUSE');
    expect(book.resolve(alert.id, 'qa', 'x', 2, 'cooling', 'flushed').alert.resolved!.cause).toBe('cooling');
  });

  it('acknowledges in bulk: the ones that can be go through, the others are listed with why', () => {
    const book = new EpisodeBook();
    const a = book.signal(series, 'cusumSmall', 1000, 0.81, 1)!.alert.id;
    const b = book.signal(other, 'cusumLarge', 1000, 1.3, 1)!.alert.id;
    const c = book.signal({ ...series, line: 'L2' }, 'ewma', 1000, 0.8, 1)!.alert.id;
    const d = book.signal({ ...series, line: 'L3' }, 'ewma', 1000, 0.8, 1)!.alert.id;
    book.acknowledge(c, 'qa', 'seen', 2);
    book.resolve(d, 'qa', 'done', 2, 'setting', 'adjusted-process');
    const result = book.acknowledgeMany([a, 'nope', c, b, a, d], 'lead', 'shift handover', 3, 'setting');
    expect(result.events.map((e) => [e.kind, e.alert.id])).toEqual([
      ['acknowledged', a],
      ['acknowledged', b],
    ]);
    expect(result.failures.map((f) => [f.id, f.code])).toEqual([
      ['nope', 'LW_ALERT_NOT_FOUND'],
      [c, 'LW_ALERT_STATE'],
      [d, 'LW_ALERT_STATE'],
    ]);
    expect(book.get(a)!.acknowledged).toMatchObject({ by: 'lead', cause: 'setting' });
    expect(book.get(c)!.acknowledged!.by).toBe('qa');
    // A bad cause fails every one, each listed.
    const bad = book.acknowledgeMany([book.signal({ ...series, line: 'L4' }, 'ewma', 1000, 0.8, 1)!.alert.id], 'lead', 'x', 4, 'gremlins');
    expect(bad.events).toEqual([]);
    expect(bad.failures[0].code).toBe('LW_ALERT_CAUSE');
  });
});

describe('EpisodeBook: Pareto of causes', () => {
  function bookWithCauses(): EpisodeBook {
    const book = new EpisodeBook();
    const causes: (string | null)[] = ['tooling', 'material', 'tooling', null, 'gauge', 'tooling', 'material', null];
    causes.forEach((cause, i) => {
      const s = { ...series, line: `L${i}` };
      const { alert } = book.signal(s, 'cusumLarge', 1000 + i, 0.9, 10 + i)!;
      if (cause !== null) book.resolve(alert.id, 'qa', '', 100, cause, 'adjusted-process');
    });
    return book;
  }

  it('counts causes, most frequent first, with shares of the assigned and a running total', () => {
    const p = bookWithCauses().pareto();
    expect(p.episodes).toBe(8);
    expect(p.unassigned).toBe(2);
    expect(p.bars.map((b) => [b.cause, b.count])).toEqual([
      ['tooling', 3],
      ['material', 2],
      ['gauge', 1],
    ]);
    expect(p.bars[0].label).toBe('Tooling (die, tip, wear)');
    expect(p.bars[0].share).toBeCloseTo(0.5, 14);
    expect(p.bars[1].share).toBeCloseTo(1 / 3, 14);
    expect(p.bars[2].share).toBeCloseTo(1 / 6, 14);
    expect(p.bars.map((b) => b.cumulative)).toEqual([0.5, 5 / 6, 1]);
  });

  it("takes the resolution's cause over the acknowledgement's, and the acknowledgement's while open", () => {
    const book = new EpisodeBook();
    const a = book.signal(series, 'cusumLarge', 1000, 0.9, 1)!.alert.id;
    const b = book.signal(other, 'cusumLarge', 1000, 0.9, 1)!.alert.id;
    book.acknowledge(a, 'qa', 'looks like the gauge', 2, 'gauge');
    book.acknowledge(b, 'qa', 'looks like the gauge', 2, 'gauge');
    book.resolve(a, 'qa', 'it was the die', 3, 'tooling', 'replaced-tooling');
    expect(book.pareto().bars.map((x) => [x.cause, x.count])).toEqual([
      ['gauge', 1],
      ['tooling', 1],
    ]);
  });

  it('counts only the episodes in the filter', () => {
    const book = bookWithCauses();
    const p = book.pareto({ line: 'L0' });
    expect(p).toMatchObject({ episodes: 1, unassigned: 0 });
    expect(p.bars.map((b) => b.cause)).toEqual(['tooling']);
    expect(book.pareto({ enterprise: 'globex' })).toEqual({ episodes: 0, unassigned: 0, bars: [] });
  });

  it('orders ties by id and labels a cause no longer in the catalogue by its id', () => {
    const p = paretoOf(
      new Map([
        ['tooling', 2],
        ['retired-cause', 2],
        ['gauge', 4],
      ]),
      10,
      2,
      DEFAULT_CAUSE_CATALOGUE,
    );
    expect(p.bars.map((b) => [b.cause, b.label, b.share])).toEqual([
      ['gauge', 'Gauge or measurement fault', 0.5],
      ['retired-cause', 'retired-cause', 0.25],
      ['tooling', 'Tooling (die, tip, wear)', 0.25],
    ]);
  });
});

describe('EpisodeBook: listing', () => {
  it('filters by series, status, rule, severity and time, newest first', () => {
    const book = new EpisodeBook();
    const a = book.signal(series, 'cusumSmall', 1000, 0.81, 100)!.alert.id;
    book.signal(series, 'cusumLarge', 5000, 0.81, 500);
    const b = book.signal(other, 'ewma', 2000, 1.2, 200)!.alert.id;
    book.acknowledge(b, 'qa', '', 300);
    expect(book.list().map((x) => x.id)).toEqual([b, a]);
    expect(book.list({ characteristic: 'wall' }).map((x) => x.id)).toEqual([a]);
    expect(book.list({ status: 'acknowledged' }).map((x) => x.id)).toEqual([b]);
    expect(book.list({ rule: 'cusumLarge' }).map((x) => x.id)).toEqual([a]);
    expect(book.list({ severity: 'medium' }).map((x) => x.id)).toEqual([b]);
    // `since` keeps an episode raised earlier that still signalled after it.
    expect(book.list({ since: 4000 }).map((x) => x.id)).toEqual([a]);
    expect(book.list({ until: 150 }).map((x) => x.id)).toEqual([a]);
  });
});

describe('EpisodeBook: replay after a restart', () => {
  function history(): { book: EpisodeBook; events: AlertEvent[] } {
    const book = new EpisodeBook();
    const events: AlertEvent[] = [];
    const first = book.signal(series, 'cusumSmall', 1000, 0.81, 1)!;
    events.push(first);
    events.push(book.signal(series, 'cusumLarge', 2000, 0.9, 2)!);
    events.push(book.autoResolve(book.get(first.alert.id)!, 602_000, 3));
    events.push(book.resolve(first.alert.id, 'qa', 'lot', 4, 'material', 'none-needed'));
    const second = book.signal(series, 'cusumSmall', 700_000, 0.81, 5)!;
    events.push(second);
    events.push(book.acknowledge(second.alert.id, 'qa', 'watching', 6));
    events.push(book.signal(other, 'ewma', 3000, 1.2, 7)!);
    return { book, events };
  }

  it('rebuilds the same episodes, open ones included, from the stored events', () => {
    const { book, events } = history();
    const copy = new EpisodeBook();
    for (const e of events) copy.replay(JSON.parse(JSON.stringify(e)));
    expect(copy.list()).toEqual(book.list());
    expect(copy.openFor(series)?.id).toBe(book.openFor(series)!.id);
    expect(copy.openFor(series)?.status).toBe('acknowledged');
    expect([...copy.openAlerts()].map((a) => a.id).sort()).toEqual([...book.openAlerts()].map((a) => a.id).sort());
    expect(copy.lastCountedFor(series)).toBe(700_000);
    expect(copy.pareto()).toEqual(book.pareto());
  });

  it('does not count a replayed signal twice, nor reopen a resolved episode', () => {
    const { events } = history();
    const copy = new EpisodeBook();
    for (const e of events) copy.replay(e);
    // The same signals again (a reading source resending after a restart).
    expect(copy.signal(series, 'cusumSmall', 1000, 0.81, 10)).toBeNull();
    expect(copy.signal(series, 'cusumLarge', 2000, 0.9, 10)).toBeNull();
    expect(copy.signal(series, 'cusumSmall', 700_000, 0.81, 10)).toBeNull();
    expect(copy.list()).toHaveLength(3);
    expect(copy.get(events[0].alert.id)!.status).toBe('resolved');
    // A new signal counts on the open episode.
    const next = copy.signal(series, 'cusumSmall', 701_000, 0.82, 11)!;
    expect(next.kind).toBe('updated');
    expect(next.alert).toMatchObject({ id: events[4].alert.id, count: 2 });
  });

  it('keeps a replayed event independent of the stored one', () => {
    const { events } = history();
    const copy = new EpisodeBook();
    for (const e of events) copy.replay(e);
    copy.signal(other, 'ewma', 9000, 1.2, 20);
    expect(events[6].alert.count).toBe(1);
  });

  it('forgets an enterprise entirely', () => {
    const { book } = history();
    const globex = { ...series, enterprise: 'globex' };
    book.signal(globex, 'cusumSmall', 1000, 0.81, 1);
    book.forgetEnterprise('acme');
    expect(book.list().map((a) => a.enterprise)).toEqual(['globex']);
    expect(book.openFor(series)).toBeUndefined();
    expect(book.lastCountedFor(series)).toBe(-Infinity);
    // Its signals count afresh.
    expect(book.signal(series, 'cusumSmall', 1000, 0.81, 2)!.kind).toBe('raised');
  });
});

describe('comments as they are kept', () => {
  it('lose NUL, other control characters and bidirectional overrides; keep tabs, newlines and every other letter', async () => {
    const { EpisodeBook: Book, plainComment } = await import('../../../monitor/episode-book.js');
    expect(plainComment('die\u0000 worn\u202E\u2066ok\u2069\u202C\tnew\nline, ünïcode 测试')).toBe('die wornok\tnew\nline, ünïcode 测试');
    const book = new Book();
    const raised = book.signal({ enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness' }, 'outOfSpec', 1, 0.5, 2)!;
    const acked = book.acknowledge(raised.alert.id, 'qa', 'checked\u0000\u202Etxet', 3);
    expect(acked.alert.acknowledged!.comment).toBe('checkedtxet');
    const resolved = book.resolve(raised.alert.id, 'qa', '\u2067fixed\u2069', 4, 'gauge', 'recalibrated-gauge');
    expect(resolved.alert.resolved!.comment).toBe('fixed');
  });
});
