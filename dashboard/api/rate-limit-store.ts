/**
 * The counter store behind @fastify/rate-limit: fixed windows in memory, as
 * the plugin's own LocalStore, but reading the injected clock (so tests can
 * let a window pass without sleeping) and bounded: at most `maxKeys` keys,
 * the least recently used forgotten first, so a flood of distinct addresses
 * or user names costs bounded memory.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';

interface Window {
  count: number;
  startMs: number;
}

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

export function clockedRateLimitStore(clock: () => number, maxKeys: number): FastifyRateLimitStoreCtor {
  class ClockedStore implements FastifyRateLimitStore {
    private readonly windows = new Map<string, Window>();

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = clock();
      let w = this.windows.get(key);
      if (!w || w.startMs + timeWindow <= now) w = { count: 0, startMs: now };
      w.count += 1;
      this.touch(key, w);
      callback(null, { current: w.count, ttl: w.startMs + timeWindow - now });
    }

    /** Peeks without counting (the plugin calls it for `{ increment: false }`). */
    read(key: string, callback: Callback, timeWindow: number): void {
      const now = clock();
      const w = this.windows.get(key);
      if (!w || w.startMs + timeWindow <= now) callback(null, { current: 0, ttl: 0 });
      else callback(null, { current: w.count, ttl: w.startMs + timeWindow - now });
    }

    child(): FastifyRateLimitStore {
      // Each route or limiter gets its own counters, as with the plugin's stores.
      return new ClockedStore();
    }

    private touch(key: string, w: Window): void {
      // A Map iterates in insertion order: re-inserting makes the oldest key come first.
      this.windows.delete(key);
      this.windows.set(key, w);
      if (this.windows.size > maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    }
  }
  return ClockedStore as unknown as FastifyRateLimitStoreCtor;
}
