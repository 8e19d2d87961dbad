/**
 * "Double random" draw records: stored as made (seed, parameters, picks) so
 * anyone can re-run the draw and get the same picks; published once, then
 * immutable.
 */
import { randomUUID } from 'node:crypto';
import { RegisterError } from '../errors.js';
import type { Draw, NewDraw } from '../port.js';
import { checkId, checkText, invalid, jsonText } from '../validate.js';
import { writeAudit } from './audit.js';
import type { SqlExecutor } from './driver.js';
import { columns, insertRows } from './insert-rows.js';
import { asJson } from './records.js';
import { toDraw } from './rows.js';

const COLUMNS = columns('id:text', 'period:text', 'seed:text', 'parameters:json', 'picks:json', 'published:boolean', 'created_at_ms:bigint', 'created_by:text');

export async function getDraw(q: SqlExecutor, id: string): Promise<Draw> {
  const rows = await q.query(`SELECT * FROM register_draws WHERE id = $1`, [checkId(id, 'draw id')]);
  if (rows.length === 0) throw new RegisterError('LW_REGISTER_NOT_FOUND', `no draw ${JSON.stringify(id)}`);
  return toDraw(rows[0]);
}

export async function listDraws(q: SqlExecutor, filter: { readonly period?: string }): Promise<Draw[]> {
  const rows =
    filter.period === undefined
      ? await q.query(`SELECT * FROM register_draws ORDER BY created_at_ms DESC, id DESC`)
      : await q.query(`SELECT * FROM register_draws WHERE period = $1 ORDER BY created_at_ms DESC, id DESC`, [checkText(filter.period, 'period')]);
  return rows.map(toDraw);
}

export async function createDraw(tx: SqlExecutor, isUniqueViolation: (e: unknown) => boolean, input: NewDraw, user: string, now: number): Promise<Draw> {
  if (typeof input !== 'object' || input === null) invalid('a draw must be an object { period, seed, parameters, picks }');
  const id = input.id === undefined ? randomUUID() : checkId(input.id, 'draw id');
  const row = [id, checkText(input.period, 'period'), checkText(input.seed, 'seed'), jsonText(input.parameters, 'parameters'), jsonText(input.picks, 'picks'), false, now, user];
  let draw: Draw;
  try {
    draw = toDraw((await insertRows(tx, 'register_draws', COLUMNS, [row], true))[0]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new RegisterError('LW_REGISTER_CONFLICT', `a draw with id ${JSON.stringify(id)} exists already`);
    throw error;
  }
  await writeAudit(tx, now, user, [{ enterprise: null, entity: 'draw', entityId: id, action: 'create', before: null, after: asJson(draw) }]);
  return draw;
}

export async function publishDraw(tx: SqlExecutor, id: string, user: string, now: number): Promise<Draw> {
  const before = await getDraw(tx, id);
  if (before.published) throw new RegisterError('LW_REGISTER_CONFLICT', `draw ${JSON.stringify(id)} was published already, on ${before.publishedAt} by ${before.publishedBy}`);
  const rows = await tx.query(`UPDATE register_draws SET published = TRUE, published_at_ms = $1, published_by = $2 WHERE id = $3 AND published = FALSE RETURNING *`, [now, user, id]);
  if (rows.length === 0) throw new RegisterError('LW_REGISTER_CONFLICT', `draw ${JSON.stringify(id)} was published by someone else just now`);
  const after = toDraw(rows[0]);
  await writeAudit(tx, now, user, [{ enterprise: null, entity: 'draw', entityId: id, action: 'publish', before: asJson(before), after: asJson(after) }]);
  return after;
}
