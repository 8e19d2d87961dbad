import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorBody, HTTP_ERRORS, HttpApiError, type HttpErrorCode } from '../../../dashboard/api/errors.js';

const README = readFileSync(new URL('../../../dashboard/README.md', import.meta.url), 'utf8');

/** Rows of the README's error table: | `CODE` | status | meaning |. */
function documentedCodes(): Map<string, number> {
  const rows = [...README.matchAll(/^\| `(LW_HTTP_[A-Z_]+)` \| (\d{3}) \|/gm)];
  return new Map(rows.map((m) => [m[1], Number(m[2])]));
}

describe('HTTP error catalogue', () => {
  it('documents every code with its status in dashboard/README.md, and no code that does not exist', () => {
    const documented = documentedCodes();
    for (const [code, { status }] of Object.entries(HTTP_ERRORS)) {
      expect(documented.get(code), code).toBe(status);
    }
    expect([...documented.keys()].sort()).toEqual(Object.keys(HTTP_ERRORS).sort());
  });

  it('gives every code its own status, so a status fastify raises maps back to one code', () => {
    const statuses = Object.values(HTTP_ERRORS).map((e) => e.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    for (const status of statuses) expect(status >= 400 && status < 600).toBe(true);
  });

  it('takes the status from the catalogue and keeps the field and headers', () => {
    const e = new HttpApiError('LW_HTTP_RATE_LIMITED', 'slow down', { field: 'username', headers: { 'retry-after': '60' } });
    expect(e).toMatchObject({ statusCode: 429, code: 'LW_HTTP_RATE_LIMITED', field: 'username', headers: { 'retry-after': '60' }, message: 'slow down' });
  });

  it('shapes every error body the same way', () => {
    expect(errorBody('LW_HTTP_NOT_FOUND', 'no alert')).toEqual({ error: { code: 'LW_HTTP_NOT_FOUND', message: 'no alert' } });
    const code: HttpErrorCode = 'LW_HTTP_BAD_REQUEST';
    expect(errorBody(code, 'bad', 'from')).toEqual({ error: { code, message: 'bad', field: 'from' } });
  });
});
