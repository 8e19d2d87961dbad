/**
 * The first step of every decoder: bytes off the wire to a JSON value, with a
 * size limit checked before parsing (so an oversized payload costs nothing)
 * and a reason instead of an exception.
 */
export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonPayload(payload: Uint8Array | string, maxBytes: number): JsonParse {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.byteLength;
  if (bytes === 0) return { ok: false, reason: 'empty payload' };
  if (bytes > maxBytes) return { ok: false, reason: `payload is ${bytes} bytes; the limit is ${maxBytes}` };
  const text = typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: `not valid JSON: ${(err as Error).message}` };
  }
}

/** The start of a payload as text, for a dead letter or a log line, never more than `maxBytes`. */
export function payloadPreview(payload: Uint8Array | string, maxBytes = 256): string {
  const buf = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const head = buf.subarray(0, maxBytes).toString('utf8');
  // A cut through a multi-byte character decodes as U+FFFD; drop it rather than show garbage.
  const clean = buf.length > maxBytes ? head.replace(/\uFFFD$/, '') : head;
  return buf.length > maxBytes ? `${clean}...` : clean;
}
