/**
 * The dashboard's HTTP application, built but not started: `linewatch start`
 * calls listen on it, tests call `app.inject()` (fastify's testing guide).
 *
 * Layout:
 *   /healthz, /readyz       health.ts, no auth
 *   /metrics                health.ts, no auth, when options.metrics is given
 *   /api/login              login.ts, rate limited, no auth
 *   /api/alerts..., /api/series/..., /api/findings, /api/enterprises[/:id/risk]
 *                           alerts.ts, series.ts, limits.ts, findings.ts,
 *                           enterprises.ts, behind the authenticate hook;
 *                           findings and enterprises when their directory is
 *                           given, the breakdown only from a full RiskDirectory
 *   /api/register/..., /api/audit, /api/enterprises/:id/class, /api/proposals...,
 *   /api/draws..., /api/inspections/plan, /api/overview/targets, /api/credit
 *                           register-records.ts, supervision.ts (the supervision
 *                           register), behind the authenticate hook, when
 *                           options.supervision is given
 *   /api/trace/reels..., /api/trace/recalls...
 *                           trace.ts: trace and recall cases, behind the
 *                           authenticate hook, when options.trace is given
 *   /api/trace/records[/:id|/import|/export]
 *                           trace-records.ts: the enterprises' traceability records
 *                           in the same register, when options.traceRecords is given
 *   /api/public/..., /public
 *                           public.ts: what the bureau publishes, no auth
 *   /api/reports/tickets    report-tickets.ts: a 60 s ticket for the printable report
 *   /reports/monthly?ticket= the printable report a ticket opens, no bearer token
 *   /, /static/, /assets/, /vendor/
 *                           the web page (web-routes.ts), no auth: it holds no data
 *   /socket.io/             live alert, risk and finding events (live/live-server.ts),
 *                           the same token as the API, attached once the app is ready
 * Which optional routes exist is read from the route table (route-table.ts),
 * by the paths the api modules export, for the page's feature flags.
 * One error handler (api/error-handler.ts) answers every failure in the
 * `{ error: { code, message, field? } }` format of api/errors.ts.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createLogger } from '../ops/logger.js';
import { createPasswordVerifier } from '../security/password-verifier.js';
import { alertRoutes } from './api/alerts.js';
import { installAuth } from './api/auth.js';
import { handleError, handleNotFound } from './api/error-handler.js';
import { healthRoutes } from './api/health.js';
import { loginRoutes } from './api/login.js';
import { clockedRateLimitStore } from './api/rate-limit-store.js';
import { seriesRoutes } from './api/series.js';
import { ENTERPRISE_ROUTES, enterpriseListRoutes, enterpriseRiskRoutes } from './api/enterprises.js';
import { FINDING_ROUTES, findingRoutes } from './api/findings.js';
import { limitsRoutes } from './api/limits.js';
import { reportPageRoutes, reportTicketRoutes } from './api/report-tickets.js';
import { reportRoutes } from './api/reports.js';
import { publicApiRoutes, publicPageRoutes } from './api/public.js';
import { registerRoutes } from './api/register-records.js';
import { supervisionRoutes } from './api/supervision.js';
import { traceRoutes } from './api/trace.js';
import { traceRecordRoutes } from './api/trace-records.js';
import { routineRoutes } from './api/trace-routine.js';
import { validationError } from './api/validation-message.js';
import { installLive } from './live/live-server.js';
import { HttpRefusals } from './refusals.js';
import { installServerGuards, serverOptions } from './server-guards.js';
import { resolveDashboardSettings, type BuildAppOptions, type RiskEventSource } from './options.js';
import { givesBreakdown, type RiskSummaryDirectory } from '../core/enterprise-risk/risk-directory.js';
import { API_PREFIX, RouteTable } from './route-table.js';
import { webAssetPaths } from './web-assets.js';
import { webRoutes } from './web-routes.js';

export type { BuildAppOptions } from './options.js';

export function buildApp(options: BuildAppOptions): FastifyInstance {
  const settings = resolveDashboardSettings(options);
  const clock = options.clock ?? Date.now;
  const { config, alerts, store } = options;
  // Typed as fastify's base logger so the instance has the plain FastifyInstance type plugins expect.
  const logger: FastifyBaseLogger = options.logger ?? createLogger('dashboard');
  const refusals = new HttpRefusals(logger, 60, clock);

  const app = Fastify({
    loggerInstance: logger,
    trustProxy: settings.trustProxy as boolean | string | string[],
    bodyLimit: settings.bodyLimit,
    // Validation failures become LW_HTTP_BAD_REQUEST naming the field.
    schemaErrorFormatter: validationError,
    // Refuse unknown fields instead of dropping them: a misspelt filter must not silently widen a query.
    ajv: { customOptions: { removeAdditional: false } },
    ...serverOptions(settings.server, refusals),
  });
  installServerGuards(app, settings.server, refusals);

  app.setErrorHandler(handleError);
  // The page asks only for the optional APIs that exist (the risk model lands on its own), so it never provokes a 404.
  const routes = RouteTable.of(app);
  installAuth(app, { config, tokenSecret: options.tokenSecret, tokenTtlSeconds: settings.tokenTtlSeconds, clock });
  // global: false, so only routes that ask for a limit (login) have one.
  app.register(rateLimit, { global: false, store: clockedRateLimitStore(clock, settings.loginRateLimit.trackedKeys) });
  app.register(healthRoutes, { store, metrics: options.metrics, writes: options.storeWrites });

  app.register(
    async (api) => {
      api.setNotFoundHandler(handleNotFound);
      // Answers carry tokens and tenant data: no browser or proxy cache may keep them.
      api.addHook('onSend', async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store');
        return payload;
      });
      api.register(loginRoutes, { config, verifier: options.passwordVerifier ?? createPasswordVerifier(), limits: settings.loginRateLimit });
      // What the bureau publishes: no login.
      if (options.supervision) api.register(publicApiRoutes, { supervision: options.supervision });
      api.register(async (secured) => {
        secured.addHook('onRequest', secured.authenticate);
        secured.register(alertRoutes, { config, alerts, limits: settings.alerts });
        secured.register(seriesRoutes, { config, store, limits: settings.series, clock, products: options.products });
        secured.register(limitsRoutes, { config, limits: options.limits });
        if (options.findings) secured.register(findingRoutes, { config, findings: options.findings, limits: settings.alerts });
        const risk = options.riskDirectory;
        if (risk) secured.register(enterpriseListRoutes, { risk, clock });
        // The breakdown lives only where the risk engine runs; a dashboard on its own has the list alone.
        if (risk && givesBreakdown(risk)) secured.register(enterpriseRiskRoutes, { config, risk });
        secured.register(reportRoutes, { config, store, clock });
        secured.register(reportTicketRoutes, { config, store, clock });
        if (options.supervision) {
          secured.register(registerRoutes, { supervision: options.supervision });
          secured.register(supervisionRoutes, { supervision: options.supervision });
        }
        if (options.trace) secured.register(traceRoutes, { trace: options.trace });
        if (options.traceRecords) secured.register(traceRecordRoutes, { traceRecords: options.traceRecords });
        if (options.routine) secured.register(routineRoutes, { routine: options.routine });
      });
    },
    { prefix: API_PREFIX },
  );

  // The printable report a ticket opens in a new tab (no bearer token there): outside /api and the page's CSP.
  app.register(reportPageRoutes, { config, store, clock });
  if (options.supervision) app.register(publicPageRoutes, { supervision: options.supervision });
  app.register(webRoutes, { paths: webAssetPaths() });
  installLive(app, {
    config,
    onRefused: (reason) => refusals.record('live-unauthorized', reason),
    alerts,
    risk: options.risk ?? (options.riskDirectory ? liveRiskSource(options.riskDirectory) : undefined),
    findings: options.findings,
    clock,
    features: () => ({
      enterprisesApi: routes.hasApi('GET', ENTERPRISE_ROUTES.list),
      riskApi: routes.hasApi('GET', ENTERPRISE_ROUTES.risk),
      findings: routes.hasApi('GET', FINDING_ROUTES.list),
      limits: options.limits !== undefined,
      supervision: options.supervision !== undefined,
    }),
  });

  return app;
}

/** The risk directory's summaries as the live channel routes them: by the enterprise they are about. */
function liveRiskSource(directory: RiskSummaryDirectory): RiskEventSource {
  return { subscribe: (listener) => directory.subscribe((summary) => listener({ ...summary, enterprise: summary.id })) };
}
