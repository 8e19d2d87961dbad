/**
 * The end-to-end acknowledgement the analytics service publishes on
 * `linewatch/v1/<enterprise>/<gateway>/ack` once a batch is durably stored.
 * It is the only signal that lets a gateway delete the batch from its outbox.
 *
 *   { "epoch": "3f2a...", "seq": 42, "stored": 97, "duplicates": 0, "rejected": 3, "historical": 97 }
 *
 * `epoch` echoes the batch's outbox epoch (outbox-epoch.ts) when the batch had
 * one: a gateway ignores an ack for another epoch, so a late ack for a
 * replaced outbox never releases a new batch that has the same seq.
 * `stored + duplicates + rejected` is the number of points in the batch; a
 * resent batch is acknowledged again, with its points counted as duplicates.
 * One value is kept per (series, ts): a point whose key is held with the same
 * value is a duplicate, with another value it is rejected (timestamp conflict).
 * `historical` (optional, absent means 0) is the part of `stored` that was
 * stored but not charted live: backlog older than the historical threshold,
 * or older than the newest sample of its series.
 */
import Type from 'typebox';
import { createJsonDecoder, type Decoded } from './json-decoder.js';
import { EPOCH_PATTERN_SOURCE, EPOCH_SYNTAX_TEXT, isValidEpoch } from './outbox-epoch.js';
import { ProtocolError } from './protocol-error.js';

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const AckSchema = Type.Object({
  /** The acknowledged batch's outbox epoch; absent when the batch had none. */
  epoch: Type.Optional(Type.String({ pattern: EPOCH_PATTERN_SOURCE, errorMessage: EPOCH_SYNTAX_TEXT })),
  seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  /** Points newly stored. */
  stored: Count,
  /** Points whose (series, ts) was already held with the same value: a resend, or a repeat in the batch. */
  duplicates: Count,
  /** Points refused; each is on the dead-letter topic with its reason. */
  rejected: Count,
  /** Of `stored`, the points that are historical (stored, not charted live, no alerts); absent means 0. */
  historical: Type.Optional(Count),
});

export type Ack = Type.Static<typeof AckSchema>;

const decoder = createJsonDecoder(AckSchema);

export function decodeAck(payload: Uint8Array | string): Decoded<Ack> {
  return decoder(payload);
}

export function encodeAck(ack: Ack): string {
  if (ack.epoch !== undefined && !isValidEpoch(ack.epoch)) throw new ProtocolError('LW_PROTOCOL_BAD_MESSAGE', `ack epoch must be ${EPOCH_SYNTAX_TEXT}`);
  for (const [name, n] of Object.entries(ack)) {
    if (name === 'epoch' || (name === 'historical' && n === undefined)) continue;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new ProtocolError('LW_PROTOCOL_BAD_MESSAGE', `ack ${name} must be a non-negative whole number, got ${String(n)}`);
  }
  // Older gateways read the four counts; `epoch` and `historical` are added only when there are some.
  const base = { ...(ack.epoch === undefined ? {} : { epoch: ack.epoch }), seq: ack.seq, stored: ack.stored, duplicates: ack.duplicates, rejected: ack.rejected };
  return JSON.stringify(ack.historical ? { ...base, historical: ack.historical } : base);
}
