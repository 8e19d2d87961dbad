/**
 * The error handler on a bare fastify instance: every kind of failure a
 * route or fastify itself can raise comes out as a catalogued JSON error,
 * and nothing of a server-side error leaks.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError, handleNotFound } from '../../../dashboard/api/error-handler.js';
import { HttpApiError } from '../../../dashboard/api/errors.js';
import { validationError } from '../../../dashboard/api/validation-message.js';
import { OutboxError } from '../../../gateway/outbox/errors.js';
import { StoreError } from '../../../store/errors.js';

let app: FastifyInstance;
let thrown: unknown;

beforeAll(async () => {
  app = Fastify({ bodyLimit: 100, schemaErrorFormatter: validationError });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  app.get('/throw', async () => {
    throw thrown;
  });
  app.post('/echo', { schema: { body: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } }, async (request) => request.body);
  await app.ready();
});
afterAll(() => app.close());

async function answer(error: unknown) {
  thrown = error;
  const res = await app.inject({ method: 'GET', url: '/throw' });
  return { status: res.statusCode, body: res.json(), headers: res.headers, raw: res.body };
}

describe('handleError', () => {
  it('sends an HttpApiError as it is, with its headers', async () => {
    const res = await answer(new HttpApiError('LW_HTTP_FORBIDDEN', 'not yours', { headers: { 'x-why': 'tenant' } }));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'LW_HTTP_FORBIDDEN', message: 'not yours' } });
    expect(res.headers['x-why']).toBe('tenant');
  });

  it('turns a retryable store failure into 503 with Retry-After, hiding its detail', async () => {
    const res = await answer(new StoreError('LW_STORE_UNAVAILABLE', 'http://influx.internal:8086 timed out'));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error.code).toBe('LW_HTTP_UNAVAILABLE');
    expect(res.raw).not.toContain('influx.internal');
  });

  it('answers any catalogued error the catalogue calls retryable with 503, and a non-retryable one with 500', async () => {
    const full = await answer(new OutboxError('LW_OUTBOX_FULL', 'outbox at /var/lib/gw is full'));
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBe('5');
    expect(full.body.error.code).toBe('LW_HTTP_UNAVAILABLE');
    expect(full.raw).not.toContain('/var/lib/gw');
    const tooLarge = await answer(new OutboxError('LW_OUTBOX_TOO_LARGE', 'outbox at /var/lib/gw'));
    expect(tooLarge.status).toBe(500);
    expect(tooLarge.body.error.code).toBe('LW_HTTP_INTERNAL');
    expect(tooLarge.raw).not.toContain('/var/lib/gw');
  });

  it('turns any other error into a 500 naming only the request id', async () => {
    for (const error of [new Error('ENOENT /srv/linewatch/secret.json'), new StoreError('LW_STORE_INVALID_ARGUMENT', 'bad key acme'), 'a string', null]) {
      const res = await answer(error);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('LW_HTTP_INTERNAL');
      expect(res.body.error.message).toMatch(/^internal error; the server log has the details under request id \S+$/);
      expect(Object.keys(res.body.error)).toEqual(['code', 'message']);
    }
  });

  it("maps fastify's own client errors onto catalogue codes", async () => {
    const tooLarge = await app.inject({ method: 'POST', url: '/echo', payload: { n: 1, pad: 'x'.repeat(200) } });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('LW_HTTP_PAYLOAD_TOO_LARGE');
    const xml = await app.inject({ method: 'POST', url: '/echo', payload: '<n>1</n>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('LW_HTTP_UNSUPPORTED_MEDIA_TYPE');
    const badJson = await app.inject({ method: 'POST', url: '/echo', payload: '{"n":', headers: { 'content-type': 'application/json' } });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', message: expect.stringMatching(/JSON/) });
    // A 4xx without a code of its own is a bad request.
    const teapot = await answer(Object.assign(new Error('short and stout'), { statusCode: 418 }));
    expect(teapot).toMatchObject({ status: 400, body: { error: { code: 'LW_HTTP_BAD_REQUEST', message: 'short and stout' } } });
  });

  it('answers schema validation failures with the field named', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { n: 'one' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'LW_HTTP_BAD_REQUEST', message: "body field 'n' must be a whole number", field: 'n' } });
  });

  it('answers an unknown route with a JSON 404 without echoing the query', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/nope?token=abc' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'LW_HTTP_NOT_FOUND', message: 'no route DELETE /nope' } });
  });
});
