/**
 * The outbox epoch: the identity of one gateway outbox, carried in every
 * measurement batch and echoed in its acknowledgement. A seq is unique only
 * within its epoch, so (enterprise, gateway, epoch, seq) names a batch: a
 * gateway whose outbox directory was replaced, or a second `linewatch replay`
 * with a fresh outbox, starts again at seq 1 in a new epoch, and its batches
 * are new data, not redeliveries.
 *
 * Letters, digits and '-' only (a UUID fits), so it needs no escaping in
 * JSON, logs or map keys, and at most 64 characters, so a sender cannot make
 * the receiver keep large keys.
 */
export const EPOCH_PATTERN_SOURCE = '^[A-Za-z0-9-]{1,64}$';
/** How the epoch syntax reads in an error message ("expected ..."). */
export const EPOCH_SYNTAX_TEXT = "an epoch of 1 to 64 letters, digits or '-'";

const EPOCH = new RegExp(EPOCH_PATTERN_SOURCE);

export function isValidEpoch(epoch: unknown): epoch is string {
  return typeof epoch === 'string' && EPOCH.test(epoch);
}
