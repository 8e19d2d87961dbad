/**
 * The risk model over HTTP: the enterprises ranked by risk, and one
 * enterprise's breakdown (risk/README.md gives the shapes). A regulator sees
 * every enterprise; an enterprise user only its own, in the list as in the
 * breakdown (403 for another's).
 *
 * Two plugins, because a dashboard running on its own has the ranked list
 * (published by the analytics service) but not the breakdown, which lives
 * only in the analytics process: it registers the first alone.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { RiskDirectory, RiskSummaryDirectory } from '../../core/enterprise-risk/risk-directory.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { IdText } from './schemas.js';

/** The routes of this module, under /api: the page's feature flags ask the route table for them. */
export const ENTERPRISE_ROUTES = Object.freeze({ list: '/enterprises', risk: '/enterprises/:id/risk' });

export interface EnterpriseListOptions {
  readonly risk: RiskSummaryDirectory;
  readonly clock: () => number;
}

export interface EnterpriseRiskOptions {
  readonly config: LinewatchConfig;
  readonly risk: Pick<RiskDirectory, 'detail'>;
}

const IdParams = Type.Object({ id: IdText });
type IdParams = Static<typeof IdParams>;

type ClassCounts = Record<'A' | 'B' | 'C', number>;

export const enterpriseListRoutes: FastifyPluginAsync<EnterpriseListOptions> = async (app, { risk, clock }) => {
  app.get(ENTERPRISE_ROUTES.list, async (request) => {
    const principal = requirePrincipal(request);
    const enterprises: EnterpriseRiskSummary[] = risk.list().filter((e) => principal.canSee(e.id));
    const registered: ClassCounts = { A: 0, B: 0, C: 0 };
    const suggested: ClassCounts = { A: 0, B: 0, C: 0 };
    for (const e of enterprises) {
      registered[e.registeredClass] += 1;
      suggested[e.suggestedClass] += 1;
    }
    return {
      generatedAt: clock(),
      enterprises,
      classCounts: { registered, suggested },
      // The list of whose suggested class differs from the registered one, for the inspection plan.
      classChanges: enterprises.filter((e) => e.classDiffers).map((e) => ({ id: e.id, name: e.name, registeredClass: e.registeredClass, suggestedClass: e.suggestedClass })),
    };
  });
};

export const enterpriseRiskRoutes: FastifyPluginAsync<EnterpriseRiskOptions> = async (app, { config, risk }) => {
  const known = new Set(config.enterprises.map((e) => e.id));

  app.get<{ Params: IdParams }>(ENTERPRISE_ROUTES.risk, { schema: { params: IdParams } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params;
    assertCanSee(principal, id);
    if (!known.has(id)) throw notFound(`no enterprise '${id}' in the configuration`);
    const detail = risk.detail(id);
    if (!detail) throw notFound(`no risk assessment of '${id}' yet`);
    return detail;
  });
};
