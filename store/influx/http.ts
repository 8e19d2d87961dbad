/**
 * The HTTP transport to InfluxDB: line protocol to `/write?db=&precision=ms`,
 * InfluxQL to `/query`, `/ping` for liveness. These three endpoints exist on
 * 1.x (1.6 included), 2.x (v1 compatibility API) and 3.x, so one tested code
 * path serves every version a site may run.
 *
 * Node's fetch rather than @influxdata/influxdb-client's transport or
 * WriteApi: the WriteApi posts to /api/v2/write, which 1.6/1.7 do not have,
 * and it buffers, retries and finally drops lines on its own schedule, while
 * linewatch must tie each write promise to a durable 204 so the gateway is
 * acknowledged only then. fetch gives that per request, with an AbortSignal
 * timeout covering the whole exchange, and keeps the retry decision here
 * (the client, written for 2.x, treats 404 as retryable; for /write on 1.x a
 * 404 means "database not found", which retrying cannot fix).
 *
 * Each call is a single attempt; retries live in the adapter (retry.ts).
 */
import { StoreError } from '../errors.js';
import type { InfluxConnection } from '../config.js';

export interface InfluxHttp {
  /** Posts line protocol (ms precision); resolves on 204, when the server has it in its WAL. */
  write(lines: string): Promise<void>;
  /** Runs InfluxQL (GET, results as epoch ms); returns the raw body, one JSON object per line when chunked. */
  query(statement: string, chunkSize?: number): Promise<string>;
  /** Runs InfluxQL that changes state (POST), e.g. CREATE DATABASE. */
  command(statement: string): Promise<string>;
  /** Server version from /ping. */
  ping(): Promise<string>;
  readonly url: string;
}

export function createInfluxHttp(connection: InfluxConnection, timeoutMs: number): InfluxHttp {
  const headers: Record<string, string> = connection.authorization ? { Authorization: connection.authorization } : {};
  const db = encodeURIComponent(connection.database);

  async function send(what: string, path: string, init: RequestInit, ok: number): Promise<{ body: string; response: Response }> {
    let response: Response;
    let body: string;
    try {
      response = await fetch(`${connection.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(timeoutMs) });
      body = await response.text();
    } catch (error) {
      throw networkError(what, connection.url, timeoutMs, error);
    }
    if (response.status !== ok) throw statusError(what, connection.url, response, body);
    return { body, response };
  }

  return {
    url: connection.url,
    async write(lines) {
      await send('write', `/write?db=${db}&precision=ms`, { method: 'POST', body: lines, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }, 204);
    },
    async query(statement, chunkSize) {
      const chunking = chunkSize === undefined ? '' : `&chunked=true&chunk_size=${chunkSize}`;
      return (await send('query', `/query?db=${db}&epoch=ms${chunking}&q=${encodeURIComponent(statement)}`, { method: 'GET' }, 200)).body;
    },
    async command(statement) {
      const form = new URLSearchParams({ q: statement }).toString();
      return (await send('query', `/query?db=${db}`, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 200)).body;
    },
    async ping() {
      const { response } = await send('ping', '/ping', { method: 'GET' }, 204);
      return response.headers.get('x-influxdb-version') ?? 'unknown version';
    },
  };
}

/** True when the error is a request that ran out of requestTimeoutMs (as opposed to a refused or reset connection). */
export function isTimeout(error: StoreError): boolean {
  const cause = error.cause as { name?: string } | undefined;
  return cause?.name === 'TimeoutError' || cause?.name === 'AbortError';
}

/** Connection refused, reset, DNS failure or timeout: the server may come back. */
function networkError(what: string, url: string, timeoutMs: number, error: unknown): StoreError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const reason = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no complete answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(error));
  return new StoreError('LW_STORE_UNAVAILABLE', `InfluxDB ${what} at ${url}: ${reason}`, { cause: error });
}

function statusError(what: string, url: string, response: Response, body: string): StoreError {
  const detail = `InfluxDB ${what} at ${url}: HTTP ${response.status} ${serverMessage(body)}`.trim();
  const status = response.status;
  if (status === 401 || status === 403) return new StoreError('LW_STORE_AUTH', detail);
  if (status === 404) return new StoreError('LW_STORE_NOT_FOUND', detail);
  if (status === 429 || status >= 500) return new StoreError('LW_STORE_UNAVAILABLE', detail, { retryAfterMs: retryAfter(response) });
  return new StoreError('LW_STORE_REJECTED', detail);
}

/** The `error` (1.x) or `message` (2.x/3.x) of a JSON error body, else the text. */
function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? body;
  } catch {
    return body.slice(0, 500);
  }
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null || !/^\d+$/.test(header)) return undefined;
  return Number(header) * 1000;
}
