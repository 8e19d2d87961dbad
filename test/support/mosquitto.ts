/**
 * A real Mosquitto for tests. The implementation lives in
 * broker/mosquitto/testing-server.ts so the compiled benchmark can start one
 * too. When mosquitto is missing the suite fails: it never skips.
 */
export { startMosquitto, MOSQUITTO_MISSING, type MosquittoTestServer } from '../../broker/mosquitto/testing-server.js';
