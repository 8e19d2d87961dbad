import { describe, expect, it } from 'vitest';
import { LiveQueue } from '../../../gateway/live-queue.js';

describe('LiveQueue', () => {
  it('gives durable batches back in seq order, and forgets what was sent or is no longer held', () => {
    const q = new LiveQueue(1000);
    q.add(1, '[1]');
    q.add(2, '[2]');
    q.add(3, '[3]');
    expect(q.next(undefined, 1)).toEqual({ seq: 1, pointsJson: '[1]' });
    expect(q.next(1, 1)).toEqual({ seq: 2, pointsJson: '[2]' });
    // seq 2 acknowledged (or dropped) before it was sent: the oldest held is 3.
    expect(q.next(1, 3)).toEqual({ seq: 3, pointsJson: '[3]' });
    q.taken(3);
    expect(q.next(3, 3)).toBeNull();
    expect(q.size).toBe(0);
    expect(q.chars).toBe(0);
  });

  it('sends the outbox first for everything durable when a round began', () => {
    const q = new LiveQueue(1000);
    q.add(1, '[1]');
    q.restart(1);
    expect(q.size).toBe(0);
    q.add(2, '[2]');
    // Seq 1 is still held and was not sent in this round: the outbox has it, memory does not.
    expect(q.next(undefined, 1)).toBe('outbox');
    expect(q.coversAfter(0)).toBe(false);
    expect(q.coversAfter(1)).toBe(true);
    // Once the lane sent seq 1 (from the outbox), memory takes over.
    expect(q.next(1, 1)).toEqual({ seq: 2, pointsJson: '[2]' });
    // Or once nothing at or below 1 is held any more.
    expect(q.next(undefined, 2)).toEqual({ seq: 2, pointsJson: '[2]' });
  });

  it('empties itself when a batch does not fit its budget, and the outbox serves up to that batch', () => {
    const q = new LiveQueue(10);
    q.add(1, '[1,1,1]');
    q.add(2, '[2,2,2]');
    expect(q.overBudget).toBe(1);
    expect(q.size).toBe(0);
    q.add(3, '[3]');
    expect(q.next(undefined, 1)).toBe('outbox');
    expect(q.next(2, 1)).toEqual({ seq: 3, pointsJson: '[3]' });
  });

  it('lets memory serve again once the live lane read the outbox to its end, unless a later batch was left out', () => {
    const q = new LiveQueue(10);
    q.restart(5);
    q.add(6, '[6]');
    expect(q.outboxDrained(5)).toBe(true);
    expect(q.next(undefined, 4)).toEqual({ seq: 6, pointsJson: '[6]' });
    q.add(7, '[7,7,7,7,7,7,7]'); // over budget: the outbox serves up to 7
    expect(q.outboxDrained(6)).toBe(false);
    expect(q.next(6, 4)).toBe('outbox');
  });

  it('never trusts memory for a batch that arrives out of seq order', () => {
    const q = new LiveQueue(1000);
    q.add(2, '[2]');
    q.add(1, '[1]');
    expect(q.overBudget).toBe(0);
    expect(q.next(undefined, 1)).toBe('outbox');
    expect(q.coversAfter(2)).toBe(true);
  });

  it('refuses a budget that is not a whole number of bytes', () => {
    expect(() => new LiveQueue(-1)).toThrow(/live memory budget must be a whole number of bytes, 0 or more, got -1/);
  });
});
