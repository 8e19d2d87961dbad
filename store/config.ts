/**
 * Which store to open and where: the part of linewatch's configuration file
 * that selects an adapter. Validated once; README.md documents each field.
 */
import { StoreError } from './errors.js';

export interface EmbeddedStoreConfig {
  readonly kind: 'embedded';
  /** Directory for the database file; created if missing. */
  readonly dataDir: string;
}

export interface InfluxStoreConfig {
  readonly kind: 'influxdb';
  /** Base URL, e.g. http://influx:8086 (no path: /write and /query are appended). */
  readonly url: string;
  /** API token (2.x, 3.x, or 1.8+ "user:password"); sent as `Authorization: Token ...`. */
  readonly token?: string;
  /** User and password (1.x; 2.x v1-auth users), sent as HTTP Basic auth. */
  readonly username?: string;
  readonly password?: string;
  /** Organisation (2.x). Not needed on the v1-compatible path; kept so 2.x configs validate unchanged. */
  readonly org?: string;
  /** 2.x bucket; used as the database name when `database` is absent (2.x maps it by DBRP). */
  readonly bucket?: string;
  /** 1.x / 3.x database (or 2.x DBRP database name). */
  readonly database?: string;
}

export type StoreConfig = EmbeddedStoreConfig | InfluxStoreConfig;

/** The InfluxDB settings the adapter actually uses, after defaults. */
export interface InfluxConnection {
  readonly url: string;
  readonly database: string;
  /** Value of the Authorization header, or undefined for an unauthenticated server. */
  readonly authorization?: string;
}

export function validateStoreConfig(config: unknown): StoreConfig {
  if (typeof config !== 'object' || config === null) fail('store config must be an object');
  const c = config as Record<string, unknown>;
  if (c.kind === 'embedded') {
    if (typeof c.dataDir !== 'string' || c.dataDir.length === 0) fail('store.dataDir must be a non-empty path');
    return { kind: 'embedded', dataDir: c.dataDir };
  }
  if (c.kind === 'influxdb') {
    for (const name of ['url', 'token', 'username', 'password', 'org', 'bucket', 'database']) {
      if (c[name] !== undefined && (typeof c[name] !== 'string' || c[name] === '')) fail(`store.${name} must be a non-empty string when given`);
    }
    influxConnection(c as unknown as InfluxStoreConfig);
    return c as unknown as InfluxStoreConfig;
  }
  return fail(`store.kind must be 'embedded' or 'influxdb', got ${JSON.stringify(c.kind)}`);
}

export function influxConnection(config: InfluxStoreConfig): InfluxConnection {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return fail(`store.url ${JSON.stringify(config.url)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`store.url must be http or https, got ${url.protocol}`);
  if (url.search || url.hash) fail('store.url must not carry a query or fragment');
  const database = config.database ?? config.bucket;
  if (!database) fail('store.database (1.x, 3.x) or store.bucket (2.x) is required');
  if (config.token !== undefined && (config.username !== undefined || config.password !== undefined)) {
    fail('give either store.token or store.username/password, not both');
  }
  if ((config.username === undefined) !== (config.password === undefined)) fail('store.username and store.password go together');
  const authorization =
    config.token !== undefined ? `Token ${config.token}` : config.username !== undefined ? `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}` : undefined;
  return { url: url.href.replace(/\/+$/, ''), database, authorization };
}

function fail(message: string): never {
  throw new StoreError('LW_STORE_CONFIG', message);
}
