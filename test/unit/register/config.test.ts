/**
 * The `register` section: checked by the configuration loader and again by
 * openRegister, resolved to an absolute file or a PostgreSQL target.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config-error.js';
import { parseConfig } from '../../../config/load.js';
import { postgresTarget, validateRegisterConfig } from '../../../register/config.js';
import { isRegisterError } from '../../../register/errors.js';

function file(extra: Record<string, unknown>): string {
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

function problems(extra: Record<string, unknown>): string[] {
  try {
    parseConfig(file(extra), 't.json', '/srv/lw');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('register configuration', () => {
  it('defaults to an embedded file beside the store data', () => {
    expect(parseConfig(file({}), 't.json', '/srv/lw').register).toEqual({ kind: 'embedded', file: '/srv/lw/data/register.duckdb' });
    expect(parseConfig(file({ store: { kind: 'embedded', dataDir: '/var/lw' } }), 't.json', '/srv/lw').register).toEqual({ kind: 'embedded', file: '/var/lw/register.duckdb' });
    expect(parseConfig(file({ register: { kind: 'embedded', file: 'reg/r.duckdb' } }), 't.json', '/srv/lw').register).toEqual({ kind: 'embedded', file: '/srv/lw/reg/r.duckdb' });
  });

  it('takes PostgreSQL by URL or by host, never with a password in the file', () => {
    const pg = { kind: 'postgres', url: 'postgres://linewatch@db:5432/linewatch' };
    expect(parseConfig(file({ register: pg }), 't.json', '/').register).toEqual(pg);
    expect(problems({ register: { kind: 'postgres', host: 'db', user: 'lw' } })).toEqual([]);
    expect(problems({ register: { kind: 'postgres', database: 'lw' } })).toEqual(['register: a PostgreSQL register needs url or host']);
    expect(problems({ register: { kind: 'postgres', url: 'postgres://lw:secret@db/lw' } })).toEqual(['register.url: must not hold a password: set LINEWATCH_REGISTER_PASSWORD in the environment']);
    expect(problems({ register: { kind: 'postgres', host: 'db', password: 'secret' } }).join('\n')).toMatch(/password/);
    expect(problems({ register: { kind: 'mysql' } })).not.toEqual([]);
  });

  it('resolves a URL to its parts, with host, port, database and user overriding them', () => {
    expect(postgresTarget({ kind: 'postgres', url: 'postgresql://lw%20user@db.local:6543/reg' })).toEqual({ host: 'db.local', port: 6543, database: 'reg', user: 'lw user' });
    expect(postgresTarget({ kind: 'postgres', url: 'postgres://lw@db/reg', database: 'other', port: 5433 })).toEqual({ host: 'db', port: 5433, database: 'other', user: 'lw' });
  });

  it('is checked again when a register is opened from code', () => {
    const refused = [
      { kind: 'embedded' },
      { kind: 'postgres' },
      { kind: 'postgres', url: 'http://db/x' },
      { kind: 'postgres', url: 'postgres://u:p@db/x' },
      { kind: 'postgres', host: 'db', port: 70000 },
      null,
    ];
    for (const config of refused) {
      let error: unknown;
      try {
        validateRegisterConfig(config);
      } catch (e) {
        error = e;
      }
      expect(isRegisterError(error, 'LW_REGISTER_CONFIG'), JSON.stringify(config)).toBe(true);
    }
  });
});
