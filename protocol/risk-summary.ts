/**
 * What the analytics service publishes on `linewatch/v1/risk/<enterprise>`:
 * the enterprise's current risk assessment, one entry of the ranked list
 * (core/enterprise-risk/risk-views.ts, `EnterpriseRiskSummary`). The same
 * object is stored in the event log as the `summary` of a `risk.assessed`
 * record (protocol/event-kinds.ts), so one schema checks both.
 *
 * A summary is a state, not an event: a reader keeps the newest per
 * enterprise (by `at`) and a duplicate or an older copy changes nothing.
 */
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { EnterpriseRiskSummary } from '../core/enterprise-risk/risk-views.js';
import type { RiskLevel, SupervisionClass } from '../risk/options.js';
import type { Diagnosis } from '../risk/series-assessment.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT } from './ids.js';
import { createJsonDecoder, type Decoded } from './json-decoder.js';
import { problemText, schemaProblems } from './schema-problems.js';

/** A summary names at most a handful of contributors; 64 kB is far above any real one. bytes */
export const RISK_SUMMARY_MAX_BYTES = 64 * 1024;

// The lists are typed against the unions, so a level, class or diagnosis added there and not here fails to compile.
const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const satisfies readonly RiskLevel[];
const CLASSES = ['A', 'B', 'C'] as const satisfies readonly SupervisionClass[];
const DIAGNOSES = ['in control', 'unstable', 'off-centre', 'drifting', 'incapable', 'out of spec', 'no data'] as const satisfies readonly Diagnosis[];
type Exhaustive<Listed, All> = [All] extends [Listed] ? true : never;
const _levels: Exhaustive<(typeof RISK_LEVELS)[number], RiskLevel> = true;
const _classes: Exhaustive<(typeof CLASSES)[number], SupervisionClass> = true;
const _diagnoses: Exhaustive<(typeof DIAGNOSES)[number], Diagnosis> = true;
void [_levels, _classes, _diagnoses];

const Ms = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, errorMessage: 'a time in ms since 1970 UTC (a non-negative whole number)' });
const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const Finite = Type.Number({ minimum: -Number.MAX_VALUE, maximum: Number.MAX_VALUE });
const Text = Type.String({ maxLength: 1000 });
/** A calendar day as the configuration writes it (YYYY-MM-DD), or empty when there is none. */
const Day = Type.String({ maxLength: 32 });
const Class = Type.Enum([...CLASSES]);

const ContributorSchema = Type.Object({
  line: Id,
  characteristic: Type.String({ minLength: 1, maxLength: 64 }),
  diagnosis: Type.Enum([...DIAGNOSES]),
  score: Finite,
  share: Finite,
  summary: Text,
});

export const RiskSummarySchema = Type.Object({
  id: Id,
  name: Text,
  score: Finite,
  level: Type.Enum([...RISK_LEVELS]),
  registeredClass: Class,
  suggestedClass: Class,
  classDiffers: Type.Boolean(),
  lastInspection: Day,
  nextInspection: Day,
  inspectionDue: Type.Boolean(),
  activeAlerts: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  topContributors: Type.Array(ContributorSchema, { maxItems: 100 }),
  dataAgeMs: Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
  at: Ms,
});

const decoder = createJsonDecoder(RiskSummarySchema, RISK_SUMMARY_MAX_BYTES);
const validator = Compile(RiskSummarySchema);

/** A risk summary off the bus, or the reason it is not one (with paths). Never throws. */
export function decodeRiskSummary(payload: Uint8Array | string): Decoded<EnterpriseRiskSummary> {
  // The schema's static type is checked against EnterpriseRiskSummary here: a field added to one and not the other fails to compile.
  return decoder(payload);
}

/** The same check on a value already parsed (the `summary` of a stored `risk.assessed` record). Never throws. */
export function checkRiskSummary(value: unknown): Decoded<EnterpriseRiskSummary> {
  if (validator.Check(value)) return { ok: true, value: value as EnterpriseRiskSummary };
  return { ok: false, reason: schemaProblems(RiskSummarySchema, value, validator.Errors(value)).map(problemText).join('; ') };
}

/** The publishing side: the summary as the JSON text of its topic. */
export function encodeRiskSummary(summary: EnterpriseRiskSummary): string {
  return JSON.stringify(summary);
}
