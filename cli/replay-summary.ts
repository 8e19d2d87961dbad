/**
 * What `linewatch replay` says when it ends, however it ends: one summary
 * line on stdout (read, sent, acknowledged, held in the outbox, not read),
 * and when it stopped before everything was acknowledged, one line on stderr
 * saying why. Counting only: the command decides when to stop.
 */
import type { GatewayStats, ReplayResult } from '../gateway/index.js';

export type ReplayEnd =
  | { readonly kind: 'done' }
  /** Reading stopped: the outbox held the source back for `waitSeconds` with nothing moving. */
  | { readonly kind: 'held-back'; readonly waitSeconds: number; readonly diskFull: boolean }
  /** Everything was read; the last acknowledgements did not come within `waitSeconds`. */
  | { readonly kind: 'ack-wait'; readonly waitSeconds: number };

export interface ReplayTally {
  readonly read: ReplayResult;
  /** Data rows after the last one read, or null when they could not be counted. */
  readonly notRead: number | null;
  readonly gateway: GatewayStats;
}

export function replaySummary(t: ReplayTally): string {
  const g = t.gateway;
  const parts = [
    `read ${t.read.rows} rows${t.read.otherEnterprise > 0 ? ` (${t.read.otherEnterprise} of other enterprises skipped)` : ''}`,
    `${t.notRead ?? 'an unknown number of'} not read`,
    `${t.read.accepted} points handed to the gateway`,
    `${g.published} batches sent, ${g.acknowledged} acknowledged, ${g.outbox.batches} held in the outbox`,
  ];
  if (g.refusedPoints > 0) parts.push(`${g.refusedPoints} points not stored in the outbox`);
  return `replay: ${parts.join('; ')}\n`;
}

/** The one-line reason for a non-zero exit, or undefined when the replay did its whole job. */
export function replayShortfall(end: ReplayEnd, t: ReplayTally): string | undefined {
  const g = t.gateway;
  const held = `${g.outbox.batches} batches stay in the outbox and go with the next gateway or replay run on it`;
  if (end.kind === 'held-back') {
    const why = end.diskFull ? "the outbox's disk is full" : 'the outbox is full and nothing was acknowledged';
    const lost = g.refusedPoints > 0 ? `; ${g.refusedPoints} points read were not stored` : '';
    return `replay: stopped after ${end.waitSeconds} s held back: ${why}; ${held}${lost}; replay the rows not read later`;
  }
  if (g.refusedPoints > 0) return `replay: ${g.refusedPoints} points refused by the outbox (not sent); see the log for why`;
  if (end.kind === 'ack-wait' && g.outbox.batches > 0) return `replay: not all acknowledged within ${end.waitSeconds} s; ${held}`;
  return undefined;
}
