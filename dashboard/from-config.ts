/**
 * buildApp options from `http.limits` of a loaded configuration: only what
 * the file set, so everything else keeps DEFAULT_DASHBOARD_OPTIONS.
 */
import type { LinewatchConfig } from '../config/resolve.js';
import type { BuildAppOptions } from './options.js';

export type ConfiguredLimits = Pick<BuildAppOptions, 'tokenTtlSeconds' | 'bodyLimit' | 'loginRateLimit' | 'server'>;

export function dashboardLimitsFromConfig(config: Pick<LinewatchConfig, 'http'>): ConfiguredLimits {
  const l = config.http.limits ?? {};
  return {
    tokenTtlSeconds: l.tokenTtlSeconds,
    bodyLimit: l.bodyLimit,
    loginRateLimit: { perIpMax: l.loginPerIpMax, perUserMaxFailures: l.loginPerUserMaxFailures, perUserWindowMs: l.loginPerUserWindowMs },
    server: { maxConnections: l.maxConnections, headersTimeoutMs: l.headersTimeoutMs, requestTimeoutMs: l.requestTimeoutMs, maxHeaderBytes: l.maxHeaderBytes, idleTimeoutMs: l.idleTimeoutMs },
  };
}
