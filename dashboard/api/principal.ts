/**
 * Who is asking, and what they may see. Tenant isolation (docs/design.md,
 * "Principles") is decided here and nowhere else: a regulator sees every
 * enterprise, an enterprise user only its own.
 */
import type { FastifyRequest } from 'fastify';
import type { User } from '../../config/resolve.js';
import { forbidden, HttpApiError } from './errors.js';

export type Role = User['role'];

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The only enterprise an enterprise user may see; null for a regulator. */
  readonly enterprise: string | null;
  canSee(enterprise: string): boolean;
}

export function principalOf(user: User): Principal {
  const enterprise = user.role === 'enterprise' ? (user.enterprise ?? null) : null;
  return Object.freeze({
    id: user.id,
    name: user.name ?? user.id,
    role: user.role,
    enterprise,
    // An enterprise user without an enterprise (refused by config/cross-check.ts) sees nothing.
    canSee: (e: string) => user.role === 'regulator' || (enterprise !== null && e === enterprise),
  });
}

/** The user as the API shows it (login answer). */
export function describePrincipal(p: Principal): { id: string; name: string; role: Role; enterprise: string | null } {
  return { id: p.id, name: p.name, role: p.role, enterprise: p.enterprise };
}

/** Refuses with 403 unless `principal` may see `enterprise`. */
export function assertCanSee(principal: Principal, enterprise: string): void {
  if (!principal.canSee(enterprise)) {
    throw forbidden(`user '${principal.id}' may only see enterprise '${principal.enterprise ?? '(none)'}'`);
  }
}

/** The authenticated principal of a request behind the authenticate hook. */
export function requirePrincipal(request: FastifyRequest): Principal {
  // Only a route registered outside the authenticated scope can get here without one: a wiring bug, refused safely.
  if (!request.principal) throw new HttpApiError('LW_HTTP_UNAUTHORIZED', 'this route needs a bearer token');
  return request.principal;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook (auth.ts); null before it ran. */
    principal: Principal | null;
  }
}
