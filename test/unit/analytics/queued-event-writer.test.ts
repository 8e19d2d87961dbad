import { describe, expect, it } from 'vitest';
import { QueuedEventWriter } from '../../../analytics/journal/queued-event-writer.js';
import type { StoredEvent } from '../../../domain/event-log-record.js';
import { createLogger } from '../../../ops/logger.js';

interface Item {
  readonly id: string;
  readonly n: number;
}

/** A store that fails while `down` and keeps what it was given otherwise. */
function storeOf() {
  const state = { down: false, appended: [] as StoredEvent[][] };
  return {
    state,
    store: {
      appendEvents: async (events: readonly StoredEvent[]) => {
        if (state.down) throw new Error('store down');
        state.appended.push([...events]);
      },
    },
  };
}

const encode = (item: Item): StoredEvent => ({ id: item.id, at: item.n, kind: 'test.item', enterprise: 'e' });
const log = createLogger('queued-events', 'silent');

describe('queued event writer', () => {
  it('keeps every unkeyed item through an outage and writes them in order once the store is back', async () => {
    const { state, store } = storeOf();
    const writer = new QueuedEventWriter<Item>(store, log, { noun: 'items', lost: 'gone', encode });
    state.down = true;
    writer.record([{ id: 'a', n: 1 }]);
    await writer.flush();
    writer.record([
      { id: 'a', n: 2 },
      { id: 'b', n: 3 },
    ]);
    await writer.flush();
    expect(writer.waiting).toBe(3);
    state.down = false;
    await writer.flush();
    expect(state.appended.flat().map((e) => e.at)).toEqual([1, 2, 3]);
    expect(writer.written).toBe(3);
    expect(writer.waiting).toBe(0);
  });

  it('keeps only the newest item of a key while they wait, as the store would', async () => {
    const { state, store } = storeOf();
    const writer = new QueuedEventWriter<Item>(store, log, { noun: 'items', lost: 'gone', encode, keyOf: (i) => i.id });
    state.down = true;
    writer.record([{ id: 'a', n: 1 }]);
    await writer.flush();
    writer.record([
      { id: 'b', n: 2 },
      { id: 'a', n: 3 },
    ]);
    await writer.flush();
    expect(writer.waiting).toBe(2);
    state.down = false;
    await writer.flush();
    expect(state.appended.flat().map((e) => [e.id, e.at])).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
  });

  it('gives up the oldest beyond 10,000 waiting, and counts them', async () => {
    const { state, store } = storeOf();
    const writer = new QueuedEventWriter<Item>(store, log, { noun: 'items', lost: 'gone', encode });
    state.down = true;
    writer.record(Array.from({ length: 10_005 }, (_, n) => ({ id: `i${n}`, n })));
    await writer.flush();
    expect(writer.dropped).toBe(5);
    state.down = false;
    await writer.flush();
    expect(state.appended.flat()[0].at).toBe(5);
  });
});
