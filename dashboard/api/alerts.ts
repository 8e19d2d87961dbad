/**
 * Alerts: list, read one, acknowledge, resolve. Every route checks that the
 * principal may see the alert's enterprise; lists are filtered to what the
 * principal may see even after the directory answered, so a filter bug can
 * never widen a tenant's view.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { Alert } from '../../monitor/alert.js';
import type { AlertActionError } from '../../monitor/episode-book.js';
import type { AlertDirectory } from '../../analytics/alerts/alert-directory.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { AlertListLimits } from '../options.js';
import { HttpApiError, notFound } from './errors.js';
import { assertCanSee, requirePrincipal, type Principal } from './principal.js';
import { AlertIdText, IdText, NonBlankText, TimeText } from './schemas.js';
import { parseTime } from './time-param.js';

export interface AlertRouteOptions {
  readonly config: LinewatchConfig;
  readonly alerts: AlertDirectory;
  readonly limits: AlertListLimits;
}

/** Longest comment on an acknowledgement or resolution. characters */
export const MAX_COMMENT_LENGTH = 2000;

const IdParams = Type.Object({ id: AlertIdText });
type IdParams = Static<typeof IdParams>;

const CatalogueId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
const ActionBody = Type.Object({ comment: NonBlankText(MAX_COMMENT_LENGTH), cause: Type.Optional(CatalogueId), action: Type.Optional(CatalogueId) }, { additionalProperties: false });
type ActionBody = Static<typeof ActionBody>;

export const alertRoutes: FastifyPluginAsync<AlertRouteOptions> = async (app, { config, alerts, limits }) => {
  const enterprises = new Set(config.enterprises.map((e) => e.id));
  const ListQuery = Type.Object(
    {
      enterprise: Type.Optional(IdText),
      status: Type.Optional(Type.Enum(['active', 'acknowledged', 'resolved'])),
      since: Type.Optional(TimeText),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.maxLimit })),
    },
    { additionalProperties: false },
  );
  type ListQuery = Static<typeof ListQuery>;

  /** Which enterprise to list: the one asked for if the principal may see it, else the principal's own. */
  function scope(principal: Principal, asked: string | undefined): string | undefined {
    if (asked === undefined) return principal.enterprise ?? undefined;
    assertCanSee(principal, asked);
    if (!enterprises.has(asked)) throw notFound(`no enterprise '${asked}' in the configuration`);
    return asked;
  }

  /** The alert, if it exists (404) and the principal may see it (403). */
  async function visibleAlert(principal: Principal, id: string): Promise<Alert> {
    const alert = await alerts.get(id);
    if (!alert) throw notFound(`no alert with id '${id}'`);
    assertCanSee(principal, alert.enterprise);
    return alert;
  }

  app.get<{ Querystring: ListQuery }>('/alerts', { schema: { querystring: ListQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    const q = request.query;
    const found = await alerts.list({
      enterprise: scope(principal, q.enterprise),
      status: q.status as Alert['status'] | undefined,
      since: q.since === undefined ? undefined : parseTime('since', q.since),
    });
    const visible = found.filter((a) => principal.canSee(a.enterprise));
    return { alerts: visible.slice(0, q.limit ?? limits.defaultLimit), total: visible.length };
  });

  app.get<{ Params: IdParams }>('/alerts/:id', { schema: { params: IdParams } }, async (request) => {
    return { alert: await visibleAlert(requirePrincipal(request), request.params.id) };
  });

  for (const action of ['ack', 'resolve'] as const) {
    app.post<{ Params: IdParams; Body: ActionBody }>(`/alerts/:id/${action}`, { schema: { params: IdParams, body: ActionBody } }, async (request) => {
      const principal = requirePrincipal(request);
      const { id } = await visibleAlert(principal, request.params.id);
      const comment = request.body.comment.trim();
      try {
        const cause = request.body.cause ?? null;
        const corrective = request.body.action ?? null;
        const alert = action === 'ack' ? await alerts.acknowledge(id, principal.id, comment, cause, corrective) : await alerts.resolve(id, principal.id, comment, cause, corrective);
        return { alert };
      } catch (err) {
        throw translateActionError(err);
      }
    });
  }
};

/** How long a client should wait before retrying an action the analytics service did not confirm. s */
const ACTION_RETRY_AFTER_S = 5;

/**
 * By code rather than class: a directory reached over MQTT rebuilds the error
 * from its code, and adds two of its own (dashboard/alert-command-error.ts)
 * for an analytics service that did not answer or a broker not reached.
 */
function translateActionError(err: unknown): unknown {
  const code = (err as Partial<AlertActionError> | { code?: unknown } | null)?.code;
  if (code === 'LW_ALERT_NOT_FOUND') return new HttpApiError('LW_HTTP_NOT_FOUND', (err as Error).message, { cause: err });
  if (code === 'LW_ALERT_STATE') return new HttpApiError('LW_HTTP_CONFLICT', (err as Error).message, { cause: err });
  if (code === 'LW_ALERT_CAUSE') return new HttpApiError('LW_HTTP_BAD_REQUEST', (err as Error).message, { cause: err });
  if (code === 'LW_ALERT_TIMEOUT' || code === 'LW_ALERT_UNAVAILABLE') {
    return new HttpApiError('LW_HTTP_UNAVAILABLE', (err as Error).message, { cause: err, headers: { 'retry-after': String(ACTION_RETRY_AFTER_S) } });
  }
  return err;
}
