/**
 * `linewatch start` prints the demo's dashboard logins from the
 * demo-credentials.json beside its configuration (config/demo-credentials.ts),
 * and refuses to start, naming the file and field, when that file is broken.
 * The shipped demo configuration runs on a copy in a temporary folder, so
 * its data stays there.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { startLinewatch } from '../support/processes.js';

let dir: string;
let configFile: string;
const credentials = JSON.parse(readFileSync(join(REPO_ROOT, 'config/demo-credentials.json'), 'utf8')) as { users: Array<{ id: string; password: string }> };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-start-logins-'));
  const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'config/demo.json'), 'utf8')) as Record<string, unknown>;
  configFile = join(dir, 'demo.json');
  writeFileSync(configFile, JSON.stringify({ ...demo, store: { kind: 'embedded', dataDir: join(dir, 'data') } }));
  copyFileSync(join(REPO_ROOT, 'config/demo-records.json'), join(dir, 'demo-records.json'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('linewatch start, demo logins', () => {
  it('prints the first dashboard logins from demo-credentials.json and counts the rest', async () => {
    copyFileSync(join(REPO_ROOT, 'config/demo-credentials.json'), join(dir, 'demo-credentials.json'));
    const p = startLinewatch('start', ['start', '--config', configFile, '--no-demo', '--http-port', '0', '--mqtt-port', '0']);
    try {
      await p.waitFor(/Ctrl-C stops it/, 60_000);
      const [regulator, first] = credentials.users;
      expect(p.output()).toContain(`    ${regulator.id} / ${regulator.password}  (regulator)`);
      expect(p.output()).toContain(`    ${first.id} / ${first.password}  (enterprise hengyuan)`);
      expect(p.output()).toContain(`... ${credentials.users.length - 4} more enterprise users in ${join(dir, 'demo-credentials.json')}`);
    } finally {
      // Only the logins are under test here, not how start stops.
      await p.terminate();
    }
  }, 90_000);

  it('refuses to start on a broken credentials file, naming the file and the field', async () => {
    writeFileSync(join(dir, 'demo-credentials.json'), JSON.stringify({ gateways: [], services: [], users: [{ id: 'reg', role: 'auditor', enterprise: null, password: 'x' }] }));
    const p = startLinewatch('start', ['start', '--config', configFile, '--no-demo', '--http-port', '0', '--mqtt-port', '0']);
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain(`start: ${join(dir, 'demo-credentials.json')}: users[0].role: `);
    expect(p.output()).not.toMatch(/linewatch is running|\n\s+at /);
  }, 60_000);
});
