import { describe, expect, it } from 'vitest';
import type { GatewayStats } from '../../../gateway/index.js';
import { MemoryOutbox } from '../../../gateway/outbox/memory-outbox.js';
import { replayShortfall, replaySummary, type ReplayTally } from '../../../cli/replay-summary.js';

/** Gateway stats around a real (empty) outbox's stats, with the outbox's held batches set. */
function tally(o: { rows: number; notRead: number | null; published: number; acknowledged: number; held: number; refusedPoints?: number; otherEnterprise?: number }): ReplayTally {
  const outbox = { ...new MemoryOutbox().stats(), batches: o.held };
  const gateway: GatewayStats = {
    accepted: o.rows,
    published: o.published,
    resent: 0,
    acknowledged: o.acknowledged,
    foreignAcks: 0,
    readBack: 0,
    sentFromMemory: o.published,
    liveOverBudget: 0,
    refusedBatches: o.refusedPoints ? 1 : 0,
    refusedPoints: o.refusedPoints ?? 0,
    backlogInFlight: 0,
    catchingUp: false,
    connected: false,
    inFlight: 0,
    outbox,
  };
  return { read: { rows: o.rows, accepted: o.rows - (o.otherEnterprise ?? 0), otherEnterprise: o.otherEnterprise ?? 0 }, notRead: o.notRead, gateway };
}

describe('the replay summary', () => {
  it('says what was read, sent, acknowledged, held and not read, in one line', () => {
    expect(replaySummary(tally({ rows: 1200, notRead: 0, published: 3, acknowledged: 3, held: 0, otherEnterprise: 200 }))).toBe(
      'replay: read 1200 rows (200 of other enterprises skipped); 0 not read; 1000 points handed to the gateway; 3 batches sent, 3 acknowledged, 0 held in the outbox\n',
    );
    expect(replaySummary(tally({ rows: 10, notRead: null, published: 0, acknowledged: 0, held: 0, refusedPoints: 10 }))).toContain(
      'an unknown number of not read; 10 points handed to the gateway; 0 batches sent, 0 acknowledged, 0 held in the outbox; 10 points not stored in the outbox',
    );
  });

  it('has no shortfall when everything is acknowledged', () => {
    expect(replayShortfall({ kind: 'ack-wait', waitSeconds: 60 }, tally({ rows: 5, notRead: 0, published: 1, acknowledged: 1, held: 0 }))).toBeUndefined();
  });

  it('gives one line for each way a replay stops short', () => {
    const held = tally({ rows: 12000, notRead: 18000, published: 23, acknowledged: 0, held: 23 });
    expect(replayShortfall({ kind: 'held-back', waitSeconds: 10, diskFull: true }, held)).toBe(
      "replay: stopped after 10 s held back: the outbox's disk is full; 23 batches stay in the outbox and go with the next gateway or replay run on it; replay the rows not read later",
    );
    expect(replayShortfall({ kind: 'held-back', waitSeconds: 10, diskFull: false }, held)).toContain('the outbox is full and nothing was acknowledged');
    expect(replayShortfall({ kind: 'ack-wait', waitSeconds: 5 }, tally({ rows: 100, notRead: 0, published: 2, acknowledged: 1, held: 1 }))).toBe(
      'replay: not all acknowledged within 5 s; 1 batches stay in the outbox and go with the next gateway or replay run on it',
    );
    expect(replayShortfall({ kind: 'ack-wait', waitSeconds: 5 }, tally({ rows: 100, notRead: 0, published: 1, acknowledged: 1, held: 0, refusedPoints: 50 }))).toBe(
      'replay: 50 points refused by the outbox (not sent); see the log for why',
    );
    for (const end of [
      { kind: 'held-back', waitSeconds: 1, diskFull: true },
      { kind: 'ack-wait', waitSeconds: 1 },
    ] as const) {
      expect(replayShortfall(end, held)).not.toContain('\n');
    }
  });
});
