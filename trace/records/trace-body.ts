/**
 * A trace record split as the register keeps it: `id`, `enterprise` and
 * `kind` in columns, the rest as the JSON body. Both trace-service (which
 * edits the records) and supervision-service (which seeds a demo register)
 * store records this way.
 */
import type { TraceRecord } from './trace-records.js';

export interface TraceRecordParts {
  readonly id: string;
  readonly enterprise: string;
  readonly kind: TraceRecord['kind'];
  /** JSON: every value of a validated record is a string, number, boolean, null, list or plain object. */
  readonly body: { readonly [field: string]: unknown };
}

export function traceRecordParts(record: TraceRecord): TraceRecordParts {
  const { id, enterprise, kind, ...body } = record;
  return { id, enterprise, kind, body };
}
