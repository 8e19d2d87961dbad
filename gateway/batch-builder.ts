import type { SourcePoint } from './sources/source-point.js';

/**
 * Collects points into the JSON text of a batch's `points` array, one point
 * at a time, so a batch is serialised as it fills instead of all at once.
 * The envelope with the sequence number is added at publish time
 * (`batchPayload`), because the outbox assigns the seq when it stores the
 * points durably.
 */
export class BatchBuilder {
  private parts: string[] = [];

  get size(): number {
    return this.parts.length;
  }

  add(p: SourcePoint): void {
    // JSON.stringify turns NaN and Infinity into null; analytics rejects those, and text values, with a reason.
    this.parts.push(`{"line":${JSON.stringify(p.line)},"characteristic":${JSON.stringify(p.characteristic)},"ts":${JSON.stringify(p.ts)},"value":${JSON.stringify(p.value)}}`);
  }

  /** The points as a JSON array, and a fresh empty builder state. */
  take(): string {
    const text = `[${this.parts.join(',')}]`;
    this.parts = [];
    return text;
  }
}

/**
 * The published payload: the envelope of the measurement batch protocol
 * around stored points, with the outbox's epoch (its syntax, letters, digits
 * and '-', needs no escaping; the outbox made it).
 */
export function batchPayload(epoch: string, seq: number, points: Uint8Array | string): string {
  const text = typeof points === 'string' ? points : Buffer.from(points.buffer, points.byteOffset, points.byteLength).toString('utf8');
  return `{"v":1,"epoch":"${epoch}","seq":${seq},"points":${text}}`;
}
