/**
 * What the analytics service publishes on `linewatch/v1/alerts/<enterprise>`:
 * one alert event, `{ "kind", "at", "alert" }`, where `alert` is the full
 * state of the alert episode after the change (monitor/alert.ts). Because
 * every event carries a full state, a reader can replay events in any
 * number, and a duplicate changes nothing.
 *
 * The analytics service owns these types; this schema is how a reader in
 * another process (the dashboard on its own) checks what arrives before it
 * trusts it.
 */
import Type from 'typebox';
import { ALERT_RULES, SEVERITIES, type AlertEvent } from '../monitor/alert.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT } from './ids.js';
import { createJsonDecoder, type Decoded } from './json-decoder.js';

/** Alert events and commands are a few kB at most; anything larger is not one of them. */
export const ALERT_MESSAGE_MAX_BYTES = 64 * 1024; // bytes
/** Longest comment on an acknowledgement or resolution; the HTTP API allows no more. characters */
export const ALERT_COMMENT_MAX_LENGTH = 2000;
/** Longest user id in `by`: user ids follow the id syntax, with room to spare. characters */
export const ALERT_ACTOR_MAX_LENGTH = 256;
/** Longest alert id: enterprise, line, characteristic, rule and a time, joined by dots. characters */
export const ALERT_ID_MAX_LENGTH = 512;

/** Longest catalogue id of a cause or a corrective action. characters */
export const CATALOGUE_ID_MAX_LENGTH = 64;

const Ms = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, errorMessage: 'a time in ms since 1970 UTC (a non-negative whole number)' });
const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });

export const AlertIdSchema = Type.String({ minLength: 1, maxLength: ALERT_ID_MAX_LENGTH });
export const ActorSchema = Type.String({ minLength: 1, maxLength: ALERT_ACTOR_MAX_LENGTH });
export const CommentSchema = Type.String({ maxLength: ALERT_COMMENT_MAX_LENGTH });

export const CatalogueIdSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', errorMessage: "a catalogue id of lower-case letters, digits and '-'" });
const NullableCatalogueId = Type.Union([CatalogueIdSchema, Type.Null()]);
const AlertActionSchema = Type.Object({ by: ActorSchema, at: Ms, comment: CommentSchema, cause: NullableCatalogueId, action: NullableCatalogueId });
const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const RuleEvidenceSchema = Type.Object({ rule: Type.Enum([...ALERT_RULES]), count: Count, firstSampleTs: Ms, lastSampleTs: Ms });
const Metres = Type.Number({ minimum: 0, maximum: 1e9 });
const OutOfSpecEvidenceSchema = Type.Object({
  readings: Count,
  below: Count,
  above: Count,
  stretches: Count,
  longestMs: Count,
  totalMs: Count,
  metres: Type.Optional(Metres),
  firstPositionM: Type.Optional(Metres),
  lastPositionM: Type.Optional(Metres),
});

export const AlertSchema = Type.Object({
  id: AlertIdSchema,
  enterprise: Id,
  line: Id,
  characteristic: Id,
  rule: Type.Enum([...ALERT_RULES]),
  rules: Type.Array(RuleEvidenceSchema, { minItems: 1, maxItems: ALERT_RULES.length }),
  severity: Type.Enum([...SEVERITIES]),
  status: Type.Enum(['active', 'acknowledged', 'resolved']),
  firstSampleTs: Ms,
  lastSampleTs: Ms,
  count: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  firstValue: Type.Number(),
  lastValue: Type.Number(),
  raisedAt: Ms,
  resolvedSampleTs: Type.Union([Ms, Type.Null()]),
  shiftSigma: Type.Union([Type.Number(), Type.Null()]),
  outOfSpec: Type.Union([OutOfSpecEvidenceSchema, Type.Null()]),
  limitsVersion: Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
  acknowledged: Type.Union([AlertActionSchema, Type.Null()]),
  resolved: Type.Union([AlertActionSchema, Type.Null()]),
});

export const AlertEventSchema = Type.Object({
  kind: Type.Enum(['raised', 'updated', 'escalated', 'acknowledged', 'resolved']),
  at: Ms,
  alert: AlertSchema,
});

const decoder = createJsonDecoder(AlertEventSchema, ALERT_MESSAGE_MAX_BYTES);

/** An alert event off the bus, or the reason it is not one (with paths). Never throws. */
export function decodeAlertEvent(payload: Uint8Array | string): Decoded<AlertEvent> {
  // The schema's static type is checked against AlertEvent here: a field added to one and not the other fails to compile.
  return decoder(payload);
}

/** An alert event as the analytics service publishes it (the inverse of decodeAlertEvent). */
export function encodeAlertEvent(event: AlertEvent): string {
  return JSON.stringify(event);
}
