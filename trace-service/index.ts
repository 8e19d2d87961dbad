/**
 * trace-service's public entry: what dashboard/, stack/ and cli/ may import.
 */
export { TraceRecordDesk, type TraceRecordQuery } from './trace-record-desk.js';
export type { TraceActor } from './trace-access.js';
export { isTraceError, TraceError, type TraceErrorCode } from './trace-error.js';
export type { TraceRecordView } from './stored-trace-records.js';
