import { encodeMeasurementPoint } from '../protocol/measurement-batch.js';
import { encodeReelMarkEntry } from '../protocol/batch-reel-marks.js';
import type { GatewayEntry } from './sources/source-point.js';

/**
 * Collects points into the JSON text of a batch's `points` array, one point
 * at a time, so a batch is serialised as it fills instead of all at once.
 * The envelope with the epoch and sequence number is added at publish time
 * (`encodeBatchEnvelope`), because the outbox assigns the seq when it stores
 * the points durably.
 */
export class BatchBuilder {
  private parts: string[] = [];

  get size(): number {
    return this.parts.length;
  }

  add(p: GatewayEntry): void {
    // NaN and Infinity become null; analytics rejects those, and text values, with a reason.
    this.parts.push('reel' in p ? encodeReelMarkEntry(p) : encodeMeasurementPoint(p));
  }

  /** The points as a JSON array, and a fresh empty builder state. */
  take(): string {
    const text = `[${this.parts.join(',')}]`;
    this.parts = [];
    return text;
  }
}
