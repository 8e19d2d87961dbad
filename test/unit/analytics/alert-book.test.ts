import { describe, expect, it } from 'vitest';
import { AlertActionError, AlertBook } from '../../../analytics/alerts/alert-book.js';

const series = { enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' };
const other = { ...series, line: 'line-2' };

describe('AlertBook', () => {
  it('keeps one open alert per series and rule; later signals count on it', () => {
    const book = new AlertBook();
    const first = book.signal(series, 'ewma', 1000, 0.81, 5000)!;
    expect(first.kind).toBe('raised');
    expect(first.alert).toMatchObject({ rule: 'ewma', severity: 'medium', status: 'active', firstSampleTs: 1000, count: 1, firstValue: 0.81 });
    const again = book.signal(series, 'ewma', 1100, 0.83, 5100)!;
    expect(again.kind).toBe('updated');
    expect(again.alert.id).toBe(first.alert.id);
    expect(again.alert).toMatchObject({ count: 2, lastSampleTs: 1100, lastValue: 0.83, firstSampleTs: 1000 });
    // Another rule or another series is another alert.
    expect(book.signal(series, 'rule1', 1100, 0.83, 5100)!.kind).toBe('raised');
    expect(book.signal(other, 'ewma', 1100, 0.83, 5100)!.kind).toBe('raised');
    expect(book.list()).toHaveLength(3);
  });

  it('grades severity by rule', () => {
    const book = new AlertBook();
    expect(book.signal(series, 'outOfSpec', 1, 0.5, 1)!.alert.severity).toBe('critical');
    expect(book.signal(series, 'rule1', 1, 0.5, 1)!.alert.severity).toBe('high');
    expect(book.signal(series, 'rule4', 1, 0.5, 1)!.alert.severity).toBe('low');
  });

  it('runs the lifecycle active -> acknowledged -> resolved, with who, when and why', () => {
    const book = new AlertBook();
    const { alert } = book.signal(series, 'cusum', 1000, 0.9, 2000)!;
    const ack = book.acknowledge(alert.id, 'qa-acme', 'die worn, changing it', 3000);
    expect(ack.kind).toBe('acknowledged');
    expect(ack.alert.acknowledged).toEqual({ by: 'qa-acme', at: 3000, comment: 'die worn, changing it' });
    // Still open: a signal after acknowledging counts on the same alert.
    expect(book.signal(series, 'cusum', 1200, 0.9, 3100)!.alert.id).toBe(alert.id);
    const res = book.resolve(alert.id, 'qa-acme', 'die replaced', 4000);
    expect(res.alert.status).toBe('resolved');
    // After resolution a new signal opens a new alert.
    const next = book.signal(series, 'cusum', 1300, 0.9, 4100)!;
    expect(next.kind).toBe('raised');
    expect(next.alert.id).not.toBe(alert.id);
  });

  it('refuses impossible transitions with a stable code', () => {
    const book = new AlertBook();
    const { alert } = book.signal(series, 'rule2', 1000, 0.9, 2000)!;
    book.resolve(alert.id, 'u', 'done', 3000);
    expect(() => book.acknowledge(alert.id, 'u', '', 3100)).toThrow(AlertActionError);
    expect(() => book.resolve(alert.id, 'u', '', 3100)).toThrow(/already resolved/);
    try {
      book.acknowledge('nope', 'u', '', 1);
    } catch (err) {
      expect((err as AlertActionError).code).toBe('LW_ALERT_NOT_FOUND');
    }
    expect.assertions(3);
  });

  it('filters by enterprise, status and time', () => {
    const book = new AlertBook();
    book.signal(series, 'rule1', 1000, 1, 1000)!;
    const b = book.signal({ ...series, enterprise: 'beta' }, 'rule1', 5000, 1, 5000)!;
    book.acknowledge(b.alert.id, 'u', '', 6000);
    expect(book.list({ enterprise: 'beta' }).map((a) => a.enterprise)).toEqual(['beta']);
    expect(book.list({ status: 'active' }).map((a) => a.enterprise)).toEqual(['acme']);
    expect(book.list({ since: 4000 }).map((a) => a.enterprise)).toEqual(['beta']);
  });

  it('rebuilds the same state from its events', () => {
    const book = new AlertBook();
    const events = [
      book.signal(series, 'rule1', 1000, 1, 1000)!,
      book.signal(series, 'rule1', 1100, 1, 1100)!,
      book.signal(other, 'ewma', 1000, 1, 1000)!,
    ];
    events.push(book.resolve(events[2].alert.id, 'u', 'fixed', 2000));
    const copy = new AlertBook();
    for (const e of events) copy.replay(JSON.parse(JSON.stringify(e)));
    expect(copy.list()).toEqual(book.list());
    expect(copy.signal(series, 'rule1', 1200, 1, 3000)!.kind).toBe('updated');
    expect(copy.signal(other, 'ewma', 1200, 1, 3000)!.kind).toBe('raised');
  });
});

describe('AlertBook replaying samples it has already counted', () => {
  it('counts a sample once, and does not reopen a resolved alert for an old sample', () => {
    const book = new AlertBook();
    const first = book.signal(series, 'cusum', 1000, 0.9, 1)!;
    book.signal(series, 'cusum', 1100, 0.9, 1);
    // The same samples again (charts replayed from the store after a restart without a checkpoint).
    expect(book.signal(series, 'cusum', 1000, 0.9, 2)).toBeNull();
    expect(book.signal(series, 'cusum', 1100, 0.9, 2)).toBeNull();
    expect(book.get(first.alert.id)?.count).toBe(2);
    book.resolve(first.alert.id, 'qa', 'fixed', 3);
    expect(book.signal(series, 'cusum', 1100, 0.9, 4)).toBeNull();
    expect(book.get(first.alert.id)?.status).toBe('resolved');
    expect(book.signal(series, 'cusum', 1200, 0.9, 5)?.kind).toBe('raised');
  });

  it('knows from rebuilt events which samples were counted', () => {
    const book = new AlertBook();
    const events = [book.signal(series, 'rule2', 1000, 0.9, 1)!, book.signal(series, 'rule2', 1500, 0.9, 1)!];
    const copy = new AlertBook();
    for (const e of events) copy.replay(e);
    expect(copy.signal(series, 'rule2', 1500, 0.9, 2)).toBeNull();
    expect(copy.signal(series, 'rule2', 1600, 0.9, 2)?.alert.count).toBe(3);
  });
});
