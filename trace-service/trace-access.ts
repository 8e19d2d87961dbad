/**
 * Who may read and write which trace records: an enterprise user its own
 * enterprise's ENTERPRISE_TRACE_KINDS records only; a regulator every
 * record of every enterprise; recall cases (`trace.recall`) are written by
 * regulators only. The HTTP API passes its authenticated principal.
 */
import { ENTERPRISE_TRACE_KINDS, TRACE_RECORD_KINDS, type TraceRecordKind } from '../trace/records/trace-records.js';
import { TraceError } from './trace-error.js';

export interface TraceActor {
  /** The user id, written to the register's audit trail. */
  readonly id: string;
  readonly role: 'regulator' | 'enterprise';
  /** An enterprise user's own enterprise; null for a regulator. */
  readonly enterprise: string | null;
}

/** The kinds an actor may read or write. */
export function kindsOf(actor: TraceActor): readonly TraceRecordKind[] {
  return actor.role === 'regulator' ? TRACE_RECORD_KINDS : ENTERPRISE_TRACE_KINDS;
}

/** The enterprise a read is limited to: an enterprise user's own (asking for another is refused), or the one a regulator named. */
export function readScope(actor: TraceActor, asked: string | undefined): string | undefined {
  if (actor.role === 'regulator') return asked;
  if (asked !== undefined && asked !== actor.enterprise) throw forbidden(actor, `read enterprise '${asked}'`);
  // An enterprise user without an enterprise (refused by the configuration's cross-check) sees nothing.
  return actor.enterprise ?? '\u0000none';
}

export function assertMayRead(actor: TraceActor, kind: TraceRecordKind): void {
  if (!kindsOf(actor).includes(kind)) throw forbidden(actor, `read ${kind} records (a regulator's)`);
}

export function assertMayWrite(actor: TraceActor, kind: TraceRecordKind, enterprise: string): void {
  if (kind === 'trace.recall' && actor.role !== 'regulator') throw forbidden(actor, 'write trace.recall records: recall cases are opened and kept by a regulator');
  if (!kindsOf(actor).includes(kind)) throw forbidden(actor, `write ${kind} records`);
  if (actor.role !== 'regulator' && enterprise !== actor.enterprise) throw forbidden(actor, `write records of enterprise '${enterprise}'`);
}

/** Whether the actor may write a record, as a row problem of an import ('' when allowed). */
export function writeRefusal(actor: TraceActor, kind: TraceRecordKind, enterprise: string): string {
  try {
    assertMayWrite(actor, kind, enterprise);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

function forbidden(actor: TraceActor, what: string): TraceError {
  const who = actor.role === 'regulator' ? `user '${actor.id}'` : `user '${actor.id}' of enterprise '${actor.enterprise ?? '(none)'}'`;
  return new TraceError('LW_TRACE_FORBIDDEN', `${who} may not ${what}`);
}
