/**
 * POST /api/login: user name and password in, bearer token out.
 *
 * Two limits stand in front of password guessing (@fastify/rate-limit):
 * every attempt counts against the client address, checked before the body
 * is even parsed, which also caps the scrypt work one address can cause; and
 * failed attempts count against the user name, which stops a slow guesser
 * spread over many addresses. Both answer 429 with Retry-After.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { PasswordVerifier } from '../../security/password-verifier.js';
import type { LoginRateLimit } from '../options.js';
import { createCredentialChecker } from './credentials.js';
import { HttpApiError } from './errors.js';
import { describePrincipal, principalOf } from './principal.js';

export interface LoginRouteOptions {
  readonly config: LinewatchConfig;
  readonly verifier: PasswordVerifier;
  readonly limits: LoginRateLimit;
}

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 128 }),
    // Bounded so a megabyte "password" cannot be fed to scrypt.
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
type LoginBody = Static<typeof LoginBody>;

/** One message for an unknown user and a wrong password, so user names cannot be probed. */
const LOGIN_FAILED = 'wrong user name or password';

export const loginRoutes: FastifyPluginAsync<LoginRouteOptions> = async (app, { config, verifier, limits }) => {
  const credentials = createCredentialChecker(config.users, verifier);
  const failures = app.createRateLimit({
    keyGenerator: (request) => `user:${(request.body as LoginBody).username}`,
    max: limits.perUserMaxFailures,
    timeWindow: limits.perUserWindowMs,
  });

  /** 429 once the user name has used up its failures, before any password work. */
  async function refuseLockedUser(request: FastifyRequest): Promise<void> {
    const state = await failures(request, { increment: false });
    if (!state.isAllowed && state.remaining === 0) {
      throw new HttpApiError('LW_HTTP_RATE_LIMITED', `too many failed logins for this user name; retry in ${state.ttlInSeconds} s`, {
        headers: { 'retry-after': String(state.ttlInSeconds) },
      });
    }
  }

  app.post<{ Body: LoginBody }>(
    '/login',
    {
      schema: { body: LoginBody },
      config: {
        rateLimit: {
          max: limits.perIpMax,
          timeWindow: limits.perIpWindowMs,
          errorResponseBuilder: (_request, context) => new HttpApiError('LW_HTTP_RATE_LIMITED', `too many login attempts from this address; retry in ${context.after}`),
        },
      },
    },
    async (request) => {
      await refuseLockedUser(request);
      const user = await credentials.check(request.body.username, request.body.password);
      if (!user) {
        await failures(request);
        throw new HttpApiError('LW_HTTP_UNAUTHORIZED', LOGIN_FAILED);
      }
      const { token, expiresAt } = app.issueToken(user);
      return { token, tokenType: 'Bearer', expiresAt, user: describePrincipal(principalOf(user)) };
    },
  );
};
