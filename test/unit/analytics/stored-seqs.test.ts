import { describe, expect, it } from 'vitest';
import { StoredSeqs } from '../../../analytics/ingest/stored-seqs.js';

describe('StoredSeqs', () => {
  it('knows the seqs stored per gateway outbox, merging them into ranges', () => {
    const seqs = new StoredSeqs();
    for (const seq of [5, 7, 6, 100, 8, 101, 4]) seqs.add('E', 'G', 'ep1', seq);
    for (const seq of [4, 5, 6, 7, 8, 100, 101]) expect(seqs.has('E', 'G', 'ep1', seq)).toBe(true);
    for (const seq of [3, 9, 99, 102]) expect(seqs.has('E', 'G', 'ep1', seq)).toBe(false);
    expect(seqs.has('E', 'other', 'ep1', 5)).toBe(false);
    expect(seqs.rangeCount('E', 'G', 'ep1')).toBe(2);
    seqs.add('E', 'G', 'ep1', 5); // again: no change
    expect(seqs.rangeCount('E', 'G', 'ep1')).toBe(2);
  });

  it('keeps each epoch apart: a new outbox of the same gateway starts at seq 1 with new batches', () => {
    const seqs = new StoredSeqs();
    for (let seq = 1; seq <= 300; seq++) seqs.add('E', 'G', 'old-outbox', seq);
    for (const seq of [1, 150, 300]) expect(seqs.has('E', 'G', 'new-outbox', seq)).toBe(false);
    seqs.add('E', 'G', 'new-outbox', 1);
    expect(seqs.has('E', 'G', 'new-outbox', 1)).toBe(true);
    expect(seqs.has('E', 'G', 'new-outbox', 2)).toBe(false);
    expect(seqs.has('E', 'G', 'old-outbox', 300)).toBe(true);
    // No epoch (an older gateway) is an epoch of its own.
    expect(seqs.has('E', 'G', '', 1)).toBe(false);
    seqs.add('E', 'G', '', 1);
    expect(seqs.has('E', 'G', '', 1)).toBe(true);
  });

  it('forgets the oldest range beyond maxRanges', () => {
    const seqs = new StoredSeqs(2);
    for (const seq of [1, 3, 5]) seqs.add('E', 'G', 'ep', seq);
    expect(seqs.rangeCount('E', 'G', 'ep')).toBe(2);
    expect(seqs.has('E', 'G', 'ep', 1)).toBe(false);
    expect(seqs.has('E', 'G', 'ep', 5)).toBe(true);
  });

  it('forgets the least recently stored outbox beyond maxOutboxes, so invented epochs cannot grow it', () => {
    const seqs = new StoredSeqs(256, 2);
    seqs.add('E', 'G', 'a', 1);
    seqs.add('E', 'G', 'b', 1);
    seqs.add('E', 'G', 'a', 2); // 'a' is now the most recent
    seqs.add('E', 'G', 'c', 1);
    expect(seqs.has('E', 'G', 'b', 1)).toBe(false);
    expect(seqs.has('E', 'G', 'a', 1)).toBe(true);
    expect(seqs.has('E', 'G', 'c', 1)).toBe(true);
  });
});
