/**
 * The supervision register's records over HTTP (dashboard/README.md,
 * "Register"): list, read, create, update with the version read, delete,
 * CSV import (all or nothing, every bad row named) and export (formula-
 * guarded), and the audit trail. Regulators write; enterprise users read
 * their own enterprise's records only. Every write re-checks the class
 * proposals of the enterprise it touched.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { COMMON_FIELDS, KIND_FIELDS } from '../../supervision/record-fields.js';
import { RECORD_KINDS } from '../../supervision/records.js';
import type { SupervisionService } from '../../supervision-service/supervision-service.js';
import { badRequest } from './errors.js';
import { requirePrincipal } from './principal.js';
import { readScope, requireRegulator } from './regulator.js';
import { IdText, TimeText } from './schemas.js';
import { parseTime } from './time-param.js';

export interface RegisterRouteOptions {
  readonly supervision: SupervisionService;
}

/** A register CSV of tens of thousands of rows; the rest of the API takes small JSON bodies. bytes */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/** Record ids are the register's (UUIDs) or a spreadsheet's own: any short text. */
const RecordId = Type.String({ minLength: 1, maxLength: 200 });
const Kind = Type.Enum([...RECORD_KINDS]);
const IdParams = Type.Object({ id: RecordId });
const ListQuery = Type.Object({ enterprise: Type.Optional(IdText), kind: Type.Optional(Kind) }, { additionalProperties: false });
const KindQuery = Type.Object({ kind: Kind }, { additionalProperties: false });
const ExportQuery = Type.Object({ kind: Kind, enterprise: Type.Optional(IdText) }, { additionalProperties: false });
const VersionQuery = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const RecordBody = Type.Object({}, { additionalProperties: true });
const UpdateBody = Type.Object({ version: Type.Integer({ minimum: 1 }), record: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: false });
const AuditQuery = Type.Object(
  {
    enterprise: Type.Optional(IdText),
    entity: Type.Optional(Type.Enum(['record', 'class', 'proposal', 'draw'])),
    entityId: Type.Optional(RecordId),
    from: Type.Optional(TimeText),
    to: Type.Optional(TimeText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const registerRoutes: FastifyPluginAsync<RegisterRouteOptions> = async (app, { supervision }) => {
  const desk = supervision.records;
  // A CSV import is sent as the file itself.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const afterChange = async (enterprises: Iterable<string>, log: { warn(o: object, m: string): void }) => {
    // The write is committed; a failed proposal check must not make it look refused. The timer retries.
    await supervision.changed(enterprises).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'proposal check after a register change failed'));
  };

  app.get('/register/fields', async () => ({ common: COMMON_FIELDS, kinds: KIND_FIELDS }));

  app.get<{ Querystring: Static<typeof ListQuery> }>('/register/records', { schema: { querystring: ListQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    const enterprise = readScope(principal, request.query.enterprise);
    return { records: await desk.list({ ...(enterprise !== undefined ? { enterprise } : {}), ...(request.query.kind !== undefined ? { kind: request.query.kind } : {}) }) };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/register/records/:id', { schema: { params: IdParams } }, async (request) => {
    const principal = requirePrincipal(request);
    return desk.get(request.params.id, readScope(principal, undefined));
  });

  app.post('/register/records', { schema: { body: RecordBody } }, async (request, reply) => {
    const principal = requireRegulator(request, 'change the register');
    const view = await desk.create(request.body, principal.id);
    await afterChange([view.enterprise], request.log);
    return reply.code(201).send(view);
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>('/register/records/:id', { schema: { params: IdParams, body: UpdateBody } }, async (request) => {
    const principal = requireRegulator(request, 'change the register');
    const view = await desk.update(request.params.id, request.body.version, request.body.record, principal.id);
    await afterChange([view.enterprise], request.log);
    return view;
  });

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof VersionQuery> }>('/register/records/:id', { schema: { params: IdParams, querystring: VersionQuery } }, async (request) => {
    const principal = requireRegulator(request, 'change the register');
    const deleted = await desk.delete(request.params.id, request.query.version, principal.id);
    await afterChange([deleted.enterprise], request.log);
    return { id: deleted.id, deleted: true };
  });

  app.post<{ Querystring: Static<typeof KindQuery> }>('/register/import', { schema: { querystring: KindQuery }, bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    const principal = requireRegulator(request, 'import into the register');
    if (typeof request.body !== 'string') throw badRequest('body', 'send the CSV file itself as the body, with Content-Type: text/csv');
    const records = await desk.importCsv(request.query.kind, request.body, principal.id);
    await afterChange(
      records.map((r) => r.enterprise),
      request.log,
    );
    return reply.code(201).send({ kind: request.query.kind, imported: records.length, ids: records.map((r) => r.id) });
  });

  app.get<{ Querystring: Static<typeof ExportQuery> }>('/register/export', { schema: { querystring: ExportQuery } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const enterprise = readScope(principal, request.query.enterprise);
    const csv = await desk.exportCsv(request.query.kind, enterprise);
    const name = `${request.query.kind}${enterprise !== undefined ? `-${enterprise}` : ''}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
  });

  app.get<{ Querystring: Static<typeof AuditQuery> }>('/audit', { schema: { querystring: AuditQuery } }, async (request) => {
    requireRegulator(request, 'read the audit trail');
    const q = request.query;
    return supervision.register.queryAudit({
      ...(q.enterprise !== undefined ? { enterprise: q.enterprise } : {}),
      ...(q.entity !== undefined ? { entity: q.entity } : {}),
      ...(q.entityId !== undefined ? { entityId: q.entityId } : {}),
      ...(q.from !== undefined ? { from: new Date(parseTime('from', q.from)).toISOString() } : {}),
      ...(q.to !== undefined ? { to: new Date(parseTime('to', q.to)).toISOString() } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
  });
};
