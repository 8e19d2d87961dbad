import { beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAccount } from '../../../broker/accounts.js';
import { DEFAULT_ACL_OPTIONS } from '../../../broker/acl.js';
import { createAuthenticator, type Authenticator } from '../../../broker/authenticate.js';
import { hashPassword } from '../../../security/password.js';
import { createPasswordVerifier } from '../../../security/password-verifier.js';

let authenticate: Authenticator;
const pw = (s: string) => Buffer.from(s);

beforeAll(async () => {
  const accounts: BrokerAccount[] = [
    { username: 'E1-gw1', passwordHash: await hashPassword('gw-pass', { N: 16 }), principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-gw1' } },
    { username: 'analytics', passwordHash: await hashPassword('an-pass', { N: 16 }), principal: { kind: 'service', role: 'analytics' } },
  ];
  authenticate = createAuthenticator(accounts, { verifier: createPasswordVerifier(), acl: DEFAULT_ACL_OPTIONS, maxPayloadBytes: 1024 });
});

describe('createAuthenticator', () => {
  it('accepts the right password with an owned client id, and names the principal', async () => {
    expect(await authenticate({ clientId: 'E1-gw1', username: 'E1-gw1', password: pw('gw-pass') })).toEqual({
      ok: true,
      username: 'E1-gw1',
      principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-gw1' },
    });
    expect((await authenticate({ clientId: 'analytics:worker-2', username: 'analytics', password: pw('an-pass') })).ok).toBe(true);
  });

  it('gives an unknown user and a wrong password the same answer on the wire, but different codes', async () => {
    const wrong = await authenticate({ clientId: 'E1-gw1', username: 'E1-gw1', password: pw('nope') });
    const unknown = await authenticate({ clientId: 'ghost', username: 'ghost', password: pw('nope') });
    expect(wrong).toMatchObject({ ok: false, code: 'bad-password', returnCode: 4 });
    expect(unknown).toMatchObject({ ok: false, code: 'unknown-user', returnCode: 4 });
  });

  it('refuses missing credentials', async () => {
    expect(await authenticate({ clientId: 'x' })).toMatchObject({ ok: false, code: 'missing-credentials', returnCode: 4 });
    expect(await authenticate({ clientId: 'x', username: 'E1-gw1' })).toMatchObject({ ok: false, code: 'missing-credentials', reason: 'CONNECT without a password' });
  });

  it("refuses another account's client id, so no one can knock a session off", async () => {
    for (const clientId of ['analytics', 'E1-gw1x', 'mqttjs_1234', 'E1-gw1:', 'E1-gw1:a/b', '']) {
      expect(await authenticate({ clientId, username: 'E1-gw1', password: pw('gw-pass') })).toMatchObject({ ok: false, code: 'client-id-not-owned', returnCode: 2 });
    }
  });

  it('refuses a last will on a topic the account may not publish to', async () => {
    const base = { clientId: 'E1-gw1', username: 'E1-gw1', password: pw('gw-pass') };
    expect((await authenticate({ ...base, will: { topic: 'linewatch/v1/E1/E1-gw1/status', retain: true, payloadBytes: 30 } })).ok).toBe(true);
    expect(await authenticate({ ...base, will: { topic: 'linewatch/v1/E2/gw/status', retain: true, payloadBytes: 30 } })).toMatchObject({
      ok: false,
      code: 'will-not-permitted',
      returnCode: 5,
      reason: expect.stringMatching(/^last will refused: gateway of enterprise "E1" may not publish to enterprise "E2"/),
    });
    expect(await authenticate({ ...base, will: { topic: 'linewatch/v1/E1/E1-gw1/status', retain: true, payloadBytes: 5000 } })).toMatchObject({ code: 'will-not-permitted' });
  });
});
