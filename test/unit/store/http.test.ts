/**
 * How HTTP answers become StoreErrors with retry decisions, against a small
 * real HTTP server on loopback (the InfluxDB behaviour itself is covered by
 * the contract suite on a real influxd).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, type StoreError } from '../../../store/errors.js';
import { createInfluxHttp } from '../../../store/influx/http.js';
import { freePort } from '../../support/ports.js';

let server: Server;
let url: string;
const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      const db = new URL(req.url ?? '/', 'http://x').searchParams.get('db') ?? '';
      const [status, headers, text] = ANSWERS[db] ?? [204, {}, ''];
      res.writeHead(status, headers);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ANSWERS: Record<string, [number, Record<string, string>, string]> = {
  ok: [204, {}, ''],
  auth: [401, { 'Content-Type': 'application/json' }, '{"error":"authorization failed"}'],
  missing: [404, { 'Content-Type': 'application/json' }, '{"error":"database not found: \\"missing\\""}'],
  busy: [503, { 'Retry-After': '3' }, 'overloaded'],
  limited: [429, {}, '{"message":"too many requests"}'],
  bad: [400, { 'Content-Type': 'application/json' }, '{"error":"unable to parse \'x\': missing fields"}'],
  big: [413, {}, 'too large'],
};

async function failure(db: string): Promise<StoreError> {
  const http = createInfluxHttp({ url, database: db, authorization: 'Token t0k' }, 2000);
  const error = await http.write('m value=1 1').catch((e: unknown) => e);
  expect(isStoreError(error)).toBe(true);
  return error as StoreError;
}

describe('InfluxDB HTTP transport', () => {
  it('posts line protocol to /write with db, ms precision and the token', async () => {
    await createInfluxHttp({ url, database: 'ok', authorization: 'Token t0k' }, 2000).write('m value=1 1');
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/write?db=ok&precision=ms', authorization: 'Token t0k', body: 'm value=1 1' });
  });

  it.each([
    ['auth', 'LW_STORE_AUTH', false, /HTTP 401 authorization failed/],
    ['missing', 'LW_STORE_NOT_FOUND', false, /database not found/],
    ['busy', 'LW_STORE_UNAVAILABLE', true, /HTTP 503 overloaded/],
    ['limited', 'LW_STORE_UNAVAILABLE', true, /too many requests/],
    ['bad', 'LW_STORE_REJECTED', false, /unable to parse/],
    ['big', 'LW_STORE_REJECTED', false, /HTTP 413/],
  ])('maps a %s answer to %s (retryable: %s)', async (db, expectedCode, retryable, message) => {
    const error = await failure(db);
    expect(error.code).toBe(expectedCode);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(url);
  });

  it('passes Retry-After on as retryAfterMs', async () => {
    expect((await failure('busy')).retryAfterMs).toBe(3000);
  });

  it('reports a refused connection as retryable LW_STORE_UNAVAILABLE with the cause', async () => {
    const port = await freePort();
    const error = (await createInfluxHttp({ url: `http://127.0.0.1:${port}`, database: 'd' }, 2000)
      .write('m value=1 1')
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as StoreError;
    expect(error.code).toBe('LW_STORE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});
