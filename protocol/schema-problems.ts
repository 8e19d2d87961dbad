/**
 * Turns typebox validation errors into problems a person can act on:
 * `points[3].value: expected a number, got null` rather than
 * `/points/3/value must be number`. Shared by the message decoders and the
 * configuration loader, so both speak the same way.
 *
 * Unions (`anyOf`) are reduced to the branch the value meant: a branch whose
 * literal (`const`) fields do not match is ignored, so a store of kind
 * 'influxdb' is reported against the influxdb form only; when no branch
 * matches its literals, the allowed literals are listed.
 */
import type { TLocalizedValidationError } from 'typebox/error';

export interface SchemaProblem {
  /** Where in the value, e.g. `gateways[2].enterprise`; empty for the whole value. */
  readonly path: string;
  readonly message: string;
}

/** `path: message`, or just the message for the whole value. */
export function problemText(problem: SchemaProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/**
 * Readable problems for `errors` (as returned by a typebox Validator's
 * `Errors(value)`). `schema` is read for custom `errorMessage` options (a
 * phrase to follow "expected"); `value` is read to say what was found.
 */
export function schemaProblems(schema: unknown, value: unknown, errors: readonly TLocalizedValidationError[]): SchemaProblem[] {
  const reduced = reduceUnions(errors);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ path, message });
  };
  for (const error of reduced) {
    for (const p of describe(schema, value, error)) add(p.path, p.message);
  }
  return problems;
}

/** A JSON pointer (`/points/3/value`) as a readable path (`points[3].value`). */
export function pointerToPath(pointer: string): string {
  return pathOf(pointerSegments(pointer));
}

/** Appends a property or index to a readable path. */
export function pathOf(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A short description of a value for "got ..." in messages; never a deep dump. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}... (${value.length} characters)` : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

type Err = TLocalizedValidationError;

function reduceUnions(errors: readonly Err[]): Err[] {
  let remaining = [...errors];
  // Outermost unions first, so a nested union is reduced inside the branch that was kept.
  const unions = remaining.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (!remaining.includes(union)) continue;
    const branchPrefix = `${union.schemaPath}/${union.keyword}/`;
    const branches = new Map<string, Err[]>();
    for (const e of remaining) {
      if (!e.schemaPath.startsWith(branchPrefix)) continue;
      const index = e.schemaPath.slice(branchPrefix.length).split('/')[0];
      branches.set(index, [...(branches.get(index) ?? []), e]);
    }
    const inBranches = new Set([...branches.values()].flat());
    remaining = remaining.filter((e) => e !== union && !inBranches.has(e));
    const candidates = [...branches.values()].filter((errs) => !errs.some((e) => e.keyword === 'const' || e.keyword === 'enum'));
    if (candidates.length === 1) {
      remaining.push(...candidates[0]);
    } else if (candidates.length === 0 && branches.size > 0) {
      remaining.push(literalChoice(union, [...inBranches]));
    } else {
      remaining.push(...alternatives(union, candidates));
    }
  }
  return remaining;
}

/** Every branch failed on a literal: report the literals at the most-discriminating path. */
function literalChoice(union: Err, branchErrors: Err[]): Err {
  const byPath = new Map<string, unknown[]>();
  for (const e of branchErrors) {
    if (e.keyword === 'const') byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
    if (e.keyword === 'enum') byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), ...(e.params as { allowedValues: unknown[] }).allowedValues]);
  }
  const [instancePath, allowed] = [...byPath].sort((a, b) => b[1].length - a[1].length)[0] ?? [union.instancePath, []];
  return { keyword: 'enum', schemaPath: union.schemaPath, instancePath, params: { allowedValues: allowed }, message: '' } as Err;
}

/** Several forms could have been meant (for example number-or-null): name the types if that is what differs. */
function alternatives(union: Err, candidates: Err[][]): Err[] {
  const types = candidates.map((errs) => (errs.length === 1 && errs[0].keyword === 'type' && errs[0].instancePath === union.instancePath ? (errs[0].params as { type: string }).type : null));
  if (types.every((t): t is string => t !== null)) {
    return [{ keyword: 'type', schemaPath: union.schemaPath, instancePath: union.instancePath, params: { type: types.join('|') }, message: '' } as Err];
  }
  // Otherwise the first plausible form is the best guess of what was meant.
  return candidates[0] ?? [union];
}

function describe(schema: unknown, root: unknown, error: Err): SchemaProblem[] {
  const segments = pointerSegments(error.instancePath);
  const path = pathOf(segments);
  const found = valueAt(root, segments);
  const got = `got ${describeValue(found)}`;
  const custom = customMessage(schema, error.schemaPath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return (params.requiredProperties as string[]).map((p) => ({ path: pathOf([...segments, p]), message: 'is required' }));
    case 'additionalProperties':
      return (params.additionalProperties as string[]).map((p) => ({ path: pathOf([...segments, p]), message: 'unknown property' }));
    case 'boolean':
      // `additionalProperties: false` also reports each extra property as a false schema.
      if (error.schemaPath.endsWith('/additionalProperties')) return [{ path, message: 'unknown property' }];
      return [{ path, message: 'is not allowed here' }];
  }
  if (custom) return [{ path, message: `expected ${custom}, ${got}` }];
  switch (error.keyword) {
    case 'type':
      return [{ path, message: `expected ${String(params.type).split('|').map(typeName).join(' or ')}, ${got}` }];
    case 'const':
      return [{ path, message: `expected ${JSON.stringify(params.allowedValue)}, ${got}` }];
    case 'enum':
      return [{ path, message: `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, ${got}` }];
    case 'minimum':
      return [{ path, message: `must be at least ${String(params.limit)}, ${got}` }];
    case 'exclusiveMinimum':
      return [{ path, message: `must be greater than ${String(params.limit)}, ${got}` }];
    case 'maximum':
      return [{ path, message: `must be at most ${String(params.limit)}, ${got}` }];
    case 'exclusiveMaximum':
      return [{ path, message: `must be less than ${String(params.limit)}, ${got}` }];
    case 'minLength':
      return [{ path, message: `must have at least ${String(params.limit)} characters, ${got}` }];
    case 'maxLength':
      return [{ path, message: `must have at most ${String(params.limit)} characters, ${got}` }];
    case 'minItems':
      return [{ path, message: `must have at least ${String(params.limit)} items, ${got}` }];
    case 'maxItems':
      return [{ path, message: `must have at most ${String(params.limit)} items, ${got}` }];
    case 'pattern':
      return [{ path, message: `must match ${String(params.pattern)}, ${got}` }];
    case 'format':
      return [{ path, message: `expected a ${String(params.format)}, ${got}` }];
    default:
      return [{ path, message: error.message }];
  }
}

function typeName(type: string): string {
  switch (type) {
    case 'integer':
      return 'a whole number';
    case 'array':
    case 'object':
      return `an ${type}`;
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

/** The `errorMessage` option of the schema node an error points at, if any. */
function customMessage(schema: unknown, schemaPath: string): string | undefined {
  let node: unknown = schema;
  for (const s of pointerSegments(schemaPath.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  const message = node !== null && typeof node === 'object' ? (node as Record<string, unknown>).errorMessage : undefined;
  return typeof message === 'string' ? message : undefined;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, s)) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}
