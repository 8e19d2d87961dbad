/**
 * What the HTTP API tests stand on: a small configuration built in code (two
 * enterprises, a regulator, one user per enterprise), a real embedded DuckDB
 * store in a temporary folder, a real EpisodeBook behind the AlertDirectory
 * interface, and a clock the test moves by hand.
 */
import { LiveConfig } from '../../monitor/live-config.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../monitor/causes.js';
import { resolveRiskOptions } from '../../risk/options.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { EpisodeBook } from '../../monitor/episode-book.js';
import type { AlertDirectory } from '../../core/alerts/alert-directory.js';
import { bookDirectory, listenerSet } from '../../core/alerts/book-directory.js';
import type { Alert, AlertEvent } from '../../monitor/alert.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { buildApp, type BuildAppOptions } from '../../dashboard/app.js';
import { hashPassword } from '../../security/password.js';
import { resolveSpcOptions } from '../../spc/options.js';
import { openStore } from '../../store/open-store.js';
import type { TimeSeriesStore } from '../../store/port.js';

/** Small scrypt cost: tests only; production hashes use DEFAULT_PASSWORD_OPTIONS. */
const FAST_COST = { N: 1024 } as const;

export const PASSWORDS = Object.freeze({ reg: 'regulator-pass-1', 'qa-acme': 'acme-pass-1', 'qa-beta': 'beta-pass-1' });
export const TOKEN_SECRET = 'test-secret-that-is-at-least-32-characters-long';
/** 2025-03-01T08:00:00Z, where every test clock starts. */
export const T0 = Date.UTC(2025, 2, 1, 8, 0, 0);

export async function testConfig(dataDir: string): Promise<LinewatchConfig> {
  const [reg, acme, beta] = await Promise.all([hashPassword(PASSWORDS.reg, FAST_COST), hashPassword(PASSWORDS['qa-acme'], FAST_COST), hashPassword(PASSWORDS['qa-beta'], FAST_COST)]);
  return {
    source: 'http-api-fixture',
    enterprises: [
      { id: 'acme', name: 'Acme Cable', class: 'B', lastInspection: '2024-06-01', lines: [{ id: 'line-1', product: 'BV-1.5' }] },
      { id: 'beta', name: 'Beta Wire', class: 'A', lastInspection: '2024-09-01', lines: [{ id: 'line-1', product: 'BV-2.5' }] },
    ],
    products: [
      {
        id: 'BV-1.5',
        name: 'BV 1.5 mm2',
        characteristics: { insulation_thickness: { lsl: 0.53, nominal: 0.7 }, conductor_resistance: { usl: 12.1 } },
      },
      { id: 'BV-2.5', name: 'BV 2.5 mm2', characteristics: { insulation_thickness: { lsl: 0.62, nominal: 0.8 }, conductor_resistance: { usl: 7.41 } } },
    ],
    gateways: [],
    services: [],
    users: [
      { id: 'reg', name: 'County bureau', role: 'regulator', passwordHash: reg },
      { id: 'qa-acme', role: 'enterprise', enterprise: 'acme', passwordHash: acme },
      { id: 'qa-beta', name: 'Beta QA', role: 'enterprise', enterprise: 'beta', passwordHash: beta },
    ],
    spc: resolveSpcOptions(),
    live: new LiveConfig(),
    alerts: DEFAULT_CAUSE_CATALOGUE,
    risk: resolveRiskOptions(),
    store: { kind: 'embedded', dataDir },
    register: { kind: 'embedded', file: join(dataDir, 'register.duckdb') },
    mqtt: { url: 'mqtt://127.0.0.1:1883', listen: null },
    http: { port: 0, host: '127.0.0.1' },
  };
}

/**
 * A real EpisodeBook behind the interface the HTTP API uses, with the test's
 * clock; `publish` hands an event to the subscribers, as the analytics
 * service does.
 */
export function testDirectory(book: EpisodeBook, clock: () => number): AlertDirectory & { publish(event: AlertEvent): Alert } {
  const { listeners, subscribe } = listenerSet<AlertEvent>();
  const publish = (event: AlertEvent): Alert => {
    for (const l of listeners) l(event);
    return event.alert;
  };
  return { ...bookDirectory(book, clock, publish, subscribe), publish };
}

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly book: EpisodeBook;
  readonly store: TimeSeriesStore;
  readonly config: LinewatchConfig;
  /** The injected clock; move it with `clock.now = ...`. */
  readonly clock: { now: number };
  login(username: keyof typeof PASSWORDS): Promise<string>;
  close(): Promise<void>;
}

/** A fresh app on a fresh store; `overrides` replace buildApp options (the store too). */
export async function startApi(overrides: Partial<BuildAppOptions> = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linewatch-http-'));
  const config = await testConfig(dataDir);
  const store = await openStore({ kind: 'embedded', dataDir });
  const clock = { now: T0 };
  const book = new EpisodeBook();
  const app = buildApp({
    config,
    alerts: testDirectory(book, () => clock.now),
    store,
    tokenSecret: TOKEN_SECRET,
    clock: () => clock.now,
    ...overrides,
  });
  await app.ready();
  return {
    app,
    book,
    store,
    config,
    clock,
    async login(username) {
      const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORDS[username] } });
      if (res.statusCode !== 200) throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { token: string }).token;
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
