/**
 * demo-credentials.json is the one source of the demo's passwords: every
 * account of demo.json is in it with a password that matches its hash, and
 * demo-credentials.md (which the README links) is exactly its rendering.
 * After editing the JSON, regenerate the page with
 *   UPDATE_DEMO_CREDENTIALS=1 npx vitest run test/unit/config/demo-credentials.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config-error.js';
import { demoCredentialsMarkdown, parseDemoCredentials, readDemoCredentials } from '../../../config/demo-credentials.js';
import { loadConfig } from '../../../config/load.js';
import { verifyPassword } from '../../../security/password.js';

const DEMO = fileURLToPath(new URL('../../../config/demo.json', import.meta.url));
const JSON_FILE = fileURLToPath(new URL('../../../config/demo-credentials.json', import.meta.url));
const MARKDOWN = fileURLToPath(new URL('../../../config/demo-credentials.md', import.meta.url));

describe('the demo credentials', () => {
  it('give every account of demo.json a password that matches its hash, and no other account', async () => {
    const config = await loadConfig(DEMO);
    const credentials = (await readDemoCredentials(JSON_FILE))!;
    const listed = [...credentials.gateways, ...credentials.services, ...credentials.users];
    const accounts = [...config.gateways, ...config.services, ...config.users];
    expect(listed.map((a) => a.id).sort()).toEqual(accounts.map((a) => a.id).sort());
    const wrong = [];
    for (const a of listed) if (!(await verifyPassword(a.password, accounts.find((x) => x.id === a.id)!.passwordHash))) wrong.push(a.id);
    expect(wrong).toEqual([]);
    // Roles and enterprises as the configuration has them.
    for (const g of credentials.gateways) expect(config.gateways.find((x) => x.id === g.id)?.enterprise).toBe(g.enterprise);
    for (const s of credentials.services) expect(config.services.find((x) => x.id === s.id)?.role).toBe(s.role);
    for (const u of credentials.users) expect(config.users.find((x) => x.id === u.id)).toMatchObject({ role: u.role, ...(u.enterprise !== null ? { enterprise: u.enterprise } : {}) });
  }, 30_000);

  it('render to demo-credentials.md exactly', async () => {
    const rendered = demoCredentialsMarkdown((await readDemoCredentials(JSON_FILE))!);
    if (process.env.UPDATE_DEMO_CREDENTIALS === '1') await writeFile(MARKDOWN, rendered);
    expect(await readFile(MARKDOWN, 'utf8'), 'demo-credentials.md is out of date: regenerate it (see the top of this test)').toBe(rendered);
  });

  it('refuse a file with a bad field, naming the file and the field', () => {
    const bad = JSON.stringify({ gateways: [], services: [], users: [{ id: 'reg', role: 'auditor', enterprise: null, password: 'x' }] });
    let error: unknown;
    try {
      parseDemoCredentials(bad, 'creds.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('LW_CONFIG_INVALID');
    expect((error as Error).message).toMatch(/^creds\.json: users\[0\]\.role: /);
    expect(() => parseDemoCredentials('{', 'creds.json')).toThrow(/^creds\.json: /);
  });

  it('are absent, not an error, where there is no file (a real deployment)', async () => {
    expect(await readDemoCredentials(fileURLToPath(new URL('./no-such-credentials.json', import.meta.url)))).toBeNull();
  });
});
