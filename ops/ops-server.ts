/**
 * The operations endpoints of a service run on its own (broker, analytics,
 * gateway, replay): GET /healthz (the process answers), GET /readyz (503
 * while it cannot do its work) and GET /metrics (Prometheus text). Plain
 * node:http, no auth: bind it to loopback or an operations network.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE } from './metrics.js';

export interface Probe {
  readonly ok: boolean;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface OpsServerOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  health(): Probe;
  ready(): Promise<Probe>;
  metrics(): Promise<string>;
}

export interface OpsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((request, response) => void answer(options, request, response));
  // Scrapers keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 5_000;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function answer(options: OpsServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  try {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'application/json', { error: 'method not allowed' });
    if (path === '/healthz') {
      const probe = options.health();
      return send(response, probe.ok ? 200 : 503, 'application/json', { status: probe.ok ? 'ok' : 'unhealthy', ...probe.detail });
    }
    if (path === '/readyz') {
      const probe = await options.ready();
      return send(response, probe.ok ? 200 : 503, 'application/json', { status: probe.ok ? 'ready' : 'unavailable', ...probe.detail });
    }
    if (path === '/metrics') return send(response, 200, METRICS_CONTENT_TYPE, await options.metrics());
    return send(response, 404, 'application/json', { error: 'not found' });
  } catch (err) {
    return send(response, 500, 'application/json', { error: (err as Error).message });
  }
}

function send(response: ServerResponse, status: number, type: string, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}
