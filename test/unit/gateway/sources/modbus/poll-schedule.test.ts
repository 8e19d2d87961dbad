import { describe, expect, it } from 'vitest';
import { nextSlot } from '../../../../../gateway/sources/modbus/poll-schedule.js';

describe('nextSlot', () => {
  it('starts the next poll on the next slot of the grid when the last one ended in time', () => {
    expect(nextSlot(1000, 100, 0, 1030)).toEqual({ index: 1, at: 1100, skipped: 0 });
    expect(nextSlot(1000, 100, 4, 1499)).toEqual({ index: 5, at: 1500, skipped: 0 });
    // Ending exactly on the next slot still takes it.
    expect(nextSlot(1000, 100, 4, 1500)).toEqual({ index: 5, at: 1500, skipped: 0 });
  });

  it('skips the slots an overrunning poll passed, instead of queueing late polls', () => {
    expect(nextSlot(1000, 100, 0, 1101)).toEqual({ index: 2, at: 1200, skipped: 1 });
    expect(nextSlot(1000, 100, 0, 1350)).toEqual({ index: 4, at: 1400, skipped: 3 });
    expect(nextSlot(1000, 100, 7, 1900)).toEqual({ index: 9, at: 1900, skipped: 1 });
  });

  it('keeps the grid: the rate does not drift with how long each poll takes', () => {
    let slot = 0;
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = nextSlot(0, 100, slot, slot * 100 + 37);
      slot = next.index;
      starts.push(next.at);
    }
    expect(starts).toEqual([100, 200, 300, 400, 500]);
  });
});
