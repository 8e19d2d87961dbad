/**
 * mqtts: the broker serves TLS with the key and certificate of the
 * configuration. The certificate is made for the test with openssl (a
 * self-signed one for 127.0.0.1); without openssl the suite is skipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError } from '../../broker/broker-error.js';
import { createBroker, type LinewatchBroker } from '../../broker/create-broker.js';
import { hashPassword } from '../../security/password.js';

const quiet = { info: () => {}, warn: () => {} };

function makeCertificate(): { key: string; cert: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    return { key, cert };
  } catch {
    return null;
  }
}

const files = makeCertificate();

describe.skipIf(files === null)('broker over TLS', () => {
  let broker: LinewatchBroker;
  let url: string;

  beforeAll(async () => {
    broker = createBroker({
      accounts: [{ username: 'analytics', passwordHash: await hashPassword('an-pass', { N: 16 }), principal: { kind: 'service', role: 'analytics' } }],
      settings: { port: 0 },
      tls: files!,
      logger: quiet,
    });
    ({ url } = await broker.listen());
  });

  afterAll(async () => {
    await broker.close();
  });

  it('listens on mqtts and accepts a client that trusts the certificate', async () => {
    expect(url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const client = await mqtt.connectAsync(url, { clientId: 'analytics', username: 'analytics', password: 'an-pass', ca: readFileSync(files!.cert), reconnectPeriod: 0 }, false);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('is refused by a client that does not trust the certificate, and does not speak plain MQTT', async () => {
    const untrusted = await mqtt.connectAsync(url, { clientId: 'analytics', username: 'analytics', password: 'an-pass', reconnectPeriod: 0, connectTimeout: 3000 }, false).catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(Error);
    const plain = await mqtt
      .connectAsync(url.replace('mqtts:', 'mqtt:'), { clientId: 'analytics', username: 'analytics', password: 'an-pass', reconnectPeriod: 0, connectTimeout: 3000 }, false)
      .catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(Error);
  });

  it('names the file when a TLS file cannot be read', async () => {
    const b = createBroker({ accounts: [], settings: { port: 0 }, tls: { key: '/nonexistent/key.pem', cert: files!.cert }, logger: quiet });
    try {
      await expect(b.listen()).rejects.toThrow(new BrokerError('LW_BROKER_TLS', 'cannot read the TLS key /nonexistent/key.pem: no such file or directory'));
    } finally {
      await b.close();
    }
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const other = makeCertificate()!;
    const b = createBroker({ accounts: [], settings: { port: 0 }, tls: { key: other.key, cert: files!.cert }, logger: quiet });
    try {
      await expect(b.listen()).rejects.toMatchObject({ code: 'LW_BROKER_TLS', message: expect.stringMatching(/cannot be used/) });
    } finally {
      await b.close();
    }
  });
});
