/**
 * Which register database to open: the `register` section of the
 * configuration file, checked once. README.md documents each field.
 */
import { RegisterError } from './errors.js';

export interface EmbeddedRegisterConfig {
  readonly kind: 'embedded';
  /** The DuckDB file; absolute after the configuration is resolved. */
  readonly file: string;
}

export interface PostgresRegisterConfig {
  readonly kind: 'postgres';
  /** postgres://user@host:port/database (no password: that comes from LINEWATCH_REGISTER_PASSWORD). */
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
}

export type RegisterConfig = EmbeddedRegisterConfig | PostgresRegisterConfig;

/** The environment variable that holds the PostgreSQL password (never the configuration file). */
export const REGISTER_PASSWORD_ENV = 'LINEWATCH_REGISTER_PASSWORD';

export function validateRegisterConfig(config: unknown): RegisterConfig {
  if (typeof config !== 'object' || config === null) fail('register config must be an object');
  const c = config as Record<string, unknown>;
  if (c.kind === 'embedded') {
    if (typeof c.file !== 'string' || c.file.length === 0) fail('register.file must be a non-empty path');
    return { kind: 'embedded', file: c.file };
  }
  if (c.kind === 'postgres') {
    for (const name of ['url', 'host', 'database', 'user']) {
      if (c[name] !== undefined && (typeof c[name] !== 'string' || c[name] === '')) fail(`register.${name} must be a non-empty string when given`);
    }
    if (c.port !== undefined && (!Number.isInteger(c.port) || (c.port as number) < 1 || (c.port as number) > 65535)) fail('register.port must be a TCP port 1..65535');
    if (c.url === undefined && c.host === undefined) fail('register needs url or host for PostgreSQL');
    if (typeof c.url === 'string') {
      let url: URL;
      try {
        url = new URL(c.url);
      } catch {
        return fail(`register.url ${JSON.stringify(c.url)} is not a URL`);
      }
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') fail(`register.url must start with postgres://, got ${url.protocol}`);
      if (url.password) fail(`register.url must not hold a password; set ${REGISTER_PASSWORD_ENV}`);
      if (url.search || url.hash) fail('register.url must not carry query parameters; give host, port, database and user');
    }
    return c as unknown as PostgresRegisterConfig;
  }
  return fail(`register.kind must be 'embedded' or 'postgres', got ${JSON.stringify(c.kind)}`);
}

/** Where to connect: the URL's parts, overridden by host, port, database and user when given. */
export function postgresTarget(config: PostgresRegisterConfig): { host?: string; port?: number; database?: string; user?: string } {
  const target: { host?: string; port?: number; database?: string; user?: string } = {};
  if (config.url !== undefined) {
    const url = new URL(config.url);
    if (url.hostname) target.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
    if (url.port) target.port = Number(url.port);
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (database) target.database = database;
    if (url.username) target.user = decodeURIComponent(url.username);
  }
  if (config.host !== undefined) target.host = config.host;
  if (config.port !== undefined) target.port = config.port;
  if (config.database !== undefined) target.database = config.database;
  if (config.user !== undefined) target.user = config.user;
  return target;
}

function fail(message: string): never {
  throw new RegisterError('LW_REGISTER_CONFIG', message);
}
