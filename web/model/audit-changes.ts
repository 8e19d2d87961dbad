/**
 * An audit entry in words a regulator checks: which fields a change touched,
 * each with its value before and after. The register stores whole before/
 * after documents (a record's body, a proposal, a draw); the page shows only
 * what differs, and for a creation or deletion every field that was set.
 */
import type { AuditEntry, JsonValue } from './supervision-types.js';

export interface FieldChange {
  readonly field: string;
  /** null: the field did not exist on that side. */
  readonly before: string | null;
  readonly after: string | null;
}

/** Bookkeeping the register changes on every write; not news to a reader. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy']);

export function auditChanges(entry: Pick<AuditEntry, 'before' | 'after'>): FieldChange[] {
  const before = flatten(entry.before);
  const after = flatten(entry.after);
  const names = [...new Set([...before.keys(), ...after.keys()])].filter((n) => !BOOKKEEPING.has(n));
  const changes: FieldChange[] = [];
  for (const field of names) {
    const b = before.has(field) ? before.get(field)! : null;
    const a = after.has(field) ? after.get(field)! : null;
    if (b !== a) changes.push({ field, before: b, after: a });
  }
  return changes;
}

/** One level of nesting is spelled out ("basis.summary"; a record's body by its field names), deeper values are shown as JSON. */
function flatten(value: JsonValue): Map<string, string> {
  const out = new Map<string, string>();
  if (!isObject(value)) {
    if (value !== null) out.set('value', show(value));
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (isObject(v)) for (const [inner, w] of Object.entries(v)) out.set(key === 'body' ? inner : `${key}.${inner}`, show(w));
    else out.set(key, show(v));
  }
  return out;
}

function isObject(v: JsonValue): v is { readonly [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length === 0 ? '(none)' : v.join('; ');
  return JSON.stringify(v);
}

const ACTIONS: Readonly<Record<string, string>> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  import: 'imported',
  seed: 'registered from the configuration',
  supersede: 'superseded',
  accept: 'accepted',
  reject: 'rejected',
  withdraw: 'withdrew',
  publish: 'published',
};

/** "regulator changed record 5f2c… (spot-check)". */
export function auditHeadline(entry: AuditEntry): string {
  const action = ACTIONS[entry.action] ?? entry.action;
  const kind = kindOf(entry);
  return `${entry.user} ${action} ${entry.entity}${kind ? ` (${kind})` : ''}`;
}

function kindOf(entry: AuditEntry): string | null {
  for (const side of [entry.after, entry.before]) {
    if (isObject(side) && typeof side.kind === 'string') return side.kind;
  }
  return null;
}
