/**
 * The enterprises' traceability records over HTTP (dashboard/README.md,
 * "Traceability records"): material lots, reel lots, reel tests, shipments,
 * routine reports and recall cases; list, read, create, update with the
 * version read, delete, CSV import (all or nothing, every bad row named)
 * and export (formula-guarded). Who may write what is the desk's
 * (trace-service/trace-access.ts): an enterprise user its own enterprise's
 * records, a regulator all, recall cases a regulator only.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { CSV_TRACE_KINDS } from '../../trace/records/trace-csv.js';
import { TRACE_RECORD_KINDS } from '../../trace/records/trace-records.js';
import type { TraceActor, TraceRecordDesk } from '../../trace-service/index.js';
import { badRequest } from './errors.js';
import { type Principal, requirePrincipal } from './principal.js';
import { IdText } from './schemas.js';

export interface TraceRecordRouteOptions {
  readonly traceRecords: TraceRecordDesk;
}

/** The paths this module serves (under /api), for the route table and the page's feature flags. */
export const TRACE_RECORD_ROUTES = { list: '/trace/records', import: '/trace/records/import', export: '/trace/records/export' } as const;

/** A CSV of tens of thousands of rows; the rest of the API takes small JSON bodies. bytes */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

const RecordId = Type.String({ minLength: 1, maxLength: 200 });
const IdParams = Type.Object({ id: RecordId });
const ListQuery = Type.Object({ enterprise: Type.Optional(IdText), kind: Type.Optional(Type.Enum([...TRACE_RECORD_KINDS])) }, { additionalProperties: false });
const CsvKind = Type.Enum([...CSV_TRACE_KINDS]);
const KindQuery = Type.Object({ kind: CsvKind }, { additionalProperties: false });
const ExportQuery = Type.Object({ kind: CsvKind, enterprise: Type.Optional(IdText) }, { additionalProperties: false });
const VersionQuery = Type.Object({ expectedVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const RecordBody = Type.Object({}, { additionalProperties: true });
const UpdateBody = Type.Object({ expectedVersion: Type.Integer({ minimum: 1 }), record: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: false });

/** The authenticated user as the desk judges it. */
function actorOf(principal: Principal): TraceActor {
  return { id: principal.id, role: principal.role === 'regulator' ? 'regulator' : 'enterprise', enterprise: principal.enterprise };
}

export const traceRecordRoutes: FastifyPluginAsync<TraceRecordRouteOptions> = async (app, { traceRecords: desk }) => {
  // A CSV import is sent as the file itself.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get<{ Querystring: Static<typeof ListQuery> }>(TRACE_RECORD_ROUTES.list, { schema: { querystring: ListQuery } }, async (request) => {
    const actor = actorOf(requirePrincipal(request));
    return { records: await desk.list(actor, request.query) };
  });

  app.get<{ Querystring: Static<typeof ExportQuery> }>(TRACE_RECORD_ROUTES.export, { schema: { querystring: ExportQuery } }, async (request, reply) => {
    const actor = actorOf(requirePrincipal(request));
    const enterprise = request.query.enterprise ?? actor.enterprise ?? undefined;
    const csv = await desk.exportCsv(actor, request.query.kind, enterprise);
    const name = `${request.query.kind}${enterprise !== undefined ? `-${enterprise}` : ''}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
  });

  app.get<{ Params: Static<typeof IdParams> }>(`${TRACE_RECORD_ROUTES.list}/:id`, { schema: { params: IdParams } }, async (request) => {
    return desk.get(actorOf(requirePrincipal(request)), request.params.id);
  });

  app.post(TRACE_RECORD_ROUTES.list, { schema: { body: RecordBody } }, async (request, reply) => {
    const view = await desk.create(actorOf(requirePrincipal(request)), request.body);
    return reply.code(201).send(view);
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(`${TRACE_RECORD_ROUTES.list}/:id`, { schema: { params: IdParams, body: UpdateBody } }, async (request) => {
    return desk.update(actorOf(requirePrincipal(request)), request.params.id, request.body.expectedVersion, request.body.record);
  });

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof VersionQuery> }>(
    `${TRACE_RECORD_ROUTES.list}/:id`,
    { schema: { params: IdParams, querystring: VersionQuery } },
    async (request) => {
      const deleted = await desk.delete(actorOf(requirePrincipal(request)), request.params.id, request.query.expectedVersion);
      return { id: deleted.id, deleted: true };
    },
  );

  app.post<{ Querystring: Static<typeof KindQuery> }>(TRACE_RECORD_ROUTES.import, { schema: { querystring: KindQuery }, bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    const actor = actorOf(requirePrincipal(request));
    if (typeof request.body !== 'string') throw badRequest('body', 'send the CSV file itself as the body, with Content-Type: text/csv');
    const records = await desk.importCsv(actor, request.query.kind, request.body);
    return reply.code(201).send({ kind: request.query.kind, imported: records.length, ids: records.map((r) => r.id) });
  });
};
