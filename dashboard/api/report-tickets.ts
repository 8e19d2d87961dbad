/**
 * Opening the printable monthly report from the web page. A link or a new
 * tab cannot send the bearer token, so the page asks for a ticket:
 *
 *   POST /api/reports/tickets { month, enterprise? }   (bearer token)
 *     -> { url: "/reports/monthly?ticket=<JWT>" }
 *   GET  /reports/monthly?ticket=<JWT>                 (no token)
 *     -> the printable page of reports.ts
 *
 * A ticket is a JWT signed with the session key, holding `sub`, `month`,
 * `enterprise` (the scope already resolved), `aud` "linewatch:report-ticket",
 * a random `jti` and an `exp` 60 s after issue. A ticket opens the report
 * once: a second use of the same link (a copied URL, a browser history
 * entry, a proxy's log) is refused. It has no `role`, so it is never accepted as
 * a session token (auth.ts requires one); a session token has no such `aud`,
 * so it is never accepted as a ticket. On redeeming, the user is looked up in
 * the configuration again and the tenancy checks of reports.ts run again, so
 * a ticket cannot outlive a removed user or a changed enterprise.
 *
 * Failures of the page are a small HTML page (the tab shows it), never JSON
 * or a stack: 401 for an expired, altered or foreign ticket.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { escapeHtml } from '../../report/html-escape.js';
import { toApiError } from './error-handler.js';
import { HttpApiError } from './errors.js';
import { principalOf, requirePrincipal } from './principal.js';
import { assertReportMonth, monthlyReportFor, reportScope, sendReportHtml, type ReportRouteOptions } from './reports.js';
import { IdText } from './schemas.js';

/** Long enough for the page to open the new tab, short enough that a leaked URL is soon worthless. s */
export const TICKET_TTL_SECONDS = 60;
const AUDIENCE = 'linewatch:report-ticket';

interface TicketClaims {
  readonly jti: string;
  readonly sub: string;
  readonly month: string;
  readonly enterprise?: string;
  readonly aud: string;
}

const TicketBody = Type.Object({ month: Type.String({ minLength: 1, maxLength: 32 }), enterprise: Type.Optional(IdText) }, { additionalProperties: false });
type TicketBody = Static<typeof TicketBody>;

// Tickets are compact JWTs of a few hundred characters.
const TicketQuery = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false });
type TicketQuery = Static<typeof TicketQuery>;

/** POST /reports/tickets, registered under /api behind the authenticate hook. */
export const reportTicketRoutes: FastifyPluginAsync<ReportRouteOptions> = async (app, { config, clock }) => {
  app.post<{ Body: TicketBody }>('/reports/tickets', { schema: { body: TicketBody } }, async (request) => {
    const principal = requirePrincipal(request);
    const enterprise = reportScope(config, principal, request.body.enterprise);
    assertReportMonth(request.body.month, clock());
    const claims: TicketClaims = { jti: randomUUID(), sub: principal.id, month: request.body.month, ...(enterprise !== undefined ? { enterprise } : {}), aud: AUDIENCE };
    const ticket = app.jwt.sign(claims, { expiresIn: TICKET_TTL_SECONDS, clockTimestamp: clock() });
    return { url: `/reports/monthly?ticket=${encodeURIComponent(ticket)}` };
  });
};

/** GET /reports/monthly?ticket=..., registered at the root, outside the authenticated scope. */
export const reportPageRoutes: FastifyPluginAsync<ReportRouteOptions> = async (app, options) => {
  const users = new Map(options.config.users.map((u) => [u.id, u]));
  /** Tickets redeemed and not yet expired: jti -> expiry (ms). Bounded by the tickets issued in one TTL. */
  const redeemed = new Map<string, number>();

  app.addHook('onSend', async (_request, reply, payload) => {
    // The URL holds a credential: keep it out of caches and out of Referer headers.
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  // A malformed query is answered as a page too, not as the API's JSON.
  app.setErrorHandler((error, request, reply) => errorPage(reply, request, error));

  app.get<{ Querystring: TicketQuery }>('/reports/monthly', { schema: { querystring: TicketQuery } }, async (request, reply) => {
    try {
      const claims = redeem(request.query.ticket);
      const user = users.get(claims.sub);
      if (!user) throw unauthorized('the ticket no longer matches a configured user');
      const enterprise = reportScope(options.config, principalOf(user), claims.enterprise);
      const report = await monthlyReportFor(options, claims.month, enterprise);
      return sendReportHtml(reply, report, enterprise);
    } catch (err) {
      return errorPage(reply, request, err);
    }
  });

  function redeem(ticket: string): TicketClaims {
    let claims: TicketClaims;
    try {
      claims = app.jwt.verify<TicketClaims>(ticket, { clockTimestamp: options.clock(), requiredClaims: ['jti', 'sub', 'month', 'aud', 'exp'], allowedAud: AUDIENCE });
    } catch (err) {
      const expired = (err as { code?: unknown }).code === 'FAST_JWT_EXPIRED';
      throw unauthorized(expired ? 'the link has expired; open the report again from the dashboard' : 'the link is invalid (malformed, altered or not issued by this server)');
    }
    if (
      claims.aud !== AUDIENCE ||
      typeof claims.jti !== 'string' ||
      typeof claims.sub !== 'string' ||
      typeof claims.month !== 'string' ||
      (claims.enterprise !== undefined && typeof claims.enterprise !== 'string')
    ) {
      throw unauthorized('the link is invalid (not a report ticket)');
    }
    const now = options.clock();
    // An expired ticket is refused by its exp already: only live ones need remembering.
    for (const [jti, expires] of redeemed) if (expires <= now) redeemed.delete(jti);
    if (redeemed.has(claims.jti)) throw unauthorized('the link has been used already; open the report again from the dashboard');
    redeemed.set(claims.jti, now + TICKET_TTL_SECONDS * 1000);
    return claims;
  }
};

function unauthorized(message: string): HttpApiError {
  return new HttpApiError('LW_HTTP_UNAUTHORIZED', message);
}

/** A small self-contained page: the status, the client-safe message, nothing of the server's internals. */
function errorPage(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const answer = toApiError(error, request);
  if (answer.statusCode >= 500) request.log.error({ err: error }, 'report page failed');
  else request.log.info({ code: answer.code, message: answer.message }, 'report page refused');
  const title = answer.statusCode === 401 ? 'This report link cannot be used' : 'The report cannot be shown';
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · linewatch</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2733}h1{font-size:1.4rem}p.code{color:#5b6673;font-size:.9rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(answer.message)}</p><p class="code">${answer.statusCode} · ${escapeHtml(answer.code)}</p></body></html>
`;
  return reply
    .code(answer.statusCode)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    .send(body);
}
