/**
 * What the analytics service publishes on `linewatch/v1/findings/<enterprise>`,
 * the regulator's feed: one finding event, `{ "kind", "at", "finding" }`
 * (core/findings/finding.ts), where `finding` is the finding's full state
 * after it was opened, updated or closed. The same event is what the event
 * log stores (kind `finding.changed`, event-log/finding-records.ts), so a
 * dashboard that starts late can restore the open findings.
 */
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { FindingEvent, FindingEventKind, FindingKind } from '../core/findings/finding.js';
import type { AlertSeverity } from '../monitor/alert.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT } from './ids.js';
import { createJsonDecoder, type Decoded } from './json-decoder.js';
import { problemText, schemaProblems } from './schema-problems.js';

/** A finding carries one sentence and a handful of figures; 64 kB is far above any real one. bytes */
export const FINDING_EVENT_MAX_BYTES = 64 * 1024;

// Typed against the unions, so a kind or severity added there and not here fails to compile.
const EVENT_KINDS = ['opened', 'updated', 'closed'] as const satisfies readonly FindingEventKind[];
const FINDING_KINDS = ['risk-level', 'drift', 'off-centre', 'out-of-spec', 'silent-gateway'] as const satisfies readonly FindingKind[];
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly AlertSeverity[];
type Exhaustive<Listed, All> = [All] extends [Listed] ? true : never;
const _events: Exhaustive<(typeof EVENT_KINDS)[number], FindingEventKind> = true;
const _kinds: Exhaustive<(typeof FINDING_KINDS)[number], FindingKind> = true;
const _severities: Exhaustive<(typeof SEVERITIES)[number], AlertSeverity> = true;
void [_events, _kinds, _severities];

const Ms = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, errorMessage: 'a time in ms since 1970 UTC (a non-negative whole number)' });
const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Finite = Type.Number({ minimum: -Number.MAX_VALUE, maximum: Number.MAX_VALUE });

export const FindingSchema = Type.Object({
  // The id is built from the enterprise, kind, place and opening time (finding-tracker.ts): not an id token.
  id: Name,
  enterprise: Id,
  kind: Type.Enum([...FINDING_KINDS]),
  severity: Type.Enum([...SEVERITIES]),
  status: Type.Enum(['open', 'closed']),
  openedAt: Ms,
  updatedAt: Ms,
  closedAt: Type.Union([Ms, Type.Null()]),
  line: Type.Union([Name, Type.Null()]),
  characteristic: Type.Union([Name, Type.Null()]),
  gateway: Type.Union([Name, Type.Null()]),
  summary: Type.String({ maxLength: 2000 }),
  evidence: Type.Record(Type.String({ maxLength: 100 }), Type.Union([Finite, Type.String({ maxLength: 1000 }), Type.Null()])),
});

export const FindingEventSchema = Type.Object({
  kind: Type.Enum([...EVENT_KINDS]),
  at: Ms,
  finding: FindingSchema,
});

const decoder = createJsonDecoder(FindingEventSchema, FINDING_EVENT_MAX_BYTES);
const validator = Compile(FindingEventSchema);

export function encodeFindingEvent(event: FindingEvent): string {
  return JSON.stringify(event);
}

/** A finding event off the bus, or the reason it is not one (with paths). Never throws. */
export function decodeFindingEvent(payload: Uint8Array | string): Decoded<FindingEvent> {
  return consistent(decoder(payload));
}

/** The same check on a value already parsed (the `data` of a stored `finding.changed` record). Never throws. */
export function checkFindingEvent(value: unknown): Decoded<FindingEvent> {
  if (!validator.Check(value)) return { ok: false, reason: schemaProblems(FindingEventSchema, value, validator.Errors(value)).map(problemText).join('; ') };
  return consistent({ ok: true, value: value as FindingEvent });
}

/** What the schema cannot say: a closed finding has its closing time, an open one none. */
function consistent(decoded: Decoded<FindingEvent>): Decoded<FindingEvent> {
  if (!decoded.ok) return decoded;
  const f = decoded.value.finding;
  if ((f.status === 'closed') !== (f.closedAt !== null))
    return { ok: false, reason: `finding.closedAt: ${f.status === 'closed' ? 'a closed finding needs its closing time' : 'an open finding has no closing time'}` };
  if ((decoded.value.kind === 'closed') !== (f.status === 'closed'))
    return { ok: false, reason: `finding.status: a ${decoded.value.kind} event cannot carry ${f.status === 'open' ? 'an open' : 'a closed'} finding` };
  return decoded;
}
