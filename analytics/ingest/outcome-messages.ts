import type { Ack } from '../../protocol/ack.js';
import { messageDeadLetter, pointsDeadLetter, type DeadLetter } from '../../protocol/dead-letter.js';
import type { IngestOutcome } from './batch-ingestor.js';

/** What a batch's outcome sends back: the ack its gateway waits for, and the dead letter of what was refused. */
export interface OutcomeMessages {
  /** Null for a refused message whose seq could not be read: nothing to acknowledge. */
  readonly ack: Ack | null;
  readonly deadLetter: DeadLetter | null;
}

/**
 * A stored batch is acknowledged with its counts, its refused points on the
 * dead-letter topic. A refused batch is settled too (its content is on the
 * dead-letter topic), so the gateway may let it go: acknowledged as one
 * rejected, when its seq can be read.
 */
export function outcomeMessages(enterprise: string, gateway: string, outcome: IngestOutcome): OutcomeMessages {
  if (outcome.kind === 'refused') {
    return {
      ack: outcome.seq === null ? null : { ...epochOf(outcome), seq: outcome.seq, stored: 0, duplicates: 0, rejected: 1 },
      deadLetter: messageDeadLetter(enterprise, gateway, outcome.reason, outcome.payload),
    };
  }
  const { seq, stored, duplicates, rejected, historical } = outcome;
  return {
    ack: { ...epochOf(outcome), seq, stored, duplicates, rejected: rejected.length, historical },
    deadLetter: rejected.length > 0 ? pointsDeadLetter(enterprise, gateway, seq, rejected) : null,
  };
}

/** The ack echoes the batch's outbox epoch, when it had one, so only that outbox acts on it. */
function epochOf(outcome: { readonly epoch: string }): { epoch?: string } {
  return outcome.epoch === '' ? {} : { epoch: outcome.epoch };
}
