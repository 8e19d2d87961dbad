import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerError, brokerFromConfig, type BrokerService } from '../../../broker/index.js';
import { parseConfig } from '../../../config/load.js';
import { MetricsRegistry } from '../../../ops/metrics.js';
import { clientIdFor } from '../../../protocol/client-id.js';
import { InternalAccounts } from '../../../stack/internal-accounts.js';

const config = parseConfig(
  JSON.stringify({
    version: 1,
    enterprises: [{ id: 'E1', name: 'One', class: 'B', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'P' }] }],
    products: [{ id: 'P', name: 'P', characteristics: { conductor_resistance: { usl: 12.1 } } }],
    gateways: [],
    services: [],
    users: [],
  }),
  'broker.json',
  '/srv',
);

const quiet = { info() {}, warn() {} };

describe('brokerFromConfig', () => {
  let service: BrokerService | null = null;
  afterEach(async () => {
    await service?.stop();
    service = null;
  });

  it('listens on start, takes the extra accounts, counts into the given registry, and is ready only while listening', async () => {
    const internal = new InternalAccounts();
    const login = await internal.add('analytics', { kind: 'service', role: 'analytics' });
    const metrics = new MetricsRegistry();
    service = brokerFromConfig(config, { port: 0, host: '127.0.0.1', extraAccounts: internal.accounts, metrics, logger: quiet });
    expect(service.metrics).toBe(metrics);
    expect(service.tls).toBe(false);
    expect(() => service!.address).toThrow(BrokerError);
    expect(await service.ready()).toEqual({ ok: false, detail: { listening: false } });

    const address = await service.start();
    expect(address.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect(service.address).toEqual(address);
    expect(await service.ready()).toEqual({ ok: true, detail: { listening: true } });

    const client = await mqtt.connectAsync(address.url, { ...login, clientId: clientIdFor(login.username), reconnectPeriod: 0 });
    await expect.poll(async () => (await metrics.render()).match(/^linewatch_broker_clients (\d+)$/m)?.[1]).toBe('1');
    await client.endAsync();

    await service.stop();
    expect(await service.ready()).toEqual({ ok: false, detail: { listening: false } });
  });

  it('refuses a login the configuration and the overrides do not have', async () => {
    service = brokerFromConfig(config, { port: 0, host: '127.0.0.1', logger: quiet });
    const { url } = await service.start();
    const login = { username: 'internal.analytics', password: 'x'.repeat(43) };
    await expect(mqtt.connectAsync(url, { ...login, clientId: clientIdFor(login.username), reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password|Not authorized/);
  });
});
