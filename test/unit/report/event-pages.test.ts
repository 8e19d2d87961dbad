/**
 * Reading a month of events in pages: every event once, in the store's
 * order, however the pages fall, including pages that end in the middle of
 * several events sharing one instant; and a clear error, not a loop, when
 * one instant holds more than a page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventPages } from '../../../report/event-pages.js';
import { openStore } from '../../../store/open-store.js';
import type { AlertEvent, TimeSeriesStore } from '../../../store/port.js';

const T0 = Date.UTC(2026, 0, 1);
let dataDir: string;
let store: TimeSeriesStore;
const stored: AlertEvent[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'linewatch-report-pages-'));
  store = await openStore({ kind: 'embedded', dataDir });
  // 40 instants; every fifth holds three events, so page edges fall inside a tie (pages must be larger than a tie).
  for (let i = 0; i < 40; i++) {
    const ids = i % 5 === 0 ? ['a', 'b', 'c'] : ['a'];
    for (const id of ids) stored.push({ id: `alert-${id}`, at: T0 + i * 1000, kind: 'raised', enterprise: 'acme', severity: 'low', rule: 'rule3' });
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

async function readAll(pageSize: number, until = T0 + 50_000): Promise<AlertEvent[]> {
  const out: AlertEvent[] = [];
  for await (const page of readEventPages(store, 'acme', T0, until, pageSize)) out.push(...page);
  return out;
}

describe('readEventPages', () => {
  const expected = () => stored.filter((e) => e.enterprise === 'acme' && e.at < T0 + 50_000);

  it.each([4, 5, 7, 1000])('returns every event once, in order, with pages of %i', async (size) => {
    const got = await readAll(size);
    expect(got.map((e) => `${e.at}/${e.id}`)).toEqual(expected().map((e) => `${e.at}/${e.id}`));
  });

  it('returns nothing for an empty period', async () => {
    expect(await readAll(5, T0)).toEqual([]);
  });

  it('refuses to loop when one instant holds more events than a page', async () => {
    // Three events at T0 and pages of two: the second read starts at T0 again and finds nothing new.
    await expect(readAll(2, T0 + 1)).rejects.toMatchObject({ code: 'LW_REPORT_EVENTS' });
  });
});
