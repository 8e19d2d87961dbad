/**
 * Reading the event log page by page through the store's paged read, on a
 * real embedded store: every record of the asked enterprises and period once,
 * in the log's order, however the pages fall (pages smaller than the events
 * of one instant included); decoded records handed on, and each record the
 * codec refuses reported with its identity and reason while the read goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { encodeAlertRecord } from '../../../protocol/event-log/alert-records.js';
import { readEventLog, storedEventPages, type BadEventRecord } from '../../../protocol/event-log/read-event-log.js';
import { compareEvents } from '../../../store/arguments.js';
import { openStore } from '../../../store/open-store.js';
import type { StoredEvent, TimeSeriesStore } from '../../../store/port.js';

const T0 = Date.UTC(2026, 0, 1);
let dataDir: string;
let store: TimeSeriesStore;
const stored: StoredEvent[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'linewatch-event-log-'));
  store = await openStore({ kind: 'embedded', dataDir });
  // 40 instants; every fifth holds three events, so page edges fall inside a tie.
  for (let i = 0; i < 40; i++) {
    const ids = i % 5 === 0 ? ['a', 'b', 'c'] : ['a'];
    for (const id of ids) stored.push({ id: `alert-${id}`, at: T0 + i * 1000, kind: 'raised', enterprise: 'acme', severity: 'low', rule: 'ewma' });
  }
  // Another enterprise's and an out-of-range event: never read.
  stored.push({ id: 'x', at: T0 + 5000, kind: 'raised', enterprise: 'beta' });
  stored.push({ id: 'late', at: T0 + 100_000, kind: 'raised', enterprise: 'acme' });
  await store.appendEvents(stored);
});
afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function readAll(pageSize: number, to = T0 + 50_000): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const page of storedEventPages(store, { enterprises: ['acme'], from: T0, to, pageSize })) {
    expect(page.length).toBeLessThanOrEqual(pageSize);
    out.push(...page);
  }
  return out;
}

describe('storedEventPages', () => {
  const expected = () => stored.filter((e) => e.enterprise === 'acme' && e.at < T0 + 50_000).sort(compareEvents);

  it.each([1, 2, 4, 5, 7, 1000])('returns every event once, in order, with pages of %i', async (size) => {
    const got = await readAll(size);
    expect(got.map((e) => `${e.at}/${e.id}`)).toEqual(expected().map((e) => `${e.at}/${e.id}`));
  });

  it('returns nothing for an empty period', async () => {
    expect(await readAll(5, T0)).toEqual([]);
  });
});

describe('readEventLog', () => {
  it('hands on decoded records and reports each bad one with its identity and path', async () => {
    const book = new EpisodeBook();
    const good = [book.signal({ enterprise: 'delta', line: 'L1', characteristic: 'insulation_thickness' }, 'ewma', T0, 1, T0 + 1)!];
    good.push(book.acknowledge(good[0].alert.id, 'qa', '', T0 + 3));
    const bad: StoredEvent = { id: 'delta.bad', at: T0 + 2, kind: 'updated', enterprise: 'delta', data: { alert: { id: 'delta.bad', count: 'many' } } };
    await store.appendEvents([...good.map(encodeAlertRecord), bad]);

    const reported: BadEventRecord[] = [];
    const kinds: string[] = [];
    for await (const page of readEventLog(store, { enterprises: ['delta'], pageSize: 1 }, (b) => reported.push(b))) {
      for (const entry of page) kinds.push(entry.type === 'alert' ? entry.event.kind : entry.type);
    }
    expect(kinds).toEqual(['raised', 'acknowledged']);
    expect(reported).toEqual([{ id: 'delta.bad', at: T0 + 2, kind: 'updated', enterprise: 'delta', reason: expect.stringMatching(/^data\.alert\.\w+: /) }]);
  });
});
