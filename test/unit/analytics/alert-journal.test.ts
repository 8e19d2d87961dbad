import { describe, expect, it } from 'vitest';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { AlertJournal } from '../../../analytics/alerts/alert-journal.js';
import type { AlertEvent } from '../../../monitor/alert.js';
import type { AlertEvent as StoredEvent, TimeSeriesStore } from '../../../store/port.js';
import { createLogger } from '../../../ops/logger.js';

/** Records what the journal appends; only appendEvents is used by the journal. */
function recordingStore(fail = { now: false }) {
  const appended: StoredEvent[][] = [];
  const store = {
    async appendEvents(events: readonly StoredEvent[]) {
      if (fail.now) throw new Error('store down');
      appended.push([...events]);
    },
  } as unknown as TimeSeriesStore;
  return { store, appended };
}

const series = { enterprise: 'acme', line: 'L1', characteristic: 'conductor_resistance' };
const log = createLogger('test', 'silent');

describe('AlertJournal', () => {
  it('publishes lifecycle events at once and counter updates once per flush', async () => {
    const { store } = recordingStore();
    const published: AlertEvent[] = [];
    const journal = new AlertJournal(store, (e) => published.push(e), log);
    const book = new EpisodeBook();
    journal.record(book.signal(series, 'cusumLarge', 1, 12, 1000)!);
    for (let i = 2; i < 50; i++) journal.record(book.signal(series, 'cusumLarge', i, 12, 1000 + i)!);
    expect(published.map((e) => e.kind)).toEqual(['raised']);
    await journal.flush();
    expect(published.map((e) => e.kind)).toEqual(['raised', 'updated']);
    expect(published[1].alert.count).toBe(49);
  });

  it('stores counter updates at most once per storeUpdatesEveryMs, and the newest at stop', async () => {
    const { store, appended } = recordingStore();
    const journal = new AlertJournal(store, () => {}, log, { storeUpdatesEveryMs: 60_000 });
    const book = new EpisodeBook();
    journal.record(book.signal(series, 'ewma', 1, 12, 0)!);
    await journal.flush();
    journal.record(book.signal(series, 'ewma', 2, 12, 10_000)!);
    await journal.flush();
    journal.record(book.signal(series, 'ewma', 3, 12, 30_000)!);
    await journal.flush();
    // Only the 'raised' so far: the updates are within a minute of it.
    expect(appended.flat().map((e) => e.kind)).toEqual(['raised']);
    journal.record(book.signal(series, 'ewma', 4, 12, 61_000)!);
    await journal.flush();
    expect(appended.flat().map((e) => e.kind)).toEqual(['raised', 'updated']);
    journal.record(book.signal(series, 'ewma', 5, 12, 62_000)!);
    await journal.flush();
    await journal.stop();
    const kinds = appended.flat().map((e) => `${e.kind}:${(e.data?.alert as { count: number } | undefined)?.count}`);
    expect(kinds).toEqual(['raised:1', 'updated:4', 'updated:5']);
  });

  it('keeps events while the store is down and writes them when it is back', async () => {
    const fail = { now: true };
    const { store, appended } = recordingStore(fail);
    const journal = new AlertJournal(store, () => {}, log);
    const book = new EpisodeBook();
    const raised = book.signal(series, 'shewhart', 1, 13, 0)!;
    journal.record(raised);
    journal.record(book.resolve(raised.alert.id, 'qa', 'fixed', 10, 'gauge', 'recalibrated-gauge'));
    await journal.flush();
    expect(appended).toHaveLength(0);
    fail.now = false;
    await journal.flush();
    expect(appended.flat().map((e) => e.kind)).toEqual(['raised', 'resolved']);
  });
});

describe('AlertJournal and events the store refuses', () => {
  it('stores enterprise-level alerts without a line or characteristic of their own', async () => {
    const { store, appended } = recordingStore();
    const journal = new AlertJournal(store, () => {}, log);
    const book = new EpisodeBook();
    journal.record(book.signal({ enterprise: 'acme', line: 'all-lines', characteristic: 'risk-score' }, 'riskLevel', 5, 62, 5)!);
    await journal.flush();
    expect(appended[0][0]).toMatchObject({ enterprise: 'acme', kind: 'raised', rule: 'riskLevel' });
    expect(appended[0][0].characteristic).toBeUndefined();
  });

  it('does not let one refused event block the others', async () => {
    const appended: StoredEvent[] = [];
    const store = {
      async appendEvents(events: readonly StoredEvent[]) {
        if (events.some((e) => e.rule === 'cusumSmall')) throw Object.assign(new Error('invalid event'), { retryable: false });
        appended.push(...events);
      },
    } as unknown as TimeSeriesStore;
    const journal = new AlertJournal(store, () => {}, log);
    const book = new EpisodeBook();
    journal.record(book.signal(series, 'shewhart', 1, 13, 0)!);
    // Three series: on one series the three signals would be one episode.
    journal.record(book.signal({ ...series, line: 'L2' }, 'cusumSmall', 1, 13, 0)!);
    journal.record(book.signal({ ...series, line: 'L3' }, 'ewma', 1, 13, 0)!);
    await journal.flush();
    expect(appended.map((e) => e.rule)).toEqual(['shewhart', 'ewma']);
    expect(journal.refused).toBe(1);
    await journal.flush();
    expect(appended).toHaveLength(2);
  });
});
