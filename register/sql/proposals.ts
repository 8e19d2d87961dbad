/**
 * Class proposals and their decisions. At most one is pending per
 * enterprise: a new proposal supersedes the pending one (the newer
 * suggestion rests on newer evidence; the old one stays, marked superseded
 * and audited). Accepting appends to the class history in the same
 * transaction.
 */
import { randomUUID } from 'node:crypto';
import { RegisterError } from '../errors.js';
import type { Decision, NewProposal, Proposal, ProposalCreated, ProposalFilter } from '../port.js';
import { checkClass, checkDate, checkId, checkText, invalid, jsonObjectText, PROPOSAL_STATUSES } from '../validate.js';
import { writeAudit } from './audit.js';
import { appendClass, currentClass } from './classes.js';
import type { Dialect, SqlExecutor, SqlValue } from './driver.js';
import { columns, insertRows } from './insert-rows.js';
import { asJson } from './records.js';
import { toProposal } from './rows.js';

const COLUMNS = columns('id:text', 'enterprise:text', 'from_class:text', 'to_class:text', 'basis:json', 'status:text', 'created_at_ms:bigint', 'created_by:text');

export async function getProposal(q: SqlExecutor, id: string): Promise<Proposal> {
  const rows = await q.query(`SELECT * FROM register_proposals WHERE id = $1`, [checkId(id, 'proposal id')]);
  if (rows.length === 0) throw new RegisterError('LW_REGISTER_NOT_FOUND', `no proposal ${JSON.stringify(id)}`);
  return toProposal(rows[0]);
}

export async function listProposals(q: SqlExecutor, filter: ProposalFilter): Promise<Proposal[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.enterprise !== undefined) where.push(`enterprise = $${params.push(checkId(filter.enterprise, 'enterprise'))}`);
  if (filter.status !== undefined) {
    if (!PROPOSAL_STATUSES.includes(filter.status)) invalid(`status must be one of ${PROPOSAL_STATUSES.join(', ')}`);
    where.push(`status = $${params.push(filter.status)}`);
  }
  const rows = await q.query(`SELECT * FROM register_proposals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at_ms DESC, id DESC`, params);
  return rows.map(toProposal);
}

export async function createProposal(tx: SqlExecutor, dialect: Dialect, input: NewProposal, user: string, now: number): Promise<ProposalCreated> {
  if (typeof input !== 'object' || input === null) invalid('a proposal must be an object { enterprise, toClass, basis }');
  const id = input.id === undefined ? randomUUID() : checkId(input.id, 'proposal id');
  const enterprise = checkId(input.enterprise, 'enterprise');
  const toClass = checkClass(input.toClass, 'toClass');
  const basis = jsonObjectText(input.basis, 'basis');
  const from = (await currentClass(tx, enterprise))?.class ?? null;

  const pending = await tx.query(`SELECT * FROM register_proposals WHERE enterprise = $1 AND status = 'pending'`, [enterprise]);
  let superseded: Proposal | null = null;
  if (pending.length > 0) {
    const before = toProposal(pending[0]);
    const rows = await tx.query(
      `UPDATE register_proposals SET status = 'superseded', decided_at_ms = $1, decided_by = $2, decision_reason = $3, superseded_by = $4
        WHERE id = $5 AND status = 'pending' RETURNING *`,
      [now, user, `superseded by proposal ${id}`, id, before.id],
    );
    if (rows.length === 0) throw raced(enterprise);
    superseded = toProposal(rows[0]);
    await writeAudit(tx, now, user, [{ enterprise, entity: 'proposal', entityId: before.id, action: 'supersede', before: asJson(before), after: asJson(superseded) }]);
  }
  let proposal: Proposal;
  try {
    const [row] = await insertRows(tx, 'register_proposals', COLUMNS, [[id, enterprise, from, toClass, basis, 'pending', now, user]], true);
    proposal = toProposal(row);
  } catch (error) {
    // Either the id is taken, or (PostgreSQL) another process made a pending
    // proposal for this enterprise between our read and our insert.
    if (dialect.isUniqueViolation(error))
      throw new RegisterError('LW_REGISTER_CONFLICT', `proposal ${JSON.stringify(id)} exists already, or another proposal for ${enterprise} was made at the same moment; try again`);
    throw error;
  }
  await writeAudit(tx, now, user, [{ enterprise, entity: 'proposal', entityId: id, action: 'create', before: null, after: asJson(proposal) }]);
  return { proposal, superseded };
}

export async function decideProposal(tx: SqlExecutor, id: string, decision: Decision, user: string, now: number): Promise<Proposal> {
  if (typeof decision !== 'object' || decision === null) invalid('a decision must be an object { action, reason }');
  const action = decision.action;
  if (action !== 'accept' && action !== 'reject' && action !== 'withdraw') invalid(`action must be accept, reject or withdraw, got ${JSON.stringify(action)}`);
  const reason = checkText(decision.reason, 'reason');
  const effectiveFrom = decision.effectiveFrom === undefined ? new Date(now).toISOString().slice(0, 10) : checkDate(decision.effectiveFrom, 'effectiveFrom');
  const before = await getProposal(tx, id);
  if (before.status !== 'pending') {
    const by = before.supersededBy ? ` by ${before.supersededBy}` : '';
    throw new RegisterError('LW_REGISTER_CONFLICT', `proposal ${JSON.stringify(id)} is ${before.status}${by}, not pending; it cannot be decided`);
  }
  const status = action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'withdrawn';
  const rows = await tx.query(`UPDATE register_proposals SET status = $1, decided_at_ms = $2, decided_by = $3, decision_reason = $4 WHERE id = $5 AND status = 'pending' RETURNING *`, [
    status,
    now,
    user,
    reason,
    id,
  ]);
  if (rows.length === 0) throw new RegisterError('LW_REGISTER_CONFLICT', `proposal ${JSON.stringify(id)} was decided by someone else just now`);
  const after = toProposal(rows[0]);
  await writeAudit(tx, now, user, [{ enterprise: after.enterprise, entity: 'proposal', entityId: id, action, before: asJson(before), after: asJson(after) }]);
  if (action === 'accept') {
    const entry = await appendClass(tx, { enterprise: after.enterprise, class: after.toClass, effectiveFrom, decidedBy: user, reason, proposalId: id }, now);
    await writeAudit(tx, now, user, [{ enterprise: after.enterprise, entity: 'class', entityId: after.enterprise, action: 'create', before: null, after: asJson(entry) }]);
  }
  return after;
}

function raced(enterprise: string): RegisterError {
  return new RegisterError('LW_REGISTER_CONFLICT', `the pending proposal of ${enterprise} was decided by someone else just now; try again`);
}
