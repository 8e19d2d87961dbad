import type { Outbox } from './outbox/outbox.js';

/** What a gateway has done since it started, and where it is now (its /metrics read these). */
export interface GatewayStats {
  accepted: number;
  published: number;
  resent: number;
  acknowledged: number;
  /**
   * Batches (and their points) the outbox refused or failed to store: full
   * under policy 'reject', too large, or an outbox error. Logged and counted
   * here, never silent: they are the only points a gateway can lose.
   */
  refusedBatches: number;
  refusedPoints: number;
  /**
   * Acks for another outbox epoch, ignored: late acks for batches of an
   * outbox this gateway no longer has (a replaced directory). Honouring one
   * could release a new batch that happens to have the same seq.
   */
  foreignAcks: number;
  /** Publishes of batches read back from the outbox (a backlog, a resend), and of live batches straight from memory. */
  readBack: number;
  sentFromMemory: number;
  /** Times the live batches waiting to go did not fit `liveMemoryBytes` (they were then read back from the outbox). */
  liveOverBudget: number;
  /** Batches in flight from the backlog lane (send-lanes.ts), and whether a backlog is being sent. */
  backlogInFlight: number;
  catchingUp: boolean;
  connected: boolean;
  inFlight: number;
  outbox: ReturnType<Outbox['stats']>;
}
