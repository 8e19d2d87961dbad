/**
 * The optional part of an event, as one JSON text. Both adapters store it
 * this way: JSON escapes newlines, so the text is safe inside a line-protocol
 * string field on every InfluxDB version, and a rewrite of the same event
 * replaces all of it (InfluxDB would otherwise merge old and new fields).
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import type { StoredEvent, JsonValue } from './port.js';

interface EventBody {
  line?: string;
  characteristic?: CharacteristicName;
  rule?: string;
  severity?: string;
  by?: string;
  comment?: string;
  data?: { readonly [key: string]: JsonValue };
}

export function encodeEventBody(event: StoredEvent): string {
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

const TEXT_FIELDS = ['line', 'characteristic', 'rule', 'severity', 'by', 'comment'] as const;

/**
 * Rebuilds an event from its key columns and stored body. Never throws: a
 * body that cannot be read leaves the record with its identity and a
 * `bodyProblem`, so one damaged row does not make the whole log unreadable.
 */
export function decodeEvent(key: { id: string; at: number; kind: string; enterprise: string }, body: string): StoredEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    return { ...key, bodyProblem: `body is not JSON: ${(err as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ...key, bodyProblem: 'body is not a JSON object' };
  const fields = parsed as Record<string, unknown>;
  const out: { -readonly [K in keyof StoredEvent]: StoredEvent[K] } = { ...key };
  for (const name of TEXT_FIELDS) {
    const value = fields[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { ...key, bodyProblem: `body.${name}: expected a string, got ${JSON.stringify(value)}` };
    (out as Record<string, unknown>)[name] = value;
  }
  const data = fields.data;
  if (data !== undefined) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ...key, bodyProblem: 'body.data: expected a JSON object' };
    out.data = data as { readonly [key: string]: JsonValue };
  }
  return out;
}
