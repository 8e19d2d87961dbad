import { describe, expect, it } from 'vitest';
import { StoredSeqs } from '../../../analytics/ingest/stored-seqs.js';

describe('StoredSeqs', () => {
  it('knows the seqs stored per gateway, merging them into ranges', () => {
    const seqs = new StoredSeqs();
    for (const seq of [5, 7, 6, 100, 8, 101, 4]) seqs.add('E', 'G', seq);
    for (const seq of [4, 5, 6, 7, 8, 100, 101]) expect(seqs.has('E', 'G', seq)).toBe(true);
    for (const seq of [3, 9, 99, 102]) expect(seqs.has('E', 'G', seq)).toBe(false);
    expect(seqs.has('E', 'other', 5)).toBe(false);
    expect(seqs.rangeCount('E', 'G')).toBe(2);
    seqs.add('E', 'G', 5); // again: no change
    expect(seqs.rangeCount('E', 'G')).toBe(2);
  });

  it('forgets the oldest range beyond maxRanges', () => {
    const seqs = new StoredSeqs(2);
    for (const seq of [1, 3, 5]) seqs.add('E', 'G', seq);
    expect(seqs.rangeCount('E', 'G')).toBe(2);
    expect(seqs.has('E', 'G', 1)).toBe(false);
    expect(seqs.has('E', 'G', 5)).toBe(true);
  });
});
