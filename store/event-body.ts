/**
 * The optional part of an event, as one JSON text. Both adapters store it
 * this way: JSON escapes newlines, so the text is safe inside a line-protocol
 * string field on every InfluxDB version, and a rewrite of the same event
 * replaces all of it (InfluxDB would otherwise merge old and new fields).
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import type { AlertEvent, JsonValue } from './port.js';

interface EventBody {
  line?: string;
  characteristic?: CharacteristicName;
  rule?: string;
  severity?: string;
  by?: string;
  comment?: string;
  data?: { readonly [key: string]: JsonValue };
}

export function encodeEventBody(event: AlertEvent): string {
  const body: EventBody = {};
  if (event.line !== undefined) body.line = event.line;
  if (event.characteristic !== undefined) body.characteristic = event.characteristic;
  if (event.rule !== undefined) body.rule = event.rule;
  if (event.severity !== undefined) body.severity = event.severity;
  if (event.by !== undefined) body.by = event.by;
  if (event.comment !== undefined) body.comment = event.comment;
  if (event.data !== undefined) body.data = event.data;
  return JSON.stringify(body);
}

/** Rebuilds an event from its key columns and stored body. */
export function decodeEvent(key: { id: string; at: number; kind: string; enterprise: string }, body: string): AlertEvent {
  const parsed = JSON.parse(body) as EventBody;
  return { id: key.id, at: key.at, kind: key.kind, enterprise: key.enterprise, ...parsed };
}
