/**
 * A real PostgreSQL for tests. The implementation lives in
 * register/postgres/testing-server.ts so the compiled benchmark can start one
 * too; tests import it from here. When PostgreSQL is missing, startPostgres
 * throws POSTGRES_MISSING and the suite fails: it never skips.
 */
export { startPostgres, POSTGRES_MISSING, type PostgresTestServer, type PostgresTestServerOptions } from '../../register/postgres/testing-server.js';
