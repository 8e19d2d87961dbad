/**
 * Trace and recall over HTTP (dashboard/README.md, "Trace and recall"): the
 * forward trace from a line and time range, an alert episode or a material
 * lot (JSON, or CSV with format=csv), the reverse trace of one reel, and the
 * recall cases. Enterprise users see their own enterprise only; regulators
 * any, naming it with `enterprise`. Only a regulator opens a recall case or
 * adds an action to one. Answers are typed in trace/trace-view.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { enterpriseOfAlertId } from '../../monitor/alert.js';
import { REEL_ID_PATTERN_SOURCE } from '../../protocol/ids.js';
import { RECALL_STATUSES } from '../../trace/records/trace-records.js';
import { forwardTraceCsv } from '../../trace/trace-csv.js';
import type { TraceBasis } from '../../trace/trace-view.js';
import { TraceInputError, TraceNotFoundError, type TraceService } from '../../trace-service/trace-service.js';
import { badRequest, notFound } from './errors.js';
import { type Principal, requirePrincipal } from './principal.js';
import { readScope, requireRegulator } from './regulator.js';
import { AlertIdText, IdText, NonBlankText, TimeText } from './schemas.js';
import { parseTime } from './time-param.js';

export interface TraceRouteOptions {
  readonly trace: TraceService;
}

const closed = { additionalProperties: false } as const;
const LotText = Type.String({ minLength: 1, maxLength: 200 });
const ReelText = Type.String({ pattern: REEL_ID_PATTERN_SOURCE });
const TraceQuery = Type.Object(
  {
    enterprise: Type.Optional(IdText),
    line: Type.Optional(IdText),
    from: Type.Optional(TimeText),
    to: Type.Optional(TimeText),
    episode: Type.Optional(AlertIdText),
    lot: Type.Optional(LotText),
    format: Type.Optional(Type.Enum(['json', 'csv'])),
  },
  closed,
);
const ReelParams = Type.Object({ reel: ReelText });
const ScopeQuery = Type.Object({ enterprise: Type.Optional(IdText) }, closed);
const RecallParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const RecallBody = Type.Object(
  {
    enterprise: IdText,
    title: NonBlankText(300),
    basis: Type.Object(
      {
        by: Type.Enum(['line', 'episode', 'lot']),
        line: Type.Optional(IdText),
        from: Type.Optional(TimeText),
        to: Type.Optional(TimeText),
        episode: Type.Optional(AlertIdText),
        lot: Type.Optional(LotText),
      },
      closed,
    ),
  },
  closed,
);
const ActionBody = Type.Object({ action: NonBlankText(300), note: Type.String({ maxLength: 4000 }), status: Type.Optional(Type.Enum([...RECALL_STATUSES])) }, closed);

type BasisFields = { line?: string; from?: string; to?: string; episode?: string; lot?: string };

/** Exactly one basis: line with from and to, or episode, or lot. `prefix` names the fields as the request spelt them. */
function basisOf(fields: BasisFields, prefix: string, by?: string): TraceBasis {
  const given = (['line', 'episode', 'lot'] as const).filter((k) => fields[k] !== undefined);
  const chosen = by ?? (given.length === 1 ? given[0] : undefined);
  if (given.length > 1 && by === undefined) throw badRequest(`${prefix}${given[1]}`, `'${prefix}${given[1]}' cannot be combined with '${prefix}${given[0]}': trace by one of line, episode or lot`);
  if (chosen === undefined) throw badRequest(`${prefix}line`, `give one of '${prefix}line' (with from and to), '${prefix}episode' or '${prefix}lot'`);
  for (const other of given) if (other !== chosen) throw badRequest(`${prefix}${other}`, `'${prefix}${other}' cannot be combined with a trace by ${chosen}`);
  if (chosen !== 'line') for (const k of ['from', 'to'] as const) if (fields[k] !== undefined) throw badRequest(`${prefix}${k}`, `'${prefix}${k}' belongs to a trace by line`);
  if (chosen === 'episode') {
    if (fields.episode === undefined) throw badRequest(`${prefix}episode`, `'${prefix}episode' is required for a trace by episode`);
    return { by: 'episode', episode: fields.episode };
  }
  if (chosen === 'lot') {
    if (fields.lot === undefined) throw badRequest(`${prefix}lot`, `'${prefix}lot' is required for a trace by lot`);
    return { by: 'lot', lot: fields.lot };
  }
  if (fields.line === undefined) throw badRequest(`${prefix}line`, `'${prefix}line' is required for a trace by line`);
  if (fields.from === undefined) throw badRequest(`${prefix}from`, `'${prefix}from' is required with '${prefix}line'`);
  if (fields.to === undefined) throw badRequest(`${prefix}to`, `'${prefix}to' is required with '${prefix}line'`);
  const from = parseTime(`${prefix}from`, fields.from);
  const to = parseTime(`${prefix}to`, fields.to);
  if (!(from < to)) throw badRequest(`${prefix}to`, `'${prefix}to' must be after '${prefix}from'`);
  return { by: 'line', line: fields.line, from, to };
}

/** The one enterprise a trace is for: an enterprise user's own; a regulator's named one, or an episode's. */
function traceEnterprise(principal: Principal, asked: string | undefined, basis: TraceBasis): string {
  const scope = readScope(principal, asked);
  if (scope !== undefined) return scope;
  if (basis.by === 'episode') return enterpriseOfAlertId(basis.episode);
  throw badRequest('enterprise', `'enterprise' is required: a regulator names the enterprise to trace`);
}

/** The service's refusals as HTTP answers. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TraceInputError) throw badRequest(err.field, err.message);
    if (err instanceof TraceNotFoundError) throw notFound(err.message);
    throw err;
  }
}

export const traceRoutes: FastifyPluginAsync<TraceRouteOptions> = async (app, { trace }) => {
  app.get<{ Querystring: Static<typeof TraceQuery> }>('/trace/reels', { schema: { querystring: TraceQuery } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const basis = basisOf(request.query, '');
    const enterprise = traceEnterprise(principal, request.query.enterprise, basis);
    const result = await answering(() => trace.queries.forward(enterprise, basis));
    if (request.query.format !== 'csv') return result;
    const name = `trace-${enterprise}-${basis.by}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(forwardTraceCsv(result));
  });

  app.get<{ Params: Static<typeof ReelParams>; Querystring: Static<typeof ScopeQuery> }>('/trace/reels/:reel', { schema: { params: ReelParams, querystring: ScopeQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    const enterprise = readScope(principal, request.query.enterprise);
    if (enterprise === undefined) throw badRequest('enterprise', `'enterprise' is required: a regulator names the reel's enterprise`);
    return answering(() => trace.queries.reel(enterprise, request.params.reel));
  });

  app.post<{ Body: Static<typeof RecallBody> }>('/trace/recalls', { schema: { body: RecallBody } }, async (request, reply) => {
    const principal = requireRegulator(request, 'open a recall case');
    const { enterprise, title, basis: fields } = request.body;
    const basis = basisOf(fields, 'basis.', fields.by);
    if (basis.by === 'episode' && enterpriseOfAlertId(basis.episode) !== enterprise)
      throw badRequest('basis.episode', `episode ${JSON.stringify(basis.episode)} is not one of enterprise '${enterprise}'`);
    return reply.code(201).send(await answering(() => trace.recalls.open({ enterprise, title, basis }, principal.id)));
  });

  app.get<{ Querystring: Static<typeof ScopeQuery> }>('/trace/recalls', { schema: { querystring: ScopeQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    return trace.recalls.list(readScope(principal, request.query.enterprise));
  });

  app.get<{ Params: Static<typeof RecallParams> }>('/trace/recalls/:id', { schema: { params: RecallParams } }, async (request) => {
    const principal = requirePrincipal(request);
    // Another enterprise's case is reported as missing, as the register does for records.
    return answering(() => trace.recalls.get(request.params.id, principal.role === 'regulator' ? undefined : (principal.enterprise ?? '\u0000none')));
  });

  app.post<{ Params: Static<typeof RecallParams>; Body: Static<typeof ActionBody> }>('/trace/recalls/:id/actions', { schema: { params: RecallParams, body: ActionBody } }, async (request) => {
    const principal = requireRegulator(request, 'act on a recall case');
    const { action, note, status } = request.body;
    return answering(() => trace.recalls.addAction(request.params.id, { action, note, ...(status !== undefined ? { status } : {}) }, principal.id));
  });
};
