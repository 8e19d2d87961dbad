/**
 * The PostgreSQL register against the register contract, on a real server
 * the test starts (test/support/postgres.ts), reached over TCP with the
 * password from LINEWATCH_REGISTER_PASSWORD as production does. Each fresh
 * register gets its own database; a peer is a second pool, as a second
 * service process would have.
 */
import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { isRegisterError } from '../../register/errors.js';
import { openRegister } from '../../register/open-register.js';
import type { Register } from '../../register/port.js';
import { startPostgres, type PostgresTestServer } from '../support/postgres.js';
import { registerContract, type RegisterFixture } from './register.contract.js';

registerContract('PostgreSQL', async (): Promise<RegisterFixture> => {
  const server = await startPostgres();
  const databases = new Map<Register, string>();
  const open = async (database: string, now?: () => number) => {
    const register = await openRegister({ kind: 'postgres', host: server.host, port: server.port, database, user: server.user }, { now, env: { LINEWATCH_REGISTER_PASSWORD: server.password } });
    databases.set(register, database);
    return register;
  };
  return {
    fresh: async (now) => open(await server.createDatabase(), now),
    reopen: (closed, now) => open(databases.get(closed) as string, now),
    peer: (register) => open(databases.get(register) as string),
    dispose: () => server.dispose(),
  };
});

describe('PostgreSQL register connection failures', () => {
  let server: PostgresTestServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => server?.dispose(), 60_000);

  it('reports a wrong password as LW_REGISTER_AUTH, with no password in the message', async () => {
    const database = await server.createDatabase();
    const error = await openRegister(
      { kind: 'postgres', url: `postgres://${server.user}@${server.host}:${server.port}/${database}` },
      { env: { LINEWATCH_REGISTER_PASSWORD: 'not-the-password' } },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRegisterError(error, 'LW_REGISTER_AUTH'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/password authentication failed/);
    expect((error as Error).message).not.toContain('not-the-password');
  });

  it('says which variable to set when the server asks for a password and none was given', async () => {
    const error = await openRegister({ kind: 'postgres', host: server.host, port: server.port, database: 'postgres', user: server.user }, { env: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRegisterError(error, 'LW_REGISTER_AUTH'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/set LINEWATCH_REGISTER_PASSWORD$/);
  });

  it('reports a server that does not answer as LW_REGISTER_UNAVAILABLE', async () => {
    // The test server's port, on a loopback address nothing listens on.
    const error = await openRegister({ kind: 'postgres', host: '127.0.0.2', port: server.port, database: 'x', user: server.user }, { env: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRegisterError(error, 'LW_REGISTER_UNAVAILABLE'), String(error)).toBe(true);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('lets two services open the same new database at once: one migrates, both work', async () => {
    const database = await server.createDatabase();
    const config = { kind: 'postgres' as const, host: server.host, port: server.port, database, user: server.user };
    const env = { LINEWATCH_REGISTER_PASSWORD: server.password };
    const [a, b] = await Promise.all([openRegister(config, { env }), openRegister(config, { env })]);
    try {
      await a.createRecord({ id: 'r1', enterprise: 'e1', kind: 'tax', body: {} }, 'alice');
      expect((await b.getRecord('r1')).createdBy).toBe('alice');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
