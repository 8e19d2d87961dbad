/**
 * The enterprise's routine reports over HTTP (dashboard/README.md,
 * "Routine"): the draft of a day, week or month, the saved and signed
 * reports, saving remarks, signing, and for regulators the month's
 * compliance of every enterprise. Enterprise users keep their own
 * enterprise's routine; regulators read every one and sign none.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { isRoutineRefusal, type RoutineRefusal } from '../../trace-service/routine-refusal.js';
import type { RoutineService } from '../../trace-service/routine-service.js';
import { HttpApiError } from './errors.js';
import { requirePrincipal } from './principal.js';
import { readScope, requireRegulator } from './regulator.js';
import { IdText } from './schemas.js';

export interface RoutineRouteOptions {
  readonly routine: RoutineService;
}

export const ROUTINE_ROUTES = Object.freeze({ list: '/trace/routine', draft: '/trace/routine/draft', sign: '/trace/routine/:id/sign', compliance: '/trace/routine/compliance' });

/** The service checks these and names the field; the schema only bounds their size. */
const Short = Type.String({ maxLength: 40 });
const DraftQuery = Type.Object({ enterprise: Type.Optional(IdText), period: Short, periodStart: Short }, { additionalProperties: false });
const ListQuery = Type.Object({ enterprise: Type.Optional(IdText) }, { additionalProperties: false });
const SaveBody = Type.Object({ enterprise: Type.Optional(IdText), period: Short, periodStart: Short, remarks: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false });
const SignParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const SignBody = Type.Object({ signedAs: Short }, { additionalProperties: false });
const ComplianceQuery = Type.Object({ month: Short }, { additionalProperties: false });

const STATUS: Record<RoutineRefusal['kind'], 'LW_HTTP_BAD_REQUEST' | 'LW_HTTP_FORBIDDEN' | 'LW_HTTP_CONFLICT' | 'LW_HTTP_NOT_FOUND'> = {
  'bad-input': 'LW_HTTP_BAD_REQUEST',
  forbidden: 'LW_HTTP_FORBIDDEN',
  signed: 'LW_HTTP_CONFLICT',
  'not-found': 'LW_HTTP_NOT_FOUND',
};

async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isRoutineRefusal(err)) throw new HttpApiError(STATUS[err.kind], err.message, err.field !== undefined ? { field: err.field } : {});
    throw err;
  }
}

export const routineRoutes: FastifyPluginAsync<RoutineRouteOptions> = async (app, { routine }) => {
  /** The enterprise a request is about: an enterprise user's own; a regulator must name one. */
  const enterpriseOf = (request: Parameters<typeof requirePrincipal>[0], asked: string | undefined): string => {
    const scope = readScope(requirePrincipal(request), asked);
    if (scope === undefined) throw new HttpApiError('LW_HTTP_BAD_REQUEST', 'enterprise: a regulator must name the enterprise', { field: 'enterprise' });
    return scope;
  };

  app.get<{ Querystring: Static<typeof DraftQuery> }>(ROUTINE_ROUTES.draft, { schema: { querystring: DraftQuery } }, async (request) => {
    const enterprise = enterpriseOf(request, request.query.enterprise);
    return answer(routine.draft(enterprise, request.query.period, request.query.periodStart));
  });

  app.get<{ Querystring: Static<typeof ListQuery> }>(ROUTINE_ROUTES.list, { schema: { querystring: ListQuery } }, async (request) => {
    const enterprise = enterpriseOf(request, request.query.enterprise);
    return { reports: await answer(routine.list(enterprise)) };
  });

  app.post<{ Body: Static<typeof SaveBody> }>(ROUTINE_ROUTES.list, { schema: { body: SaveBody } }, async (request) => {
    const principal = requirePrincipal(request);
    const enterprise = request.body.enterprise ?? principal.enterprise ?? '';
    return answer(routine.save({ enterprise, period: request.body.period, periodStart: request.body.periodStart, remarks: request.body.remarks }, principal));
  });

  app.post<{ Params: Static<typeof SignParams>; Body: Static<typeof SignBody> }>(ROUTINE_ROUTES.sign, { schema: { params: SignParams, body: SignBody } }, async (request) => {
    const principal = requirePrincipal(request);
    return answer(routine.sign(request.params.id, request.body.signedAs, principal));
  });

  app.get<{ Querystring: Static<typeof ComplianceQuery> }>(ROUTINE_ROUTES.compliance, { schema: { querystring: ComplianceQuery } }, async (request) => {
    requireRegulator(request, 'see every enterprise’s routine');
    return answer(routine.compliance(request.query.month));
  });
};
