import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../../store/batcher.js';
import { isStoreError } from '../../../store/errors.js';

/** A commit function whose commits the test finishes by hand. */
function manualCommits() {
  const commits: { items: readonly number[]; finish(): void; fail(error: unknown): void }[] = [];
  const commit = (items: readonly number[]) => new Promise<void>((resolve, reject) => commits.push({ items, finish: resolve, fail: reject }));
  return { commits, commit };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteBatcher', () => {
  it('commits a lone call at once and groups the calls that arrive meanwhile', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 100, maxQueuedPoints: 1000, maxInFlight: 1 });
    const first = batcher.submit([1, 2]);
    const second = batcher.submit([3]);
    const third = batcher.submit([4, 5]);
    expect(commits.map((c) => c.items)).toEqual([[1, 2]]);
    commits[0].finish();
    await first;
    await tick();
    expect(commits.map((c) => c.items)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    commits[1].finish();
    await Promise.all([second, third]);
    expect(batcher.pending).toBe(0);
  });

  it('never puts more than maxBatchPoints in a group, but takes an oversized call alone', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 3, maxQueuedPoints: 100, maxInFlight: 1 });
    const calls = [batcher.submit([0]), batcher.submit([1, 2]), batcher.submit([3, 4]), batcher.submit([5, 6, 7, 8]), batcher.submit([9])];
    for (let i = 0; i < 5 && commits.length > i; i++) {
      commits[i].finish();
      await tick();
    }
    await Promise.all(calls);
    expect(commits.map((c) => c.items)).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8], [9]]);
  });

  it('runs up to maxInFlight commits at once', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 1, maxQueuedPoints: 10, maxInFlight: 2 });
    void batcher.submit([1]);
    void batcher.submit([2]);
    void batcher.submit([3]);
    expect(commits).toHaveLength(2);
    commits[0].finish();
    await tick();
    expect(commits).toHaveLength(3);
  });

  it('refuses a call that would overflow the queue, leaving queued calls alone', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 10, maxQueuedPoints: 5, maxInFlight: 1 });
    const accepted = batcher.submit([1, 2, 3, 4]);
    const refused = await batcher.submit([5, 6]).catch((e: unknown) => e);
    expect(isStoreError(refused, 'LW_STORE_OVERLOADED')).toBe(true);
    expect((refused as Error).message).toMatch(/4 points waiting, 2 more would exceed maxQueuedPoints=5/);
    commits[0].finish();
    await accepted;
    // Room again once the first commit is durable.
    const later = batcher.submit([5, 6]);
    commits[1].finish();
    await later;
  });

  it('accepts a single call larger than the queue when nothing else waits', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 2, maxQueuedPoints: 2, maxInFlight: 1 });
    const big = batcher.submit([1, 2, 3, 4, 5]);
    commits[0].finish();
    await big;
  });

  it('rejects every call of a failed group with its error, and only those', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 10, maxQueuedPoints: 100, maxInFlight: 1 });
    const a = batcher.submit([1]);
    const b = batcher.submit([2]);
    const c = batcher.submit([3]);
    const boom = new Error('disk full');
    commits[0].finish();
    await a;
    await tick();
    commits[1].fail(boom);
    await expect(b).rejects.toBe(boom);
    await expect(c).rejects.toBe(boom);
    const d = batcher.submit([4]);
    commits[2].finish();
    await d;
  });

  it('turns a commit function that throws synchronously into rejections', async () => {
    const batcher = new WriteBatcher<number>(
      () => {
        throw new Error('sync');
      },
      { maxBatchPoints: 10, maxQueuedPoints: 100, maxInFlight: 1 },
    );
    await expect(batcher.submit([1])).rejects.toThrow('sync');
    expect(batcher.pending).toBe(0);
  });

  it('on close, finishes what it accepted and refuses the rest', async () => {
    const { commits, commit } = manualCommits();
    const batcher = new WriteBatcher(commit, { maxBatchPoints: 10, maxQueuedPoints: 100, maxInFlight: 1 });
    const accepted = batcher.submit([1]);
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await expect(batcher.submit([2])).rejects.toSatisfy((e: unknown) => isStoreError(e, 'LW_STORE_CLOSED'));
    await tick();
    expect(closed).toBe(false);
    commits[0].finish();
    await accepted;
    await closing;
    expect(closed).toBe(true);
  });
});
