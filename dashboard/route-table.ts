/**
 * Which routes this dashboard answers, by method and URL as they were
 * registered: the optional APIs exist only when their directory was given
 * (risk breakdown, findings, supervision), and the page must ask only for
 * those (dashboard/live/messages.ts, `features`). Each api module exports its
 * paths (ENTERPRISE_ROUTES, FINDING_ROUTES); the app asks the table for
 * exactly those, so a renamed route cannot silently turn a feature off.
 */
import type { FastifyInstance, HTTPMethods } from 'fastify';

/** Where the api modules are mounted. */
export const API_PREFIX = '/api';

export class RouteTable {
  private readonly routes = new Set<string>();

  /** Records every route the app registers from now on (fastify's onRoute hook, which sees the full prefixed URL). */
  static of(app: FastifyInstance): RouteTable {
    const table = new RouteTable();
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) table.add(method, route.url);
    });
    return table;
  }

  add(method: HTTPMethods | string, url: string): void {
    this.routes.add(key(method, url));
  }

  has(method: HTTPMethods, url: string): boolean {
    return this.routes.has(key(method, url));
  }

  /** The API route an api module declares at `path` (under /api). */
  hasApi(method: HTTPMethods, path: string): boolean {
    return this.has(method, `${API_PREFIX}${path}`);
  }

  /** Every route, as `METHOD url`, sorted (for a test or a log line). */
  list(): string[] {
    return [...this.routes].sort();
  }
}

const key = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;
