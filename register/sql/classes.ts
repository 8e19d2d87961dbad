/**
 * The registered class of each enterprise as an append-only history: the
 * current class is the entry with the highest seq. Entries come from seeding
 * (the configuration's class, once) and from accepted proposals.
 */
import { RegisterError } from '../errors.js';
import type { ClassEntry, ClassSeed, RegisteredClass } from '../port.js';
import { checkClass, checkDate, checkId, invalid } from '../validate.js';
import { writeAudit } from './audit.js';
import type { SqlExecutor, SqlValue } from './driver.js';
import { columns, insertRows } from './insert-rows.js';
import { asJson } from './records.js';
import { toClassEntry } from './rows.js';

const COLUMNS = columns('enterprise:text', 'seq:bigint', 'class:text', 'effective_from:text', 'decided_by:text', 'reason:text', 'proposal_id:text', 'recorded_at_ms:bigint');

export async function classHistory(q: SqlExecutor, enterprise: string): Promise<ClassEntry[]> {
  const rows = await q.query(`SELECT * FROM register_class_history WHERE enterprise = $1 ORDER BY seq`, [checkId(enterprise, 'enterprise')]);
  return rows.map(toClassEntry);
}

export async function currentClass(q: SqlExecutor, enterprise: string): Promise<ClassEntry | null> {
  const rows = await q.query(`SELECT * FROM register_class_history WHERE enterprise = $1 ORDER BY seq DESC LIMIT 1`, [checkId(enterprise, 'enterprise')]);
  return rows.length === 0 ? null : toClassEntry(rows[0]);
}

export async function currentClasses(q: SqlExecutor): Promise<ClassEntry[]> {
  const rows = await q.query(
    `SELECT h.* FROM register_class_history h
       JOIN (SELECT enterprise, MAX(seq) AS seq FROM register_class_history GROUP BY enterprise) latest
         ON h.enterprise = latest.enterprise AND h.seq = latest.seq
      ORDER BY h.enterprise`,
  );
  return rows.map(toClassEntry);
}

export interface ClassDecision {
  readonly enterprise: string;
  readonly class: RegisteredClass;
  readonly effectiveFrom: string;
  readonly decidedBy: string;
  readonly reason: string;
  readonly proposalId: string | null;
}

/** Appends one entry (the caller audits the decision that caused it). */
export async function appendClass(tx: SqlExecutor, decision: ClassDecision, now: number): Promise<ClassEntry> {
  const next = await tx.query(`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM register_class_history WHERE enterprise = $1`, [decision.enterprise]);
  const row: SqlValue[] = [decision.enterprise, Number(next[0].seq), decision.class, decision.effectiveFrom, decision.decidedBy, decision.reason, decision.proposalId, now];
  const [inserted] = await insertRows(tx, 'register_class_history', COLUMNS, [row], true);
  return toClassEntry(inserted);
}

/**
 * Gives every listed enterprise without a history its configured class, as
 * seq 1. Run at every start: enterprises already registered keep theirs, so
 * the configuration's `class` only ever seeds.
 */
export async function seedClasses(tx: SqlExecutor, seeds: readonly ClassSeed[], user: string, now: number): Promise<number> {
  if (!Array.isArray(seeds)) invalid('seedClasses takes an array of { enterprise, class, effectiveFrom? }');
  const today = new Date(now).toISOString().slice(0, 10);
  const checked = seeds.map((s) => ({
    enterprise: checkId(s.enterprise, 'enterprise'),
    class: checkClass(s.class, `class of ${s.enterprise}`),
    effectiveFrom: s.effectiveFrom === undefined ? today : checkDate(s.effectiveFrom, `effectiveFrom of ${s.enterprise}`),
  }));
  if (new Set(checked.map((s) => s.enterprise)).size !== checked.length) invalid('seedClasses lists an enterprise twice');
  if (checked.length === 0) return 0;
  const registered = new Set((await tx.query(`SELECT DISTINCT enterprise FROM register_class_history`)).map((r) => String(r.enterprise)));
  const fresh = checked.filter((s) => !registered.has(s.enterprise));
  if (fresh.length === 0) return 0;
  const reason = 'seeded from the configuration';
  const rows = fresh.map((s): SqlValue[] => [s.enterprise, 1, s.class, s.effectiveFrom, user, reason, null, now]);
  let inserted: Record<string, unknown>[];
  try {
    inserted = await insertRows(tx, 'register_class_history', COLUMNS, rows, true);
  } catch (error) {
    if (tx.dialect.isUniqueViolation(error)) throw new RegisterError('LW_REGISTER_CONFLICT', 'another process registered classes at the same moment');
    throw error;
  }
  await writeAudit(
    tx,
    now,
    user,
    inserted.map(toClassEntry).map((entry) => ({ enterprise: entry.enterprise, entity: 'class' as const, entityId: entry.enterprise, action: 'seed' as const, before: null, after: asJson(entry) })),
  );
  return inserted.length;
}
