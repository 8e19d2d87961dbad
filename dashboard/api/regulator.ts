/**
 * Who may change the supervision register and decide on classes: the
 * regulator only. Enterprise users read their own enterprise's records,
 * class and plan; every write answers them 403.
 */
import type { FastifyRequest } from 'fastify';
import { forbidden } from './errors.js';
import { requirePrincipal, type Principal } from './principal.js';

export function requireRegulator(request: FastifyRequest, what: string): Principal {
  const principal = requirePrincipal(request);
  if (principal.role !== 'regulator') throw forbidden(`user '${principal.id}' is an enterprise user: only a regulator may ${what}`);
  return principal;
}

/**
 * The enterprise a read is limited to: an enterprise user's own (asking for
 * another is 403), or the one a regulator named (undefined: all).
 */
export function readScope(principal: Principal, asked: string | undefined): string | undefined {
  if (principal.role === 'regulator') return asked;
  if (asked !== undefined && asked !== principal.enterprise) throw forbidden(`user '${principal.id}' may only see enterprise '${principal.enterprise ?? '(none)'}'`);
  return principal.enterprise ?? '\u0000none';
}
