/**
 * `linewatch broker` and `linewatch hash-password` as a user runs them: the
 * compiled command, a configuration file on disk, real MQTT clients.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../security/password.js';
import { REPO_ROOT, runLinewatch } from '../support/cli.js';

let dir: string;
let configFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-broker-cli-'));
  const hash = runLinewatch(['hash-password', '--cost', '16'], { input: 'gw-secret\n' }).stdout.trim();
  const config = {
    version: 1,
    enterprises: [{ id: 'E1', name: 'Enterprise one', class: 'A', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'BV-1.5' }] }],
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { conductor_resistance: { usl: 12.1 } } }],
    gateways: [{ id: 'E1-gw1', enterprise: 'E1', passwordHash: hash }],
    services: [],
    users: [],
    mqtt: { listen: { port: 0, host: '127.0.0.1' } },
  };
  configFile = join(dir, 'plant.json');
  writeFileSync(configFile, JSON.stringify(config));
});

/** Starts `linewatch broker`, resolves with its URL once it prints it. */
function startBroker(args: string[]) {
  const child = spawn(process.execPath, ['bin/linewatch.js', 'broker', ...args], { cwd: REPO_ROOT, env: { ...process.env, LINEWATCH_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (mqtts?:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]);
    });
    exited.then(() => reject(new Error(`broker exited early: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('linewatch broker', () => {
  it('serves the accounts of the configuration, and stops cleanly on SIGTERM', async () => {
    const broker = startBroker(['--config', configFile]);
    const url = await broker.url;
    expect(url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);

    const client = await mqtt.connectAsync(url, { clientId: 'E1-gw1', username: 'E1-gw1', password: 'gw-secret', reconnectPeriod: 0 });
    await client.publishAsync('linewatch/v1/E1/E1-gw1/measurements', '{}', { qos: 1 });
    const refused = await mqtt.connectAsync(url, { clientId: 'E1-gw1', username: 'E1-gw1', password: 'wrong', reconnectPeriod: 0 }, false).catch((e: unknown) => e);
    expect((refused as { code?: number }).code).toBe(4);
    await client.endAsync();

    broker.child.kill('SIGTERM');
    expect(await broker.exited).toBe(0);
    expect(broker.output().stdout).toContain('linewatch broker: stopped');
    // The refusal is logged with its reason, as a JSON line.
    expect(broker.output().stderr).toMatch(/"code":"bad-password".*wrong password for \\"E1-gw1\\"/);
  });

  it('reports a configuration problem with the file name and the path, without a stack trace', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, enterprises: [], products: [], gateways: [], services: [], users: [] }));
    const r = runLinewatch(['broker', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`linewatch broker: ${bad}: 2 problems:`);
    expect(r.stderr).toContain('enterprises: must have at least 1 items');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says plainly when the port is taken', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = runLinewatch(['broker', '--config', configFile, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`linewatch broker: cannot listen on 127.0.0.1:${port}: the address is already in use (another broker running?)\n`);
    } finally {
      server.close();
    }
  });

  it('requires --config and checks --port', () => {
    expect(runLinewatch(['broker']).stderr).toMatch(/--config FILE is required/);
    const r = runLinewatch(['broker', '--config', configFile, '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be a whole number from 0 to 65535/);
  });
});

describe('linewatch hash-password', () => {
  it('hashes the password read from standard input, less one trailing newline', async () => {
    for (const input of ['s3cret\n', 's3cret\r\n', 's3cret']) {
      const r = runLinewatch(['hash-password', '--cost', '16'], { input });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^scrypt\$16\$8\$1\$\S+\$\S+\n$/);
      expect(await verifyPassword('s3cret', r.stdout.trim())).toBe(true);
    }
  });

  it('uses the strong default cost', () => {
    expect(runLinewatch(['hash-password'], { input: 'x' }).stdout).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('refuses an empty password, several lines and a cost that is not a power of two', () => {
    expect(runLinewatch(['hash-password'], { input: '' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/empty password/) });
    expect(runLinewatch(['hash-password'], { input: 'a\nb\n' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/spans several lines/) });
    expect(runLinewatch(['hash-password', '--cost', '1000'], { input: 'x' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/power of two/) });
    expect(runLinewatch(['hash-password', 'oops'], { input: 'x' }).code).toBe(2);
  });
});
