/**
 * Alert commands: how a dashboard running on its own asks the analytics
 * service (which owns the alert lifecycle) to acknowledge or resolve an
 * alert, and the answer it gets.
 *
 *   dashboard -> linewatch/v1/commands/<dashboard id>, QoS 1:
 *     { "requestId": "5f0c...", "action": "acknowledge", "alertId": "acme.line-1....",
 *       "by": "qa-acme", "comment": "gauge recalibrated", "cause": "gauge",
 *       "correctiveAction": "recalibrated-gauge", "expiresAt": 1740816005000 }
 *   analytics -> linewatch/v1/replies/<dashboard id>, QoS 1:
 *     { "requestId": "5f0c...", "ok": true, "alert": { ...the alert after the change } }
 *     { "requestId": "5f0c...", "ok": false, "code": "LW_ALERT_STATE", "message": "alert ... is resolved; ..." }
 *
 * `expiresAt` (optional, ms UTC) is when the dashboard stops waiting and
 * tells its user the action failed: analytics must not apply the command
 * after that, or a command queued for it while it was down would change an
 * alert minutes after the user was told it had not. Unknown extra fields are
 * ignored, so either side may add one.
 *
 * Decoders never throw; they return the message or a reason with paths.
 * Encoders check the message and throw a ProtocolError for a bad one (a bug
 * of the sender, never input from the network).
 */
import Type from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { catalogueSection } from '../domain/errors/catalogue.js';
import { ActorSchema, ALERT_MESSAGE_MAX_BYTES, AlertIdSchema, AlertSchema, CatalogueIdSchema, CommentSchema } from './alert-event.js';
import { createJsonDecoder, type Decoded } from './json-decoder.js';
import { parseJsonPayload } from './json-payload.js';
import { ProtocolError } from './protocol-error.js';
import { problemText, schemaProblems } from './schema-problems.js';

/** A request id: the sender picks it (a UUID does), unique among its pending requests. */
export const REQUEST_ID_PATTERN_SOURCE = '^[A-Za-z0-9_.:-]{1,64}$';
const REQUEST_ID = new RegExp(REQUEST_ID_PATTERN_SOURCE);
/** Longest message in a refusal; a longer one is cut. characters */
export const ALERT_REPLY_MESSAGE_MAX_LENGTH = 1000;

export const ALERT_ACTIONS = ['acknowledge', 'resolve'] as const;
export type AlertCommandKind = (typeof ALERT_ACTIONS)[number];

/**
 * The codes of a refusal. A reader must accept codes it does not know (a
 * newer analytics service may add one), so the schema takes any `LW_` code.
 */
export const ALERT_REPLY_CODES = catalogueSection(['LW_ALERT_NOT_FOUND', 'LW_ALERT_STATE', 'LW_ALERT_CAUSE', 'LW_ALERT_BAD_COMMAND', 'LW_ALERT_EXPIRED', 'LW_ALERT_FAILED'], ({ meaning }) => meaning);
export type AlertReplyCode = keyof typeof ALERT_REPLY_CODES;

const RequestId = Type.String({ pattern: REQUEST_ID_PATTERN_SOURCE, errorMessage: "a request id of 1 to 64 letters, digits, '_', '.', ':' or '-'" });

export const AlertCommandSchema = Type.Object({
  requestId: RequestId,
  action: Type.Enum([...ALERT_ACTIONS]),
  alertId: AlertIdSchema,
  /** The user who acts, as the dashboard authenticated them. */
  by: ActorSchema,
  comment: CommentSchema,
  /** Catalogue ids (monitor/causes.ts); resolving needs both, acknowledging neither. */
  cause: Type.Optional(CatalogueIdSchema),
  correctiveAction: Type.Optional(CatalogueIdSchema),
  /** ms UTC; see above. */
  expiresAt: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
});

export const AlertReplySchema = Type.Union([
  Type.Object({ requestId: RequestId, ok: Type.Literal(true), alert: AlertSchema }),
  Type.Object({
    requestId: RequestId,
    ok: Type.Literal(false),
    code: Type.String({ pattern: '^LW_[A-Z0-9_]{1,60}$', errorMessage: 'an error code such as LW_ALERT_STATE' }),
    message: Type.String({ maxLength: ALERT_REPLY_MESSAGE_MAX_LENGTH }),
  }),
]);

export type AlertCommand = Type.Static<typeof AlertCommandSchema>;
export type AlertReply = Type.Static<typeof AlertReplySchema>;
export type AlertFailureReply = Extract<AlertReply, { ok: false }>;

/** A decoded command, or why not, with the request id when one could still be read so the sender can be told. */
export type AlertCommandDecode = { readonly ok: true; readonly value: AlertCommand } | { readonly ok: false; readonly reason: string; readonly requestId: string | null };

const commandDecoder = createJsonDecoder(AlertCommandSchema, ALERT_MESSAGE_MAX_BYTES);
const replyDecoder = createJsonDecoder(AlertReplySchema, ALERT_MESSAGE_MAX_BYTES);
const commandValidator = Compile(AlertCommandSchema);
const replyValidator = Compile(AlertReplySchema);

export function decodeAlertCommand(payload: Uint8Array | string): AlertCommandDecode {
  const decoded = commandDecoder(payload);
  if (decoded.ok) return decoded;
  return { ok: false, reason: decoded.reason, requestId: readableRequestId(payload) };
}

export function decodeAlertReply(payload: Uint8Array | string): Decoded<AlertReply> {
  return replyDecoder(payload);
}

export function encodeAlertCommand(command: AlertCommand): string {
  return encode('alert command', commandValidator, AlertCommandSchema, command);
}

export function encodeAlertReply(reply: AlertReply): string {
  return encode('alert reply', replyValidator, AlertReplySchema, reply);
}

/** A refusal, its message cut to the limit (messages come from errors whose length nobody bounded). */
export function failureReply(requestId: string, code: AlertReplyCode, message: string): AlertFailureReply {
  const max = ALERT_REPLY_MESSAGE_MAX_LENGTH;
  return { requestId, ok: false, code, message: message.length > max ? `${message.slice(0, max - 3)}...` : message };
}

/** The requestId of a command that failed its schema, if it is there and well formed; else null. */
function readableRequestId(payload: Uint8Array | string): string | null {
  const parsed = parseJsonPayload(payload, ALERT_MESSAGE_MAX_BYTES);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return null;
  const id = (parsed.value as { requestId?: unknown }).requestId;
  return typeof id === 'string' && REQUEST_ID.test(id) ? id : null;
}

function encode(what: string, validator: Validator, schema: Type.TSchema, value: unknown): string {
  if (!validator.Check(value)) {
    const problems = schemaProblems(schema, value, validator.Errors(value));
    throw new ProtocolError('LW_PROTOCOL_BAD_MESSAGE', `${what}: ${problems.map(problemText).join('; ')}`);
  }
  return JSON.stringify(value);
}
