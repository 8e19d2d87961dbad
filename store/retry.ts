/**
 * Bounded retry with exponential backoff. The decision to retry lives on the
 * error (StoreError.retryable), the bounds on the policy: an attempt count and
 * a total time after which no new attempt starts. The clock is injected so
 * unit tests run without sleeping.
 */
import { StoreError } from './errors.js';
import type { RetryOptions } from './options.js';

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1), for jitter. */
  random(): number;
}

export const SYSTEM_CLOCK: RetryClock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
});

/** The delay before retry number `retry` (1 = the first retry), ms. */
export function backoffDelay(retry: number, policy: RetryOptions, random: number): number {
  const base = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  return Math.round(base * (1 + policy.jitter * random));
}

/**
 * Runs `attempt` until it succeeds, fails in a non-retryable way, or the
 * policy is exhausted; the final error says what failed, how often and for
 * how long, and keeps the last cause.
 */
export async function withRetry<T>(
  what: string,
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryOptions,
  clock: RetryClock = SYSTEM_CLOCK,
  /** Narrows the error's own decision, e.g. a read that timed out would only time out again. */
  retryIf: (error: StoreError) => boolean = () => true,
): Promise<T> {
  const started = clock.now();
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof StoreError) || !error.retryable || !retryIf(error)) throw error;
      const elapsed = clock.now() - started;
      const delay = Math.max(error.retryAfterMs ?? 0, backoffDelay(attemptNumber, policy, clock.random()));
      if (attemptNumber >= policy.maxAttempts || elapsed + delay > policy.maxElapsedMs) {
        throw new StoreError(error.code, `${what} failed after ${attemptNumber} attempt${attemptNumber === 1 ? '' : 's'} over ${(elapsed / 1000).toFixed(1)} s: ${error.message}`, { cause: error });
      }
      await clock.sleep(delay);
    }
  }
}
