import { describe, expect, it } from 'vitest';
import { isStoreError } from '../../../store/errors.js';
import { DEFAULT_STORE_OPTIONS, resolveStoreOptions, type StoreOptionsInput } from '../../../store/options.js';

describe('store options', () => {
  it('defaults are frozen, nested objects included', () => {
    expect(Object.isFrozen(DEFAULT_STORE_OPTIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_STORE_OPTIONS.retry)).toBe(true);
    expect(Object.isFrozen(DEFAULT_STORE_OPTIONS.duckdb)).toBe(true);
    expect(resolveStoreOptions()).toEqual(DEFAULT_STORE_OPTIONS);
  });

  it('merges nested overrides over the defaults and freezes the result', () => {
    const options = resolveStoreOptions({ maxRawPoints: 10, retry: { maxAttempts: 2 }, duckdb: { memoryLimit: '256MB' } });
    expect(options.maxRawPoints).toBe(10);
    expect(options.retry).toEqual({ ...DEFAULT_STORE_OPTIONS.retry, maxAttempts: 2 });
    expect(options.duckdb.memoryLimit).toBe('256MB');
    expect(options.duckdb.threads).toBe(DEFAULT_STORE_OPTIONS.duckdb.threads);
    expect(Object.isFrozen(options.retry)).toBe(true);
  });

  it.each<[string, StoreOptionsInput]>([
    ['maxBatchPoints', { maxBatchPoints: 0 }],
    ['maxQueuedPoints', { maxQueuedPoints: 1.5 }],
    ['maxQueuedPoints', { maxBatchPoints: 100, maxQueuedPoints: 50 }],
    ['retry.jitter', { retry: { jitter: 2 } }],
    ['retry.maxDelayMs', { retry: { minDelayMs: 500, maxDelayMs: 100 } }],
    ['retry.maxElapsedMs', { retry: { maxElapsedMs: -1 } }],
    ['duckdb.memoryLimit', { duckdb: { memoryLimit: 'lots' } }],
    ['requestTimeoutMs', { requestTimeoutMs: Number.NaN }],
  ])('refuses a bad %s with LW_STORE_CONFIG', (name, input) => {
    let error: unknown;
    try {
      resolveStoreOptions(input);
    } catch (e) {
      error = e;
    }
    expect(isStoreError(error, 'LW_STORE_CONFIG')).toBe(true);
    expect((error as Error).message).toContain(name);
  });
});
