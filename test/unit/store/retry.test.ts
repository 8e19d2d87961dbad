import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../store/errors.js';
import { DEFAULT_STORE_OPTIONS, type RetryOptions } from '../../../store/options.js';
import { backoffDelay, withRetry, type RetryClock } from '../../../store/retry.js';

/** A clock that records sleeps and advances instantly. */
function fakeClock(random = 0): RetryClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const policy: RetryOptions = { maxAttempts: 5, minDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 60_000, jitter: 0 };
const down = () => new StoreError('LW_STORE_UNAVAILABLE', 'InfluxDB write at http://x: ECONNREFUSED');

describe('withRetry', () => {
  it('retries retryable errors with doubling delays, then gives up naming attempts and time', async () => {
    const clock = fakeClock();
    let attempts = 0;
    const error = await withRetry(
      'write',
      async () => {
        attempts++;
        throw down();
      },
      policy,
      clock,
    ).catch((e: unknown) => e as StoreError);
    expect(attempts).toBe(5);
    expect(clock.sleeps).toEqual([100, 200, 400, 800]);
    expect(error.code).toBe('LW_STORE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('write failed after 5 attempts over 1.5 s: InfluxDB write at http://x: ECONNREFUSED');
    expect(error.cause).toBeInstanceOf(StoreError);
  });

  it('caps each delay at maxDelayMs and stops before exceeding maxElapsedMs', async () => {
    const clock = fakeClock();
    const error = await withRetry('write', async () => Promise.reject(down()), { ...policy, maxAttempts: 100, maxElapsedMs: 3000 }, clock).catch((e: unknown) => e as Error);
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000]);
    expect(error.message).toMatch(/after 6 attempts over 2\.5 s/);
  });

  it('throws a non-retryable error at once', async () => {
    const clock = fakeClock();
    const auth = new StoreError('LW_STORE_AUTH', 'HTTP 401');
    await expect(withRetry('write', async () => Promise.reject(auth), policy, clock)).rejects.toBe(auth);
    await expect(withRetry('write', async () => Promise.reject(new TypeError('bug')), policy, clock)).rejects.toThrow('bug');
    expect(clock.sleeps).toEqual([]);
  });

  it('lets the caller narrow which retryable errors are retried', async () => {
    const clock = fakeClock();
    const timeout = new StoreError('LW_STORE_UNAVAILABLE', 'no complete answer within 10000 ms');
    await expect(
      withRetry(
        'read',
        async () => Promise.reject(timeout),
        policy,
        clock,
        (e) => e !== timeout,
      ),
    ).rejects.toBe(timeout);
    expect(clock.sleeps).toEqual([]);
  });

  it('honours a longer Retry-After from the server', async () => {
    const clock = fakeClock();
    let attempts = 0;
    const result = await withRetry(
      'write',
      async () => {
        if (attempts++ === 0) throw new StoreError('LW_STORE_UNAVAILABLE', 'HTTP 503', { retryAfterMs: 2000 });
        return 'ok';
      },
      policy,
      clock,
    );
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([2000]);
  });

  it('spreads delays by up to `jitter`', () => {
    expect(backoffDelay(1, { ...policy, jitter: 0.2 }, 0.5)).toBe(110);
    expect(backoffDelay(3, { ...policy, jitter: 0.2 }, 0.999)).toBe(480);
  });

  it('gives up on the default policy within about maxElapsedMs', async () => {
    const clock = fakeClock(1);
    await withRetry('write', async () => Promise.reject(down()), DEFAULT_STORE_OPTIONS.retry, clock).catch(() => undefined);
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(DEFAULT_STORE_OPTIONS.retry.maxElapsedMs);
    expect(clock.sleeps.length).toBe(DEFAULT_STORE_OPTIONS.retry.maxAttempts - 1);
  });
});
