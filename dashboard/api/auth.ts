/**
 * Session tokens and the authenticate hook.
 *
 * A token is a JWT signed with HS256 (@fastify/jwt) carrying `sub` (user id),
 * `role`, `enterprise` (enterprise users only), `iat` and `exp`. Verification
 * pins the algorithm (no `none`, no algorithm confusion), checks the
 * signature and expiry against the injected clock, then looks the user up in
 * the configuration: a token whose user was removed or whose role or
 * enterprise changed is refused, so the configuration stays the authority.
 *
 * The app is decorated with `verifyToken(token)` (also used by the socket.io
 * layer, which has no HTTP request to hook), `issueToken(user)` and the
 * `authenticate` onRequest hook.
 */
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LinewatchConfig, User } from '../../config/resolve.js';
import { HttpApiError } from './errors.js';
import { principalOf, type Principal, type Role } from './principal.js';

export interface AuthSettings {
  readonly config: LinewatchConfig;
  readonly tokenSecret: string;
  readonly tokenTtlSeconds: number;
  readonly clock: () => number;
}

export interface IssuedToken {
  readonly token: string;
  /** The token's `exp`, ms since the epoch: the last instant it is accepted. */
  readonly expiresAt: number;
}

interface Claims {
  readonly sub: string;
  readonly role: Role;
  readonly enterprise?: string;
  readonly exp: number;
}

const ALGORITHM = 'HS256';
/** Clock difference tolerated between the signer and this server (one process today; a cluster later). s */
const CLOCK_SKEW_S = 5;
const REALM = 'Bearer realm="linewatch"';

export function installAuth(app: FastifyInstance, settings: AuthSettings): void {
  const users = new Map(settings.config.users.map((u) => [u.id, u]));
  const principals = new Map(settings.config.users.map((u) => [u.id, principalOf(u)]));

  app.register(fastifyJwt, {
    secret: settings.tokenSecret,
    sign: { algorithm: ALGORITHM },
    verify: { algorithms: [ALGORITHM], requiredClaims: ['sub', 'role', 'exp', 'iat'] },
  });

  function issueToken(user: User): IssuedToken {
    const claims = user.role === 'enterprise' ? { sub: user.id, role: user.role, enterprise: user.enterprise } : { sub: user.id, role: user.role };
    const token = app.jwt.sign(claims, { expiresIn: settings.tokenTtlSeconds, clockTimestamp: settings.clock() });
    const { exp } = app.jwt.decode<Claims>(token) as Claims;
    return { token, expiresAt: exp * 1000 };
  }

  function verifyToken(token: string): Principal {
    let claims: Claims;
    try {
      // Per call, so expiry follows the injected clock (a verifier costs microseconds to build).
      claims = app.jwt.verify<Claims>(token, { clockTimestamp: settings.clock() });
    } catch (err) {
      const expired = (err as { code?: unknown }).code === 'FAST_JWT_EXPIRED';
      throw unauthorized(expired ? 'the token has expired; log in again' : 'the token is invalid (malformed, altered or not issued by this server)', 'invalid_token');
    }
    // Whatever its exp says, a token lives tokenTtlSeconds from its issue and was not issued in the future:
    // a token signed with a leaked key, or by a setting since shortened, gets no longer than the policy.
    const now = settings.clock() / 1000;
    const { iat, exp } = claims as Claims & { iat?: unknown };
    if (typeof iat !== 'number' || iat > now + CLOCK_SKEW_S || now - iat > settings.tokenTtlSeconds + CLOCK_SKEW_S || exp - iat > settings.tokenTtlSeconds + CLOCK_SKEW_S) {
      throw unauthorized('the token is invalid (its lifetime exceeds the session policy); log in again', 'invalid_token');
    }
    const user = typeof claims?.sub === 'string' ? users.get(claims.sub) : undefined;
    if (!user || user.role !== claims.role || (user.role === 'enterprise' && user.enterprise !== claims.enterprise)) {
      throw unauthorized('the token no longer matches a configured user; log in again', 'invalid_token');
    }
    return principals.get(user.id) as Principal;
  }

  async function authenticate(request: FastifyRequest): Promise<void> {
    request.principal = verifyToken(bearerToken(request));
  }

  app.decorateRequest('principal', null);
  app.decorate('issueToken', issueToken);
  app.decorate('verifyToken', verifyToken);
  app.decorate('authenticate', authenticate);
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('no bearer token: send "Authorization: Bearer <token>" with a token from POST /api/login');
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"', 'invalid_request');
  return match[1];
}

/** A 401 with the WWW-Authenticate challenge RFC 6750 section 3 asks for. */
function unauthorized(message: string, error?: 'invalid_token' | 'invalid_request'): HttpApiError {
  const challenge = error ? `${REALM}, error="${error}"` : REALM;
  return new HttpApiError('LW_HTTP_UNAUTHORIZED', message, { headers: { 'www-authenticate': challenge } });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs a session token for `user`. */
    issueToken(user: User): IssuedToken;
    /** The principal a token stands for; throws a 401 HttpApiError if it is missing, altered, expired or stale. */
    verifyToken(token: string): Principal;
    /** onRequest hook: refuses the request with 401 unless it carries a valid bearer token; sets request.principal. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
}
