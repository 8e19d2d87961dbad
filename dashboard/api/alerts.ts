/**
 * Alert episodes: list (filtered, or grouped by series), read one,
 * acknowledge, resolve, acknowledge several at once, the catalogue of causes
 * and corrective actions, and the Pareto of causes. Every route checks that
 * the principal may see the alert's enterprise; lists are filtered to what
 * the principal may see even after the directory answered, so a filter bug
 * can never widen a tenant's view.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { ALERT_RULES, ENTERPRISE_SCOPE, enterpriseOfAlertId, SEVERITIES, type Alert, type AlertRule, type AlertSeverity } from '../../monitor/alert.js';
import type { CauseCatalogue } from '../../monitor/causes.js';
import type { AlertActionError, EpisodeFilter, Pareto } from '../../monitor/episode-book.js';
import { groupBySeries } from '../../monitor/episode-groups.js';
import type { AlertDirectory } from '../../core/alerts/alert-directory.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { CHARACTERISTIC_NAMES } from '../../domain/characteristics.js';
import type { AlertListLimits } from '../options.js';
import { badRequest, HttpApiError, notFound, type HttpErrorCode } from './errors.js';
import { assertCanSee, requirePrincipal, type Principal } from './principal.js';
import { AlertIdText, IdText, NonBlankText, TimeText } from './schemas.js';
import { parseTime } from './time-param.js';
import { isRetryable } from '../../domain/errors/catalogue.js';

export interface AlertRouteOptions {
  readonly config: LinewatchConfig;
  readonly alerts: AlertDirectory;
  readonly limits: AlertListLimits;
}

/** Longest comment on an acknowledgement or resolution. characters */
export const MAX_COMMENT_LENGTH = 2000;
/** Most alerts one bulk acknowledgement may name. count */
export const MAX_BULK_IDS = 500;
/** Episodes listed per series in a grouped answer when the request names no `perSeries`. count */
export const DEFAULT_PER_SERIES = 50;
const MAX_PER_SERIES = 1000;

const IdParams = Type.Object({ id: AlertIdText });
type IdParams = Static<typeof IdParams>;

const CatalogueId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
const ActionBody = Type.Object({ comment: NonBlankText(MAX_COMMENT_LENGTH), cause: Type.Optional(CatalogueId), action: Type.Optional(CatalogueId) }, { additionalProperties: false });
type ActionBody = Static<typeof ActionBody>;
const BulkBody = Type.Object(
  {
    ids: Type.Array(AlertIdText, { minItems: 1, maxItems: MAX_BULK_IDS }),
    comment: NonBlankText(MAX_COMMENT_LENGTH),
    cause: Type.Optional(CatalogueId),
    action: Type.Optional(CatalogueId),
  },
  { additionalProperties: false },
);
type BulkBody = Static<typeof BulkBody>;

/** Characteristics an alert can be about: the monitored ones, and the enterprise's risk score. */
const AlertCharacteristic = Type.Enum([...CHARACTERISTIC_NAMES, ENTERPRISE_SCOPE.characteristic]);

/** One series and its episodes, as `groupBy=series` answers. */

export const alertRoutes: FastifyPluginAsync<AlertRouteOptions> = async (app, { config, alerts, limits }) => {
  const enterprises = new Set(config.enterprises.map((e) => e.id));
  const ListQuery = Type.Object(
    {
      enterprise: Type.Optional(IdText),
      line: Type.Optional(IdText),
      characteristic: Type.Optional(AlertCharacteristic),
      status: Type.Optional(Type.Enum(['active', 'acknowledged', 'resolved'])),
      rule: Type.Optional(Type.Enum([...ALERT_RULES])),
      severity: Type.Optional(Type.Enum([...SEVERITIES])),
      since: Type.Optional(TimeText),
      until: Type.Optional(TimeText),
      groupBy: Type.Optional(Type.Enum(['series'])),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.maxLimit })),
      perSeries: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_SERIES })),
    },
    { additionalProperties: false },
  );
  type ListQuery = Static<typeof ListQuery>;
  const ParetoQuery = Type.Object(
    { enterprise: Type.Optional(IdText), characteristic: Type.Optional(AlertCharacteristic), since: Type.Optional(TimeText), until: Type.Optional(TimeText) },
    { additionalProperties: false },
  );
  type ParetoQuery = Static<typeof ParetoQuery>;

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
    if (q.perSeries !== undefined && q.groupBy === undefined) throw badRequest('perSeries', "query parameter 'perSeries' needs groupBy=series");
    const filter: EpisodeFilter = {
      enterprise: scope(principal, q.enterprise),
      line: q.line,
      characteristic: q.characteristic,
      status: q.status as Alert['status'] | undefined,
      rule: q.rule as AlertRule | undefined,
      severity: q.severity as AlertSeverity | undefined,
      ...timeRange(q),
    };
    const found = await alerts.list(filter);
    const visible = found.filter((a) => principal.canSee(a.enterprise));
    const limit = q.limit ?? limits.defaultLimit;
    if (q.groupBy === 'series') {
      const groups = groupBySeries(visible, q.perSeries ?? DEFAULT_PER_SERIES).map(({ series, open, episodes, count }) => ({ series, open, episodes, count }));
      return { groups: groups.slice(0, limit), total: groups.length };
    }
    return { alerts: visible.slice(0, limit), total: visible.length };
  });

  app.get('/alerts/causes', async () => catalogueAnswer(alerts.catalogue));

  app.get<{ Querystring: ParetoQuery }>('/alerts/pareto', { schema: { querystring: ParetoQuery } }, async (request) => {
    const principal = requirePrincipal(request);
    const q = request.query;
    const filter: EpisodeFilter = { enterprise: scope(principal, q.enterprise), characteristic: q.characteristic, ...timeRange(q) };
    // A regulator without `enterprise` sees the cluster's causes; an enterprise user is always scoped to its own above.
    const whole = await alerts.pareto(filter);
    if (q.characteristic !== undefined) return paretoAnswer(whole);
    const characteristics = [...new Set((await alerts.list(filter)).filter((a) => principal.canSee(a.enterprise)).map((a) => a.characteristic))].sort();
    const byCharacteristic = await Promise.all(characteristics.map(async (characteristic) => ({ characteristic, ...paretoAnswer(await alerts.pareto({ ...filter, characteristic })) })));
    return { ...paretoAnswer(whole), byCharacteristic };
  });

  app.get<{ Params: IdParams }>('/alerts/:id', { schema: { params: IdParams } }, async (request) => {
    return { alert: await visibleAlert(requirePrincipal(request), request.params.id) };
  });

  for (const action of ['ack', 'resolve'] as const) {
    app.post<{ Params: IdParams; Body: ActionBody }>(`/alerts/:id/${action}`, { schema: { params: IdParams, body: ActionBody } }, async (request) => {
      const principal = requirePrincipal(request);
      const { id } = await visibleAlert(principal, request.params.id);
      const comment = request.body.comment.trim();
      const cause = request.body.cause ?? null;
      const corrective = request.body.action ?? null;
      checkCatalogue(alerts.catalogue, cause, corrective, action === 'resolve');
      try {
        const alert = action === 'ack' ? await alerts.acknowledge(id, principal.id, comment, cause, corrective) : await alerts.resolve(id, principal.id, comment, cause, corrective);
        return { alert };
      } catch (err) {
        throw translateActionError(err);
      }
    });
  }

  app.post<{ Body: BulkBody }>('/alerts/ack', { schema: { body: BulkBody } }, async (request) => {
    const principal = requirePrincipal(request);
    const { ids, comment } = request.body;
    const cause = request.body.cause ?? null;
    const corrective = request.body.action ?? null;
    checkCatalogue(alerts.catalogue, cause, corrective, false);
    const failures: Array<{ id: string; code: string; message: string }> = [];
    const allowed: string[] = [];
    for (const id of new Set(ids)) {
      // Decided on the id alone, before any lookup: another enterprise's alert is refused whether it exists or not.
      if (!principal.canSee(enterpriseOfAlertId(id))) {
        failures.push({ id, code: 'LW_HTTP_FORBIDDEN', message: `user '${principal.id}' may not act on this alert` });
        continue;
      }
      const alert = await alerts.get(id);
      if (!alert || !principal.canSee(alert.enterprise)) failures.push({ id, code: 'LW_HTTP_NOT_FOUND', message: `no alert with id '${id}'` });
      else allowed.push(id);
    }
    if (allowed.length === 0) return { acknowledged: [], failures };
    let result: Awaited<ReturnType<AlertDirectory['acknowledgeMany']>>;
    try {
      result = await alerts.acknowledgeMany(allowed, principal.id, comment.trim(), cause, corrective);
    } catch (err) {
      throw translateActionError(err);
    }
    for (const f of result.failures) {
      const code = httpCodeOf(f.code);
      // A failure the API does not know could carry the server's internals: its words stay in the log.
      if (code === 'LW_HTTP_INTERNAL') request.log.error({ id: f.id, code: f.code, message: f.message }, 'bulk acknowledgement failed for one alert');
      failures.push({ id: f.id, code, message: code === 'LW_HTTP_INTERNAL' ? `the action failed; the server log has the details under request id ${request.id}` : f.message });
    }
    return { acknowledged: result.acknowledged, failures };
  });
};

function timeRange(q: { since?: string; until?: string }): { since?: number; until?: number } {
  const since = q.since === undefined ? undefined : parseTime('since', q.since);
  const until = q.until === undefined ? undefined : parseTime('until', q.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw badRequest('until', `query parameter 'until' (${new Date(until).toISOString()}) must be after 'since' (${new Date(since).toISOString()})`);
  }
  return { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

function catalogueAnswer(c: CauseCatalogue) {
  return { causes: c.causes.map(({ id, label }) => ({ id, label })), actions: c.actions.map(({ id, label }) => ({ id, label })) };
}

function paretoAnswer(p: Pareto) {
  return { episodes: p.episodes, unassigned: p.unassigned, bars: p.bars.map(({ cause, label, count, share, cumulative }) => ({ cause, label, count, share, cumulative })) };
}

/**
 * Cause and corrective action checked here, before the directory, so a
 * refusal names the field (the directory checks again: it is the authority).
 */
function checkCatalogue(catalogue: CauseCatalogue, cause: string | null, action: string | null, required: boolean): void {
  const ids = (entries: CauseCatalogue['causes']) => entries.map((e) => e.id).join(', ');
  if (required && cause === null) throw badRequest('cause', `body field 'cause' is required to resolve: one of ${ids(catalogue.causes)}`);
  if (required && action === null) throw badRequest('action', `body field 'action' is required to resolve: one of ${ids(catalogue.actions)}`);
  if (cause !== null && !catalogue.causes.some((c) => c.id === cause)) throw badRequest('cause', `body field 'cause' must be one of: ${ids(catalogue.causes)}`);
  if (action !== null && !catalogue.actions.some((a) => a.id === action)) throw badRequest('action', `body field 'action' must be one of: ${ids(catalogue.actions)}`);
}

/** How long a client should wait before retrying an action the analytics service did not confirm. s */
const ACTION_RETRY_AFTER_S = 5;

/** The HTTP code of an action failure's code (as in a bulk answer's failures). */
function httpCodeOf(code: string): HttpErrorCode {
  if (code === 'LW_ALERT_NOT_FOUND') return 'LW_HTTP_NOT_FOUND';
  if (code === 'LW_ALERT_STATE') return 'LW_HTTP_CONFLICT';
  if (code === 'LW_ALERT_CAUSE') return 'LW_HTTP_BAD_REQUEST';
  // An outage the user can wait out (TIMEOUT, UNAVAILABLE); anything else the catalogue does not call retryable is a bug.
  return isRetryable(code) ? 'LW_HTTP_UNAVAILABLE' : 'LW_HTTP_INTERNAL';
}

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
  if (isRetryable(code)) {
    return new HttpApiError('LW_HTTP_UNAVAILABLE', (err as Error).message, { cause: err, headers: { 'retry-after': String(ACTION_RETRY_AFTER_S) } });
  }
  return err;
}
