import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { describe, expect, it } from 'vitest';
import { clockedRateLimitStore } from '../../../dashboard/api/rate-limit-store.js';

type Store = FastifyRateLimitStore & { read(key: string, cb: (e: Error | null, r?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void };

function open(maxKeys = 100) {
  const clock = { now: 1_000_000 };
  const Ctor = clockedRateLimitStore(() => clock.now, maxKeys);
  const store = new Ctor({}) as Store;
  const incr = (key: string, window = 60_000) => new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (e, r) => (e ? reject(e) : resolve(r!)), window, 5));
  const read = (key: string, window = 60_000) => new Promise<{ current: number; ttl: number }>((resolve, reject) => store.read(key, (e, r) => (e ? reject(e) : resolve(r!)), window, 5));
  return { clock, store, incr, read };
}

describe('clockedRateLimitStore', () => {
  it('counts within a fixed window that starts at the first hit and ends by the clock', async () => {
    const { clock, incr } = open();
    expect(await incr('a')).toEqual({ current: 1, ttl: 60_000 });
    clock.now += 20_000;
    expect(await incr('a')).toEqual({ current: 2, ttl: 40_000 });
    expect(await incr('b')).toEqual({ current: 1, ttl: 60_000 });
    clock.now += 40_000;
    expect(await incr('a')).toEqual({ current: 1, ttl: 60_000 });
  });

  it('reads without counting', async () => {
    const { clock, incr, read } = open();
    expect(await read('a')).toEqual({ current: 0, ttl: 0 });
    await incr('a');
    await incr('a');
    expect(await read('a')).toEqual({ current: 2, ttl: 60_000 });
    expect(await read('a')).toEqual({ current: 2, ttl: 60_000 });
    clock.now += 60_000;
    expect(await read('a')).toEqual({ current: 0, ttl: 0 });
  });

  it('remembers at most maxKeys keys, forgetting the least recently hit', async () => {
    const { incr, read } = open(2);
    await incr('a');
    await incr('b');
    await incr('a');
    await incr('c');
    expect((await read('a')).current).toBe(2);
    expect((await read('b')).current).toBe(0);
    expect((await read('c')).current).toBe(1);
  });

  it('gives each child (route or limiter) its own counters', async () => {
    const { store, incr } = open();
    await incr('a');
    const child = store.child({} as never) as Store;
    const r = await new Promise<{ current: number }>((resolve) => child.incr('a', (_e, res) => resolve(res!), 60_000, 5));
    expect(r.current).toBe(1);
  });
});
