/**
 * The alert book is bounded and keeps its list order: at most
 * maxResolvedKept resolved episodes (the one resolved longest ago goes
 * first, an open one never), and list() in newest-first order as episodes
 * come, change and go, compared with a sort of everything the book holds.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alert.js';
import { DEFAULT_EPISODE_BOOK_OPTIONS, EpisodeBook } from '../../../monitor/episode-book.js';

const line = (n: number) => ({ enterprise: 'acme', line: `L${n}`, characteristic: 'wall' });

/** What list() promised before it kept an order: newest raised first, then newest first sample, ties in the order added. */
function sortedView(alerts: readonly Alert[]): string[] {
  return alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.raisedAt - x.a.raisedAt || y.a.firstSampleTs - x.a.firstSampleTs || x.i - y.i)
    .map(({ a }) => a.id);
}

describe('EpisodeBook: bounded', () => {
  it('has a default cap', () => {
    expect(new EpisodeBook().options.maxResolvedKept).toBe(DEFAULT_EPISODE_BOOK_OPTIONS.maxResolvedKept);
    expect(DEFAULT_EPISODE_BOOK_OPTIONS.maxResolvedKept).toBeGreaterThan(0);
    expect(() => new EpisodeBook(undefined, { maxResolvedKept: -1 })).toThrow(/maxResolvedKept/);
  });

  it('forgets the episode resolved longest ago beyond the cap, and never an open one', () => {
    const book = new EpisodeBook(undefined, { maxResolvedKept: 2 });
    const ids = [1, 2, 3, 4, 5].map((n) => book.signal(line(n), 'shewhart', n * 1000, 1, n * 1000)!.alert.id);
    // Resolved out of raising order: 3 first, then 1, then 5, then 2. Line 4 stays open.
    book.autoResolve(book.get(ids[2])!, 10_000, 10_000);
    book.resolve(ids[0], 'qa', '', 11_000, 'tooling', 'replaced-tooling');
    expect(book.size).toBe(5);
    book.autoResolve(book.get(ids[4])!, 12_000, 12_000);
    expect(book.get(ids[2])).toBeUndefined();
    expect(book.size).toBe(4);
    book.autoResolve(book.get(ids[1])!, 13_000, 13_000);
    expect(book.get(ids[0])).toBeUndefined();
    expect(book.list().map((a) => a.id)).toEqual([ids[4], ids[3], ids[1]]);
    expect(book.list({ status: 'active' }).map((a) => a.id)).toEqual([ids[3]]);
  });

  it('counts a person giving the cause of a resolved episode as the same resolution, not a newer one', () => {
    const book = new EpisodeBook(undefined, { maxResolvedKept: 2 });
    const a = book.signal(line(1), 'shewhart', 1000, 1, 1000)!.alert.id;
    const b = book.signal(line(2), 'shewhart', 2000, 1, 2000)!.alert.id;
    const c = book.signal(line(3), 'shewhart', 3000, 1, 3000)!.alert.id;
    book.autoResolve(book.get(a)!, 4000, 4000);
    book.autoResolve(book.get(b)!, 5000, 5000);
    book.resolve(a, 'qa', 'found it', 6000, 'tooling', 'replaced-tooling');
    book.autoResolve(book.get(c)!, 7000, 7000);
    expect(book.get(a)).toBeUndefined();
    expect(book.list().map((x) => x.id)).toEqual([c, b]);
  });

  it('bounds a book rebuilt by replay too, and a cap of 0 keeps only open episodes', () => {
    const source = new EpisodeBook();
    const events = [1, 2, 3].flatMap((n) => {
      const raised = source.signal(line(n), 'ewma', n * 1000, 1, n * 1000)!;
      return n === 3 ? [raised] : [raised, source.autoResolve(source.get(raised.alert.id)!, n * 1000 + 500, n * 1000 + 500)];
    });
    const copy = new EpisodeBook(undefined, { maxResolvedKept: 0 });
    for (const e of events) copy.replay(e);
    expect(copy.list().map((a) => a.status)).toEqual(['active']);
    expect(copy.openFor(line(3))?.id).toBe(events[events.length - 1].alert.id);
  });
});

describe('EpisodeBook: list order kept, not sorted per call', () => {
  it('matches a sort of everything held after episodes are raised, replayed out of order, resolved, evicted and forgotten', () => {
    const book = new EpisodeBook(undefined, { maxResolvedKept: 5 });
    const other = new EpisodeBook();
    /** Every episode in the order it was first added (the tie order), as its latest state. */
    const added: string[] = [];
    const states = () => added.map((id) => other.get(id)!);
    // Raised at times that go back and forth, with ties of raisedAt and of both keys.
    const times = [5000, 3000, 5000, 9000, 1000, 7000, 3000, 8000, 2000, 9000];
    const firstSamples = [4000, 2900, 4000, 8900, 900, 6900, 2900, 7900, 1900, 8800];
    times.forEach((t, n) => {
      const e = other.signal(line(n), 'cusumSmall', firstSamples[n], 1, t)!;
      added.push(e.alert.id);
      book.replay(e);
    });
    expect(book.list().map((a) => a.id)).toEqual(sortedView(states()));
    // A newer copy of an episode keeps its place.
    const bumped = other.signal(line(3), 'cusumSmall', 20_000, 2, 20_000)!;
    book.replay(bumped);
    expect(book.list().map((a) => a.id)).toEqual(sortedView(states()));
    expect(book.get(bumped.alert.id)?.count).toBe(2);
    // Resolve seven: the first two resolved are forgotten.
    for (const n of [0, 1, 2, 4, 5, 6, 7]) book.replay(other.autoResolve(other.get(other.openFor(line(n))!.id)!, 30_000 + n, 30_000 + n));
    const held = states().filter((a) => book.get(a.id) !== undefined);
    expect(held.length).toBe(8);
    expect(book.get(added[0])).toBeUndefined();
    expect(book.get(added[1])).toBeUndefined();
    expect(book.list().map((a) => a.id)).toEqual(sortedView(held));
    book.forgetEnterprise('acme');
    expect(book.list()).toEqual([]);
    expect(book.size).toBe(0);
  });

  it('lists live objects: an acknowledgement shows without a new list order', () => {
    const book = new EpisodeBook();
    const id = book.signal(line(1), 'ewma', 1000, 1, 1000)!.alert.id;
    book.signal(line(2), 'ewma', 2000, 1, 2000);
    book.list();
    book.acknowledge(id, 'qa', '', 3000);
    expect(book.list().map((a) => [a.line, a.status])).toEqual([
      ['L2', 'active'],
      ['L1', 'acknowledged'],
    ]);
  });
});
