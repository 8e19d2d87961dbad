/**
 * A real influxd for tests. The implementation lives in
 * store/influx/testing-server.ts so the compiled benchmark can start one too;
 * tests import it from here. When influxd is missing, startInfluxd throws
 * INFLUXD_MISSING and the suite fails: it never skips.
 */
export { startInfluxd, INFLUXD_MISSING, type InfluxTestServer, type InfluxTestServerOptions } from '../../store/influx/testing-server.js';
