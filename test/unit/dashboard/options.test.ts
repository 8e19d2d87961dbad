import { describe, expect, it } from 'vitest';
import { DEFAULT_DASHBOARD_OPTIONS, DashboardOptionsError, resolveDashboardSettings, type BuildAppOptions } from '../../../dashboard/options.js';

const base = { tokenSecret: 's'.repeat(32) } as BuildAppOptions;

describe('dashboard settings', () => {
  it('uses frozen defaults', () => {
    const s = resolveDashboardSettings(base);
    expect(s).toEqual(DEFAULT_DASHBOARD_OPTIONS);
    expect(Object.isFrozen(DEFAULT_DASHBOARD_OPTIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_DASHBOARD_OPTIONS.loginRateLimit)).toBe(true);
    expect(Object.isFrozen(s) && Object.isFrozen(s.series)).toBe(true);
    expect(DEFAULT_DASHBOARD_OPTIONS.loginRateLimit).toMatchObject({ perIpMax: 20, perIpWindowMs: 60_000, perUserMaxFailures: 5, perUserWindowMs: 900_000 });
    expect(DEFAULT_DASHBOARD_OPTIONS.series).toMatchObject({ maxRawPoints: 20_000, maxBuckets: 5_000, defaultRangeMs: 3_600_000 });
  });

  it('merges partial overrides, ignoring undefined', () => {
    const s = resolveDashboardSettings({ ...base, tokenTtlSeconds: 60, loginRateLimit: { perIpMax: 3, perUserMaxFailures: undefined }, series: { maxRawPoints: 10 } });
    expect(s.tokenTtlSeconds).toBe(60);
    expect(s.loginRateLimit).toMatchObject({ perIpMax: 3, perUserMaxFailures: 5 });
    expect(s.series).toMatchObject({ maxRawPoints: 10, defaultBuckets: 1_000 });
  });

  it('refuses a short token secret and bad numbers at construction', () => {
    expect(() => resolveDashboardSettings({ ...base, tokenSecret: 'short' })).toThrow(DashboardOptionsError);
    expect(() => resolveDashboardSettings({ ...base, tokenSecret: 'short' })).toThrow(/at least 32 characters/);
    expect(() => resolveDashboardSettings({ ...base, tokenTtlSeconds: 0 })).toThrow(/tokenTtlSeconds must be a positive integer/);
    expect(() => resolveDashboardSettings({ ...base, loginRateLimit: { perIpWindowMs: 1.5 } })).toThrow(/loginRateLimit.perIpWindowMs/);
    expect(() => resolveDashboardSettings({ ...base, series: { defaultBuckets: 6_000 } })).toThrow(/defaultBuckets must not exceed/);
    expect(() => resolveDashboardSettings({ ...base, alertList: { defaultLimit: 20_000 } })).toThrow(/defaultLimit must not exceed/);
  });
});
