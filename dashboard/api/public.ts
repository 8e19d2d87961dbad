/**
 * What anyone may read, without logging in (dashboard/README.md, "Public"):
 * only what the bureau chose to publish (supervision/public-disclosure.ts):
 * published spot-check results, penalties, typical cases and serious-
 * violation entries not marked internal, each maker's registered class, and
 * the published draws without their odds. No measurement data, no risk
 * score, no suggestion, nothing internal.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { PublicPage, SupervisionService } from '../../supervision-service/supervision-service.js';
import { publicPageHtml } from './public-page.js';

export interface PublicRouteOptions {
  readonly supervision: SupervisionService;
}

/** The JSON routes under /api/public. */
export const publicApiRoutes: FastifyPluginAsync<PublicRouteOptions> = async (app, { supervision }) => {
  const slice =
    <K extends keyof PublicPage>(key: K) =>
    async () => {
      const page = await supervision.publicPage();
      return { asOf: page.asOf, [key]: page[key] };
    };
  app.get('/public', async () => supervision.publicPage());
  app.get('/public/classes', slice('enterprises'));
  app.get('/public/spot-checks', slice('spotChecks'));
  app.get('/public/penalties', slice('penalties'));
  app.get('/public/typical-cases', slice('typicalCases'));
  app.get('/public/credit', slice('creditList'));
  app.get('/public/draws', slice('draws'));
};

/** GET /public: the same content as a plain page, with no script at all. */
export const publicPageRoutes: FastifyPluginAsync<PublicRouteOptions> = async (app, { supervision }) => {
  app.get('/public', async (_request, reply) => {
    const page = await supervision.publicPage();
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(publicPageHtml(page));
  });
};
