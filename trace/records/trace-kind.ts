/**
 * Telling trace records from the bureau's in the one register they share:
 * every trace kind starts with `trace.`, so supervision-service can leave
 * them out of everything it lists (classification, exports, public page)
 * without knowing each kind.
 */
import { TRACE_RECORD_KINDS, type TraceRecordKind } from './trace-records.js';

export const TRACE_KIND_PREFIX = 'trace.';

/** True for a kind in the trace namespace, known or not (a newer version's kind is still not supervision's). */
export function isTraceNamespace(kind: string): boolean {
  return kind.startsWith(TRACE_KIND_PREFIX);
}

export function isTraceRecordKind(kind: unknown): kind is TraceRecordKind {
  return typeof kind === 'string' && (TRACE_RECORD_KINDS as readonly string[]).includes(kind);
}

/** 'trace.material-lot' -> 'materialLot': the prefix of a problem's path. */
export function tracePath(kind: TraceRecordKind): string {
  return kind.slice(TRACE_KIND_PREFIX.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
