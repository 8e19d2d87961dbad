/**
 * Class decisions, draws and the bureau's overview over HTTP
 * (dashboard/README.md, "Supervision"): an enterprise's registered class,
 * history and suggestion with every condition; proposals and the decision
 * on them; double-random draws; the inspection plan; the class counts
 * against the targets; the credit list. Regulators see and decide all;
 * enterprise users see their own class, proposals, plan row and credit
 * entries, and decide nothing.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { SupervisionService } from '../../supervision-service/supervision-service.js';
import { notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { readScope, requireRegulator } from './regulator.js';
import { IdText, NonBlankText } from './schemas.js';

export interface SupervisionRouteOptions {
  readonly supervision: SupervisionService;
}

const closed = { additionalProperties: false } as const;
const Uuidish = Type.String({ minLength: 1, maxLength: 200 });
const IdParams = Type.Object({ id: Uuidish });
const EnterpriseParams = Type.Object({ id: IdText });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ProposalQuery = Type.Object({ enterprise: Type.Optional(IdText), status: Type.Optional(Type.Enum(['pending', 'accepted', 'rejected', 'withdrawn', 'superseded'])) }, closed);
const DecisionBody = Type.Object({ action: Type.Enum(['accept', 'reject', 'withdraw']), reason: NonBlankText(2000), effectiveFrom: Type.Optional(Day) }, closed);
const Weight = Type.Optional(Type.Number({ minimum: 0, maximum: 1000 }));
const DrawBody = Type.Object(
  {
    period: NonBlankText(100),
    seed: NonBlankText(200),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    inspectorsPerEnterprise: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    classWeights: Type.Optional(Type.Object({ A: Weight, B: Weight, C: Weight }, closed)),
    riskWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  closed,
);
const DrawQuery = Type.Object({ period: Type.Optional(NonBlankText(100)) }, closed);
const ScopeQuery = Type.Object({ enterprise: Type.Optional(IdText) }, closed);

export const supervisionRoutes: FastifyPluginAsync<SupervisionRouteOptions> = async (app, { supervision }) => {
  app.get<{ Params: Static<typeof EnterpriseParams> }>('/enterprises/:id/class', { schema: { params: EnterpriseParams } }, async (request) => {
    const principal = requirePrincipal(request);
    assertCanSee(principal, request.params.id);
    if (!supervision.isEnterprise(request.params.id)) throw notFound(`no enterprise '${request.params.id}' in the configuration`);
    return supervision.classOf(request.params.id);
  });

  app.get<{ Querystring: Static<typeof ProposalQuery> }>('/proposals', { schema: { querystring: ProposalQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    const enterprise = readScope(principal, request.query.enterprise);
    return { proposals: await supervision.listProposals({ ...(enterprise !== undefined ? { enterprise } : {}), ...(request.query.status !== undefined ? { status: request.query.status } : {}) }) };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/proposals/:id', { schema: { params: IdParams } }, async (request) => {
    const principal = requirePrincipal(request);
    const proposal = await supervision.register.getProposal(request.params.id);
    // Another enterprise's proposal is reported as missing, as the register does for records.
    if (!principal.canSee(proposal.enterprise)) throw notFound(`no proposal ${JSON.stringify(request.params.id)}`);
    return proposal;
  });

  app.post('/proposals/check', async (request) => {
    requireRegulator(request, 'check for class proposals');
    return { made: await supervision.checkProposals() };
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DecisionBody> }>('/proposals/:id/decision', { schema: { params: IdParams, body: DecisionBody } }, async (request) => {
    const principal = requireRegulator(request, 'decide on a class proposal');
    const { action, reason, effectiveFrom } = request.body;
    return supervision.decide(request.params.id, { action, reason, ...(effectiveFrom !== undefined ? { effectiveFrom } : {}) }, principal.id);
  });

  app.post<{ Body: Static<typeof DrawBody> }>('/draws', { schema: { body: DrawBody } }, async (request, reply) => {
    const principal = requireRegulator(request, 'make a draw');
    return reply.code(201).send(await supervision.createDraw(request.body, principal.id));
  });

  app.get<{ Querystring: Static<typeof DrawQuery> }>('/draws', { schema: { querystring: DrawQuery } }, async (request) => {
    requireRegulator(request, 'see the draws before they are published');
    return { draws: await supervision.listDraws(request.query.period) };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/draws/:id', { schema: { params: IdParams } }, async (request) => {
    requireRegulator(request, 'see the draws before they are published');
    return supervision.getDraw(request.params.id);
  });

  app.post<{ Params: Static<typeof IdParams> }>('/draws/:id/publish', { schema: { params: IdParams } }, async (request) => {
    const principal = requireRegulator(request, 'publish a draw');
    return supervision.publishDraw(request.params.id, principal.id);
  });

  app.get<{ Querystring: Static<typeof ScopeQuery> }>('/inspections/plan', { schema: { querystring: ScopeQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    return supervision.inspectionPlan(readScope(principal, request.query.enterprise));
  });

  app.get('/overview/targets', async (request) => {
    requireRegulator(request, 'see the class targets');
    return supervision.targets();
  });

  app.get<{ Querystring: Static<typeof ScopeQuery> }>('/credit', { schema: { querystring: ScopeQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    return supervision.creditList(readScope(principal, request.query.enterprise));
  });
};
