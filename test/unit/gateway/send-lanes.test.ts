import { describe, expect, it } from 'vitest';
import { SendLanes } from '../../../gateway/send-lanes.js';

/** Sends from a lane as the gateway's pump does, over held seqs 1..newest. */
function fill(lanes: SendLanes, lane: 'live' | 'backlog', held: number[], at = 0): number[] {
  const from = lanes.start(lane);
  if (!from) return [];
  const sent: number[] = [];
  for (const seq of held) {
    if (from.afterSeq !== undefined && seq <= from.afterSeq) continue;
    if (from.upTo !== undefined && seq > from.upTo) break;
    if (!lanes.hasRoom(lane)) break;
    lanes.sent(seq, lane, at);
    sent.push(seq);
  }
  return sent;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('SendLanes: a backlog beside live data', () => {
  it('sends the backlog oldest first within backlogWindow and live batches in the rest of the window', () => {
    const lanes = new SendLanes(8, 3);
    lanes.restart(1, 100); // reconnect with 100 batches held
    expect(lanes.hasBacklog).toBe(true);
    const held = range(1, 105); // 101..105 appended after the reconnect: live
    expect(fill(lanes, 'live', held)).toEqual([101, 102, 103, 104, 105]);
    expect(fill(lanes, 'backlog', held)).toEqual([1, 2, 3]);
    expect(lanes.inFlight).toBe(8);
    // An ack of a backlog batch makes room for the next backlog batch only, in order.
    lanes.acknowledged(1);
    expect(fill(lanes, 'live', held)).toEqual([]);
    expect(fill(lanes, 'backlog', held)).toEqual([4]);
  });

  it('keeps the live lane open while the backlog is at its share, and gives the whole window back when it is drained', () => {
    const lanes = new SendLanes(4, 16); // backlogWindow above the window: the live lane still keeps one
    lanes.restart(1, 10);
    const held = range(1, 11);
    expect(fill(lanes, 'backlog', held)).toEqual([1, 2, 3]);
    expect(fill(lanes, 'live', held)).toEqual([11]);
    for (const seq of [1, 2, 3]) lanes.acknowledged(seq);
    lanes.settle(4);
    expect(lanes.hasBacklog).toBe(true);
    lanes.settle(11); // everything up to 10 acknowledged
    expect(lanes.hasBacklog).toBe(false);
    lanes.acknowledged(11);
    expect(fill(lanes, 'live', range(12, 20))).toEqual([12, 13, 14, 15]);
  });

  it('has no backlog after a restart with nothing held, and restarts from the oldest after an ack timeout', () => {
    const lanes = new SendLanes(4, 2);
    lanes.restart(null, 50);
    expect(lanes.hasBacklog).toBe(false);
    expect(fill(lanes, 'live', range(51, 52), 0)).toEqual([51, 52]);
    expect(lanes.overdue(999, 1000)).toBe(false);
    expect(lanes.overdue(1001, 1000)).toBe(true);
    lanes.restart(51, 52);
    expect(lanes.inFlight).toBe(0);
    expect(fill(lanes, 'backlog', range(51, 52))).toEqual([51, 52]);
  });

  it('refuses a window or backlogWindow that is not a positive whole number', () => {
    expect(() => new SendLanes(0, 1)).toThrow(/window/);
    expect(() => new SendLanes(4, 0.5)).toThrow(/backlogWindow/);
  });
});
