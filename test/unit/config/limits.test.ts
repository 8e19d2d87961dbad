import { describe, expect, it } from 'vitest';
import { brokerOptionsFromConfig } from '../../../broker/from-config.js';
import type { ConfigError } from '../../../config/config-error.js';
import { batchLimitsFromConfig } from '../../../config/limits.js';
import { parseConfig } from '../../../config/load.js';
import { dashboardLimitsFromConfig } from '../../../dashboard/from-config.js';
import { resolveDashboardSettings } from '../../../dashboard/options.js';
import type { AlertDirectory } from '../../../core/alerts/alert-directory.js';
import type { TimeSeriesStore } from '../../../store/port.js';

function file(extra: Record<string, unknown>) {
  return JSON.stringify({
    version: 1,
    enterprises: [{ id: 'E1', name: 'One', class: 'B', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'P' }] }],
    products: [{ id: 'P', name: 'P', characteristics: { conductor_resistance: { usl: 12.1 } } }],
    gateways: [],
    services: [],
    users: [],
    ...extra,
  });
}

describe('mqtt.limits and http.limits', () => {
  it('reach the broker, the batch decoder and the dashboard in their own units', () => {
    const config = parseConfig(
      file({
        mqtt: { limits: { maxMessageBytes: 65_536, maxPointsPerMessage: 500, maxConnections: 300, maxConnectionsPerGateway: 1, connectTimeoutSeconds: 2.5, maxTopicLength: 256 } },
        http: {
          limits: {
            maxConnections: 50,
            headersTimeoutSeconds: 5,
            requestTimeoutSeconds: 20,
            idleTimeoutSeconds: 30,
            maxHeaderBytes: 8192,
            maxBodyBytes: 4096,
            tokenTtlMinutes: 60,
            loginAttemptsPerAddressPerMinute: 7,
            loginFailuresPerUser: 2,
            loginLockoutMinutes: 30,
          },
        },
      }),
      'limits.json',
      '/srv',
    );
    expect(brokerOptionsFromConfig(config).settings).toMatchObject({
      maxPayloadBytes: 65_536,
      maxPacketBytes: 65_536 + 65_536,
      maxConnections: 300,
      maxConnectionsPerGateway: 1,
      connectTimeoutMs: 2500,
      maxTopicLength: 256,
    });
    expect(batchLimitsFromConfig(config)).toEqual({ maxBytes: 65_536, maxPoints: 500 });
    const settings = resolveDashboardSettings({ ...dashboardLimitsFromConfig(config), config, alerts: {} as AlertDirectory, store: {} as TimeSeriesStore, tokenSecret: 'x'.repeat(32) });
    expect(settings).toMatchObject({
      tokenTtlSeconds: 3600,
      bodyLimit: 4096,
      loginRateLimit: { perIpMax: 7, perUserMaxFailures: 2, perUserWindowMs: 1_800_000 },
      server: { maxConnections: 50, headersTimeoutMs: 5000, requestTimeoutMs: 20_000, idleTimeoutMs: 30_000, maxHeaderBytes: 8192 },
    });
  });

  it('keep every default when absent', () => {
    const config = parseConfig(file({}), 'plain.json', '/srv');
    // Only where to listen: every limit is the broker's default.
    expect(brokerOptionsFromConfig(config).settings).toEqual({ port: 1883, host: '127.0.0.1' });
    expect(batchLimitsFromConfig(config)).toEqual({});
    const settings = resolveDashboardSettings({ ...dashboardLimitsFromConfig(config), config, alerts: {} as AlertDirectory, store: {} as TimeSeriesStore, tokenSecret: 'x'.repeat(32) });
    expect(settings.server).toEqual({ maxConnections: 2000, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxHeaderBytes: 16_384, idleTimeoutMs: 60_000 });
  });

  it('refuse a misspelt key and an unsafe value, naming each', () => {
    const bad = file({ mqtt: { limits: { maxMessageByte: 1, maxConnectionsPerGateway: 0 } }, http: { limits: { headersTimeoutSeconds: -1 } } });
    const problems = (() => {
      try {
        parseConfig(bad, 'bad.json', '/srv');
      } catch (err) {
        return (err as ConfigError).problems.map((p) => p.path);
      }
      return [];
    })();
    expect(problems).toEqual(expect.arrayContaining(['mqtt.limits.maxMessageByte', 'mqtt.limits.maxConnectionsPerGateway', 'http.limits.headersTimeoutSeconds']));
  });
});
