/**
 * GET /api/findings: the regulator's feed of enterprise-level findings
 * (core/findings/finding.ts), newest first: the open ones and those
 * closed since `since`. A regulator sees every enterprise's, an enterprise
 * user only its own (403 for another's).
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { Finding, FindingDirectory } from '../../core/findings/finding.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { AlertListLimits } from '../options.js';
import { notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { IdText, TimeText } from './schemas.js';
import { parseTime } from './time-param.js';

export interface FindingRouteOptions {
  readonly config: LinewatchConfig;
  readonly findings: FindingDirectory;
  /** The alert list's limits serve here too: a finding is smaller than an alert. */
  readonly limits: AlertListLimits;
}

/** The route of this module, under /api. */
export const FINDING_ROUTES = Object.freeze({ list: '/findings' });

export const findingRoutes: FastifyPluginAsync<FindingRouteOptions> = async (app, { config, findings, limits }) => {
  const enterprises = new Set(config.enterprises.map((e) => e.id));
  const Query = Type.Object(
    {
      enterprise: Type.Optional(IdText),
      status: Type.Optional(Type.Enum(['open', 'closed'])),
      since: Type.Optional(TimeText),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.maxLimit })),
    },
    { additionalProperties: false },
  );
  type Query = Static<typeof Query>;

  app.get<{ Querystring: Query }>(FINDING_ROUTES.list, { schema: { querystring: Query } }, async (request) => {
    const principal = requirePrincipal(request);
    const q = request.query;
    let enterprise = principal.enterprise ?? undefined;
    if (q.enterprise !== undefined) {
      assertCanSee(principal, q.enterprise);
      if (!enterprises.has(q.enterprise)) throw notFound(`no enterprise '${q.enterprise}' in the configuration`);
      enterprise = q.enterprise;
    }
    const found = findings.list({
      ...(enterprise !== undefined ? { enterprise } : {}),
      ...(q.status !== undefined ? { status: q.status as Finding['status'] } : {}),
      ...(q.since !== undefined ? { since: parseTime('since', q.since) } : {}),
    });
    // Filtered again here: tenancy must not rest on the directory's filter.
    const visible = found.filter((f) => principal.canSee(f.enterprise));
    return { findings: visible.slice(0, q.limit ?? limits.defaultLimit), total: visible.length };
  });
};
