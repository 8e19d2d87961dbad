import { describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../../gateway/outbox/memory-outbox.js';
import { outboxContract } from '../../contract/outbox.contract.js';

outboxContract('MemoryOutbox', {
  durable: false,
  create: async (options) => ({ outbox: new MemoryOutbox(options) }),
});

describe('MemoryOutbox', () => {
  it('keeps its own copy of each batch', async () => {
    const outbox = new MemoryOutbox();
    const body = new Uint8Array([1, 2, 3]);
    await outbox.append(body);
    body[0] = 9;
    for await (const e of outbox.unacknowledged()) expect([...e.payload]).toEqual([1, 2, 3]);
  });

  it('never fsyncs', async () => {
    const outbox = new MemoryOutbox();
    await outbox.append('a');
    expect(outbox.stats().fsyncs).toBe(0);
  });

  it('validates its options once, with a stable code', () => {
    expect(() => new MemoryOutbox({ maxBatches: 0 })).toThrow(expect.objectContaining({ code: 'LW_OUTBOX_OPTIONS' }));
    expect(() => new MemoryOutbox({ fullPolicy: 'oldest' as never })).toThrow(/fullPolicy/);
    expect(Object.isFrozen(new MemoryOutbox().options)).toBe(true);
  });
});
