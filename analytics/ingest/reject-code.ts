/**
 * The label a rejection is counted under in `linewatch_rejects_total`: a
 * field and a kind, both from closed lists, so no text a sender controls
 * (a value, a property name, a parser's message quoting the payload) can
 * become a label, and the metric has at most FIELDS x KINDS series whatever
 * arrives. The full reason, with its path and the value, goes to the dead
 * letter; the label only says where and what kind.
 */
const FIELDS = ['ts', 'value', 'line', 'characteristic'] as const;

/** Kinds, most specific first: the first whose pattern the reason matches names it. */
const KINDS: readonly (readonly [string, RegExp])[] = Object.freeze([
  ['too-large', /\bbytes; the limit is\b|\bmore than \d+ points\b|\bat most \d+ (items|points)\b/],
  ['invalid-json', /\bnot valid JSON\b/],
  ['not-a-measurements-topic', /\bnot a measurements topic\b|\btopic\b/],
  ['unknown-field', /\bunknown property\b/],
  ['missing-field', /\bis required\b/],
  ['not-finite', /^(NaN|infinite)\b|\bNaN\b|\binfinite\b/],
  ['not-a-number', /\bexpected a number\b|\bnot a number\b/],
  ['negative', /\bnegative\b/],
  ['implausible', /\bplausible range\b/],
  ['timestamp-in-the-future', /\bahead of the receiver's clock\b/],
  ['timestamp-too-old', /\bwas it sent in seconds\b|\bis before \d{4}-/],
  ['unknown-series', /\bunknown enterprise\b|\bhas no line\b|\bdoes not measure\b|\bunknown characteristic\b/],
  ['line-not-allowed', /\bmay not report\b|\bnot allowed\b/],
  ['timestamp-conflict', /\btimestamp conflict\b/],
  ['duplicate', /\bduplicate\b|\bsame timestamp\b/],
  ['store-refused', /\bstore\b/],
]);

export const REJECT_FIELDS: readonly string[] = Object.freeze(['message', 'batch', 'point', ...FIELDS]);
export const REJECT_KINDS: readonly string[] = Object.freeze([...KINDS.map(([kind]) => kind), 'invalid']);

/** `field: kind` for a rejection reason, from the closed lists above. */
export function rejectCode(reason: string, scope: 'point' | 'message'): string {
  let field: string = scope === 'message' ? 'message' : 'point';
  const path = /^points\[\d+\]\.?([A-Za-z0-9_]*)/.exec(reason) ?? /^([A-Za-z_][A-Za-z0-9_]*):/.exec(reason);
  if (path) {
    const name = path[1];
    field = (FIELDS as readonly string[]).includes(name) ? name : reason.startsWith('points[') ? 'point' : scope === 'message' ? 'batch' : 'point';
  }
  const kind = KINDS.find(([, pattern]) => pattern.test(reason))?.[0] ?? 'invalid';
  return `${field}: ${kind}`;
}
