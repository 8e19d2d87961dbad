/**
 * GET /api/reports/monthly?month=YYYY-MM[&enterprise=ID][&format=json|html]
 *
 * The monthly quality report (report/monthly-report.ts) as JSON, or as the
 * printable page. A regulator gets the whole cluster, or one enterprise with
 * `enterprise`; an enterprise user gets its own enterprise only, with or
 * without the parameter, and 403 for another's, so a ranking or a total
 * never carries another tenant's figures.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import type { LinewatchConfig } from '../../config/resolve.js';
import { buildMonthlyReport } from '../../report/monthly-report.js';
import { ReportError } from '../../report/report-error.js';
import { renderMonthlyReportHtml } from '../../report/report-html.js';
import type { TimeSeriesStore } from '../../store/port.js';
import { badRequest, HttpApiError, notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { IdText } from './schemas.js';

export interface ReportRouteOptions {
  readonly config: LinewatchConfig;
  readonly store: TimeSeriesStore;
  readonly clock: () => number;
}

// The month's shape is checked by report/month.ts, whose message says what a month is.
const MonthlyQuery = Type.Object(
  { month: Type.String({ minLength: 1, maxLength: 32 }), enterprise: Type.Optional(IdText), format: Type.Optional(Type.Enum(['json', 'html'])) },
  { additionalProperties: false },
);
type MonthlyQuery = Static<typeof MonthlyQuery>;

/**
 * The page holds no script and loads nothing; this policy makes the browser
 * hold it to that even if an escaping bug ever let markup through.
 */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const reportRoutes: FastifyPluginAsync<ReportRouteOptions> = async (app, { config, store, clock }) => {
  const known = new Set(config.enterprises.map((e) => e.id));

  app.get<{ Querystring: MonthlyQuery }>('/reports/monthly', { schema: { querystring: MonthlyQuery } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const q = request.query;
    // An enterprise user's report is its own enterprise's even when none is named.
    const enterprise = q.enterprise ?? principal.enterprise ?? undefined;
    if (enterprise !== undefined) {
      // Tenancy before existence, so another tenant's ids cannot be probed through 404s.
      assertCanSee(principal, enterprise);
      if (!known.has(enterprise)) throw notFound(`no enterprise '${enterprise}' in the configuration`);
    } else if (principal.role !== 'regulator') {
      throw new HttpApiError('LW_HTTP_FORBIDDEN', `user '${principal.id}' may not see the whole cluster`);
    }
    let report;
    try {
      report = await buildMonthlyReport({ config, store, month: q.month, now: clock(), enterprise });
    } catch (err) {
      throw translate(err);
    }
    if (q.format === 'html') {
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', HTML_POLICY)
        .header('content-disposition', `inline; filename="linewatch-report-${report.period.month}${enterprise ? `-${enterprise}` : ''}.html"`)
        .send(renderMonthlyReportHtml(report));
    }
    return report;
  });
};

function translate(err: unknown): unknown {
  if (!(err instanceof ReportError)) return err;
  if (err.code === 'LW_REPORT_MONTH') return badRequest('month', err.message);
  if (err.code === 'LW_REPORT_ENTERPRISE') return notFound(err.message);
  // The store's events cannot be paged through: a server-side limit, answered as any server failure (logged, 500).
  return err;
}
