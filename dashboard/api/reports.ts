/**
 * GET /api/reports/monthly[?month=YYYY-MM][&enterprise=ID][&format=json|html]
 * GET /api/reports/latest-month[?enterprise=ID]
 *
 * The monthly quality report (report/monthly-report.ts) as JSON, or as the
 * printable page; without `month`, of the latest month with data
 * (report/latest-month.ts), which `latest-month` names so the dashboard's
 * report view opens on it. A regulator gets the whole cluster, or one enterprise with
 * `enterprise`; an enterprise user gets its own enterprise only, with or
 * without the parameter, and 403 for another's, so a ranking or a total
 * never carries another tenant's figures.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import Type, { type Static } from 'typebox';
import type { LinewatchConfig } from '../../config/resolve.js';
import { latestMonthWithData, type LatestMonth } from '../../report/latest-month.js';
import { buildMonthlyReport } from '../../report/monthly-report.js';
import { ReportError } from '../../report/report-error.js';
import { parseMonth } from '../../report/month.js';
import { renderMonthlyReportHtml } from '../../report/report-html.js';
import type { MonthlyReport } from '../../report/report-types.js';
import type { TimeSeriesStore } from '../../store/port.js';
import { badRequest, HttpApiError, notFound } from './errors.js';
import { assertCanSee, requirePrincipal, type Principal } from './principal.js';
import { IdText } from './schemas.js';

export interface ReportRouteOptions {
  readonly config: LinewatchConfig;
  readonly store: TimeSeriesStore;
  readonly clock: () => number;
}

// The month's shape is checked by report/month.ts, whose message says what a month is.
const MonthlyQuery = Type.Object(
  { month: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), enterprise: Type.Optional(IdText), format: Type.Optional(Type.Enum(['json', 'html'])) },
  { additionalProperties: false },
);
type MonthlyQuery = Static<typeof MonthlyQuery>;

const LatestQuery = Type.Object({ enterprise: Type.Optional(IdText) }, { additionalProperties: false });
type LatestQuery = Static<typeof LatestQuery>;

/**
 * The page holds no script and loads nothing; this policy makes the browser
 * hold it to that even if an escaping bug ever let markup through.
 */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const reportRoutes: FastifyPluginAsync<ReportRouteOptions> = async (app, options) => {
  app.get<{ Querystring: MonthlyQuery }>('/reports/monthly', { schema: { querystring: MonthlyQuery } }, async (request, reply) => {
    const q = request.query;
    const enterprise = reportScope(options.config, requirePrincipal(request), q.enterprise);
    const month = q.month ?? (await latestMonthFor(options, enterprise)).month;
    const report = await monthlyReportFor(options, month, enterprise);
    if (q.format === 'html') return sendReportHtml(reply, report, enterprise);
    return report;
  });

  app.get<{ Querystring: LatestQuery }>('/reports/latest-month', { schema: { querystring: LatestQuery } }, async (request) => {
    const enterprise = reportScope(options.config, requirePrincipal(request), request.query.enterprise);
    return latestMonthFor(options, enterprise);
  });
};

/** The latest month with data of a report's scope (one enterprise, or every configured one). */
export function latestMonthFor({ config, store, clock }: ReportRouteOptions, enterprise: string | undefined): Promise<LatestMonth> {
  const enterprises = enterprise !== undefined ? [enterprise] : config.enterprises.map((e) => e.id);
  return latestMonthWithData({ store, now: clock(), enterprises });
}

/**
 * The enterprise a principal's report covers (undefined: the whole cluster),
 * or the 403/404 that refuses it. An enterprise user's report is its own
 * enterprise's even when none is named. Shared with report-tickets.ts, so the
 * printable page opened by a ticket is held to the same tenancy.
 */
export function reportScope(config: LinewatchConfig, principal: Principal, requested: string | undefined): string | undefined {
  const enterprise = requested ?? principal.enterprise ?? undefined;
  if (enterprise !== undefined) {
    // Tenancy before existence, so another tenant's ids cannot be probed through 404s.
    assertCanSee(principal, enterprise);
    if (!config.enterprises.some((e) => e.id === enterprise)) throw notFound(`no enterprise '${enterprise}' in the configuration`);
  } else if (principal.role !== 'regulator') {
    throw new HttpApiError('LW_HTTP_FORBIDDEN', `user '${principal.id}' may not see the whole cluster`);
  }
  return enterprise;
}

/** Builds the report, its failures translated to API errors (a bad month is a 400). */
export async function monthlyReportFor({ config, store, clock }: ReportRouteOptions, month: string, enterprise: string | undefined): Promise<MonthlyReport> {
  try {
    return await buildMonthlyReport({ config, store, month, now: clock(), enterprise });
  } catch (err) {
    throw translate(err);
  }
}

/** Checks a month's text as the report will, so a ticket is never issued for a report that cannot be built. */
export function assertReportMonth(month: string, now: number): void {
  try {
    parseMonth(month, now);
  } catch (err) {
    throw translate(err);
  }
}

/** The printable page, under its own strict policy. */
export function sendReportHtml(reply: FastifyReply, report: MonthlyReport, enterprise: string | undefined): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', HTML_POLICY)
    .header('content-disposition', `inline; filename="linewatch-report-${report.period.month}${enterprise ? `-${enterprise}` : ''}.html"`)
    .send(renderMonthlyReportHtml(report));
}

function translate(err: unknown): unknown {
  if (!(err instanceof ReportError)) return err;
  if (err.code === 'LW_REPORT_MONTH') return badRequest('month', err.message);
  if (err.code === 'LW_REPORT_ENTERPRISE') return notFound(err.message);
  // The store's events cannot be paged through: a server-side limit, answered as any server failure (logged, 500).
  return err;
}
