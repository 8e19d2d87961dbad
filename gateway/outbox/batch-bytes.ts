/** Batch bodies as bytes. */
import type { BatchBody } from './outbox.js';

/** Views a body as bytes, without copying when it already is bytes. */
export function batchBytes(body: BatchBody): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(`a batch body must be a string or a Uint8Array, got ${typeof body}`);
}

/** A private copy of a body, for a store that holds it in memory. */
export function copyBatchBytes(body: BatchBody): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(batchBytes(body));
}
