import { describe, expect, it } from 'vitest';
import { influxConnection, validateStoreConfig } from '../../../store/config.js';
import { isStoreError } from '../../../store/errors.js';

function configError(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(isStoreError(error, 'LW_STORE_CONFIG')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected LW_STORE_CONFIG');
}

describe('store config', () => {
  it('accepts the embedded store with a data directory', () => {
    expect(validateStoreConfig({ kind: 'embedded', dataDir: './data' })).toEqual({ kind: 'embedded', dataDir: './data' });
    expect(configError(() => validateStoreConfig({ kind: 'embedded' }))).toMatch(/dataDir/);
    expect(configError(() => validateStoreConfig({ kind: 'postgres' }))).toMatch(/'embedded' or 'influxdb'/);
  });

  it('sends a token as `Authorization: Token`', () => {
    const c = influxConnection({ kind: 'influxdb', url: 'https://influx.example:8086/', token: 'abc', org: 'county', bucket: 'linewatch' });
    expect(c).toEqual({ url: 'https://influx.example:8086', database: 'linewatch', authorization: 'Token abc' });
  });

  it('sends user and password as HTTP Basic auth, and prefers database over bucket', () => {
    const c = influxConnection({ kind: 'influxdb', url: 'http://h:8086', username: 'lw', password: 'p:w', database: 'db1', bucket: 'b1' });
    expect(c.database).toBe('db1');
    expect(c.authorization).toBe(`Basic ${Buffer.from('lw:p:w').toString('base64')}`);
  });

  it('keeps a path prefix (reverse proxy) and drops trailing slashes', () => {
    expect(influxConnection({ kind: 'influxdb', url: 'http://proxy/influx//', database: 'd' }).url).toBe('http://proxy/influx');
  });

  it('refuses incomplete or contradictory InfluxDB settings', () => {
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'http://h:8086' }))).toMatch(/database .* or store.bucket/);
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'http://h', database: 'd', token: 't', username: 'u', password: 'p' }))).toMatch(/either/);
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'http://h', database: 'd', username: 'u' }))).toMatch(/together/);
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'ftp://h', database: 'd' }))).toMatch(/http or https/);
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'not a url', database: 'd' }))).toMatch(/not a URL/);
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'http://h?db=x', database: 'd' }))).toMatch(/query/);
    expect(configError(() => validateStoreConfig({ kind: 'influxdb', url: 'http://h', database: '' }))).toMatch(/non-empty/);
  });
});
