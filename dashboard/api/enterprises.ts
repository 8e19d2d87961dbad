/**
 * The risk model over HTTP: the enterprises ranked by risk, and one
 * enterprise's breakdown (risk/README.md gives the shapes). A regulator sees
 * every enterprise; an enterprise user only its own, in the list as in the
 * breakdown (403 for another's).
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { RiskDirectory } from '../../core/enterprise-risk/risk-directory.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { IdText } from './schemas.js';

export interface EnterpriseRouteOptions {
  readonly config: LinewatchConfig;
  readonly risk: RiskDirectory;
  readonly clock: () => number;
}

const IdParams = Type.Object({ id: IdText });
type IdParams = Static<typeof IdParams>;

type ClassCounts = Record<'A' | 'B' | 'C', number>;

export const enterpriseRoutes: FastifyPluginAsync<EnterpriseRouteOptions> = async (app, { config, risk, clock }) => {
  const known = new Set(config.enterprises.map((e) => e.id));

  app.get('/enterprises', async (request) => {
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

  app.get<{ Params: IdParams }>('/enterprises/:id/risk', { schema: { params: IdParams } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params;
    assertCanSee(principal, id);
    if (!known.has(id)) throw notFound(`no enterprise '${id}' in the configuration`);
    const detail = risk.detail(id);
    if (!detail) throw notFound(`no risk assessment of '${id}' yet`);
    return detail;
  });
};
