/**
 * The end-to-end acknowledgement the analytics service publishes on
 * `linewatch/v1/<enterprise>/<gateway>/ack` once a batch is durably stored.
 * It is the only signal that lets a gateway delete the batch from its outbox.
 *
 *   { "seq": 42, "stored": 97, "duplicates": 0, "rejected": 3, "historical": 97 }
 *
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
import { ProtocolError } from './protocol-error.js';

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const AckSchema = Type.Object({
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
  for (const [name, n] of Object.entries(ack)) {
    if (name === 'historical' && n === undefined) continue;
    if (!Number.isSafeInteger(n) || n < 0) throw new ProtocolError('LW_PROTOCOL_BAD_MESSAGE', `ack ${name} must be a non-negative whole number, got ${n}`);
  }
  // Older gateways read the four counts; `historical` is added only when there is some.
  const base = { seq: ack.seq, stored: ack.stored, duplicates: ack.duplicates, rejected: ack.rejected };
  return JSON.stringify(ack.historical ? { ...base, historical: ack.historical } : base);
}
