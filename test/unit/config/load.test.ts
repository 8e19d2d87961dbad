import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config-error.js';
import { loadConfig, parseConfig } from '../../../config/load.js';
import { hashPassword } from '../../../security/password.js';

let HASH: string;
beforeAll(async () => {
  HASH = await hashPassword('pw', { N: 16 });
});

/** A small valid configuration; each test breaks one thing. */
// biome-ignore lint/suspicious/noExplicitAny: each test breaks the configuration in its own, deliberately ill-typed way.
function minimal(): Record<string, any> {
  return {
    version: 1,
    enterprises: [{ id: 'E1', name: 'Enterprise one', class: 'B', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'BV-1.5' }] }],
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { conductor_resistance: { usl: 12.1 }, insulation_thickness: { nominal: 0.7, lsl: 0.53 } } }],
    gateways: [{ id: 'E1-gw1', enterprise: 'E1', passwordHash: HASH }],
    services: [{ id: 'analytics', role: 'analytics', passwordHash: HASH }],
    users: [{ id: 'reg', role: 'regulator', passwordHash: HASH }],
  };
}

function problemsOf(config: unknown, file = 'test.json'): string[] {
  try {
    parseConfig(JSON.stringify(config), file, '/srv/linewatch');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseConfig: a valid file', () => {
  it('fills in defaults, resolves paths against the file folder, and freezes the result', () => {
    const c = parseConfig(JSON.stringify(minimal()), 'test.json', '/srv/linewatch');
    expect(c.source).toBe('test.json');
    expect(c.spc).toEqual({ baseline: 200, ewmaLambda: 0.2, ewmaL: 3, cusumK: 0.5, cusumH: 5 });
    expect(c.store).toEqual({ kind: 'embedded', dataDir: '/srv/linewatch/data' });
    expect(c.mqtt).toEqual({ url: 'mqtt://127.0.0.1:1883', listen: { port: 1883, host: '127.0.0.1' } });
    expect(c.http).toEqual({ port: 8080, host: '127.0.0.1' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.enterprises[0].lines[0])).toBe(true);
  });

  it('maps the SPC section onto the SPC options', () => {
    const c = parseConfig(JSON.stringify({ ...minimal(), spc: { baseline: 50, lambda: 0.1, L: 2.7, k: 0.25, h: 8 } }), 't', '/');
    expect(c.spc).toEqual({ baseline: 50, ewmaLambda: 0.1, ewmaL: 2.7, cusumK: 0.25, cusumH: 8 });
  });

  it('uses an external broker only, when only a URL is given', () => {
    const c = parseConfig(JSON.stringify({ ...minimal(), mqtt: { url: 'mqtts://broker.example:8883' } }), 't', '/');
    expect(c.mqtt).toEqual({ url: 'mqtts://broker.example:8883', listen: null });
  });

  it('listens with TLS on 8883 by default, with absolute certificate paths', () => {
    const c = parseConfig(JSON.stringify({ ...minimal(), mqtt: { listen: { host: '0.0.0.0', tls: { key: 'tls/key.pem', cert: '/etc/cert.pem' } } } }), 't', '/srv/lw');
    expect(c.mqtt).toEqual({ url: 'mqtts://127.0.0.1:8883', listen: { port: 8883, host: '0.0.0.0', tls: { key: '/srv/lw/tls/key.pem', cert: '/etc/cert.pem' } } });
  });

  it('takes an InfluxDB store', () => {
    const store = { kind: 'influxdb', url: 'http://127.0.0.1:8086', org: 'lw', bucket: 'lines', token: 't0ken' };
    expect(parseConfig(JSON.stringify({ ...minimal(), store }), 't', '/').store).toEqual(store);
  });
});

describe('parseConfig: the analytics section', () => {
  it('takes a shard count, and leaves it to the command when absent', () => {
    expect(parseConfig(JSON.stringify({ ...minimal(), analytics: { shards: 4 } }), 't', '/').analytics).toEqual({ shards: 4 });
    expect(parseConfig(JSON.stringify(minimal()), 't', '/').analytics).toEqual({ shards: null });
  });

  it('refuses a shard count that is not a whole number from 1 to 256, or an unknown field, with its path', () => {
    for (const shards of [0, 1.5, 257]) expect(problemsOf({ ...minimal(), analytics: { shards } }).join('\n')).toMatch(/^analytics\.shards: /);
    expect(problemsOf({ ...minimal(), analytics: { shard: 2 } }).join('\n')).toMatch(/^analytics\.shard: unknown property/);
  });
});

describe('parseConfig: every problem, with its path', () => {
  it('reports JSON syntax errors with a line and column', () => {
    try {
      parseConfig('{\n  "version": 1,\n  "enterprises": [,]\n}', 'bad.json', '/');
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).code).toBe('LW_CONFIG_SYNTAX');
      expect((err as ConfigError).message).toMatch(/^bad\.json: invalid JSON at line 3, column 19: /);
    }
  });

  it('lists all shape problems at once, naming the file', () => {
    const c = minimal();
    c.version = 2;
    c.enterprises[0].class = 'D';
    c.enterprises[0].lines[0].id = 'L 1';
    c.gateways[0].passwordHash = 'hunter2';
    c.gateways[0].port = 1883;
    c.spc = { basline: 100, lambda: 0 };
    c.store = { kind: 'influxdb', url: 'http://x' };
    delete c.users;
    try {
      parseConfig(JSON.stringify(c), 'plant.json', '/');
      expect.unreachable();
    } catch (err) {
      const e = err as ConfigError;
      expect(e.code).toBe('LW_CONFIG_INVALID');
      const lines = e.problems.map((p) => `${p.path}: ${p.message}`);
      expect(lines).toEqual(
        expect.arrayContaining([
          'users: is required',
          'version: expected 1, got 2',
          'enterprises[0].class: expected one of "A", "B", "C", got "D"',
          `enterprises[0].lines[0].id: expected an id of 1 to 64 letters, digits, '_' or '-', got "L 1"`,
          expect.stringMatching(/^gateways\[0\]\.passwordHash: expected a password hash .*plaintext passwords are refused\) \(the value is a secret and is not shown\)$/),
          'gateways[0].port: unknown property',
          'spc.basline: unknown property',
          'spc.lambda: must be greater than 0, got 0',
        ]),
      );
      expect(lines).toHaveLength(8);
      expect(e.message).toMatch(/^plant\.json: 8 problems:\n {2}/);
    }
  });

  it('needs an InfluxDB database or bucket, and a user name with its password', () => {
    const c = minimal();
    c.store = { kind: 'influxdb', url: 'http://influx:8086', username: 'linewatch' };
    try {
      parseConfig(JSON.stringify(c), 'plant.json', '/');
      expect.unreachable();
    } catch (err) {
      const lines = (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
      expect(lines).toEqual(['store: an InfluxDB store needs a database (1.x, 3.x) or a bucket (2.x)', 'store: username and password go together']);
    }
  });

  it('refuses references to things that do not exist', () => {
    const c = minimal();
    c.gateways.push({ id: 'gw-x', enterprise: 'E9', passwordHash: HASH });
    c.gateways.push({ id: 'gw-y', enterprise: 'E1', lines: ['L1', 'L7'], passwordHash: HASH });
    c.enterprises[0].lines.push({ id: 'L2', product: 'BV-9' });
    c.users.push({ id: 'q', role: 'enterprise', enterprise: 'E9', passwordHash: HASH });
    c.users.push({ id: 'q2', role: 'enterprise', passwordHash: HASH });
    c.users.push({ id: 'reg2', role: 'regulator', enterprise: 'E1', passwordHash: HASH });
    expect(problemsOf(c)).toEqual([
      'enterprises[0].lines[1].product: no product "BV-9" (known: BV-1.5)',
      'gateways[1].enterprise: no enterprise "E9" (known: E1)',
      'gateways[2].lines[1]: enterprise "E1" has no line "L7"',
      'users[1].enterprise: no enterprise "E9" (known: E1)',
      'users[2].enterprise: is required for an enterprise user (it names the only enterprise the user may see)',
      'users[3].enterprise: must be absent for a regulator, who sees every enterprise',
    ]);
  });

  it('refuses duplicate ids, and a service named like a gateway', () => {
    const c = minimal();
    c.enterprises.push({
      ...c.enterprises[0],
      lines: [
        { id: 'L1', product: 'BV-1.5' },
        { id: 'L1', product: 'BV-1.5' },
      ],
    });
    c.products.push(c.products[0]);
    c.gateways.push(c.gateways[0]);
    c.services.push({ id: 'E1-gw1', role: 'dashboard', passwordHash: HASH });
    expect(problemsOf(c)).toEqual([
      'enterprises[1].id: duplicate id "E1" (also enterprises[0])',
      'products[1].id: duplicate id "BV-1.5" (also products[0])',
      'gateways[1].id: duplicate id "E1-gw1" (also gateways[0])',
      'services[1].id: "E1-gw1" is also the id of gateways[0]; MQTT user names must be unique',
      'enterprises[1].lines[1].id: duplicate id "L1" (also enterprises[1].lines[0])',
    ]);
  });

  it('checks spec limits, dates, reserved ids and hashes', () => {
    const c = minimal();
    c.products[0].characteristics = {
      conductor_resistance: { nominal: 11 },
      insulation_thickness: { lsl: 0.9, usl: 0.5 },
      sheath_thickness: { lsl: 0.9, nominal: 0.5 },
    };
    c.enterprises[0].lastInspection = '2024-02-30';
    c.enterprises[0].id = 'alerts';
    c.gateways[0].enterprise = 'alerts';
    c.services[0].passwordHash = 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=';
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(/^enterprises\[0\]\.id: enterprise id "alerts" is reserved/),
      'enterprises[0].lastInspection: 2024-02-30 is not a calendar date',
      'products[0].characteristics.conductor_resistance: needs lsl, usl or both (a nominal value alone is no limit)',
      'products[0].characteristics.insulation_thickness: lsl (0.9) must be below usl (0.5)',
      'products[0].characteristics.sheath_thickness: nominal (0.5) lies outside the limits [0.9, +inf]',
      expect.stringMatching(/^services\[0\]\.passwordHash: scrypt N must be a power of two/),
    ]);
  });

  it('refuses a characteristic linewatch does not know', () => {
    const c = minimal();
    c.products[0].characteristics.colour = { usl: 1 };
    expect(problemsOf(c)).toEqual(['products[0].characteristics.colour: unknown property']);
  });
});

describe('parseConfig: secrets in messages', () => {
  it('never repeats a token secret, a token or a password it refuses', () => {
    const c = minimal();
    c.http = { tokenSecret: 'too-short-but-still-a-secret' };
    c.store = { kind: 'influxdb', url: 'http://127.0.0.1:8086', token: '', username: 'u', password: '' };
    const problems = problemsOf(c);
    expect(problems).toContain('http.tokenSecret: expected a secret of at least 32 characters (the value is a secret and is not shown)');
    expect(problems.some((p) => p.startsWith('store'))).toBe(true);
    for (const p of problems) expect(p).not.toMatch(/too-short-but-still-a-secret/);
    const message = (() => {
      try {
        parseConfig(JSON.stringify(c), 'test.json', '/srv');
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(message).not.toMatch(/too-short-but-still-a-secret/);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file and resolves paths against its folder', async () => {
    const file = path.join(dir, 'plant.json');
    await writeFile(file, `\uFEFF${JSON.stringify(minimal())}`);
    const c = await loadConfig(file);
    expect(c.store).toEqual({ kind: 'embedded', dataDir: path.join(dir, 'data') });
  });

  it('says plainly when the file cannot be read', async () => {
    await expect(loadConfig(path.join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'LW_CONFIG_UNREADABLE',
      message: `${path.join(dir, 'missing.json')}: cannot read the configuration: no such file or directory`,
    });
    await expect(loadConfig(dir)).rejects.toMatchObject({ code: 'LW_CONFIG_UNREADABLE', message: expect.stringMatching(/is a directory$/) });
  });
});
