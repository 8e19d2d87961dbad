import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import { verifyPassword } from '../../../security/password.js';

const DEMO = fileURLToPath(new URL('../../../config/demo.json', import.meta.url));
const CREDENTIALS = fileURLToPath(new URL('../../../config/demo-credentials.md', import.meta.url));

let config: LinewatchConfig;
beforeAll(async () => {
  config = await loadConfig(DEMO);
});

describe('the shipped demo configuration', () => {
  it('loads and describes a cluster of eight enterprises of all three classes', () => {
    expect(config.enterprises).toHaveLength(8);
    expect(new Set(config.enterprises.map((e) => e.class))).toEqual(new Set(['A', 'B', 'C']));
    for (const e of config.enterprises) expect(config.gateways.some((g) => g.enterprise === e.id)).toBe(true);
  });

  it('carries the spec limits of the product standards', () => {
    const limits = (product: string) => config.products.find((p) => p.id === product)!.characteristics;
    // IEC 60228 class 1 plain copper maxima at 20 C.
    expect(limits('BV-1.5').conductor_resistance).toMatchObject({ usl: 12.1 });
    expect(limits('BV-2.5').conductor_resistance).toMatchObject({ usl: 7.41 });
    expect(limits('BV-4').conductor_resistance).toMatchObject({ usl: 4.61 });
    expect(limits('BV-6').conductor_resistance).toMatchObject({ usl: 3.08 });
    // IEC 60227: minimum insulation at any point is 90% of nominal - 0.1 mm.
    expect(limits('BV-1.5').insulation_thickness).toMatchObject({ nominal: 0.7, lsl: 0.53 });
    expect(limits('BV-2.5').insulation_thickness).toMatchObject({ nominal: 0.8, lsl: 0.62 });
    // Sheath: 85% of nominal - 0.1 mm.
    expect(limits('BVV-2x1.5').sheath_thickness).toMatchObject({ nominal: 1.2, lsl: 0.92 });
  });

  it('has both services, a regulator and one quality user per enterprise', () => {
    expect(config.services.map((s) => s.role).sort()).toEqual(['analytics', 'dashboard']);
    expect(config.users.filter((u) => u.role === 'regulator')).toHaveLength(1);
    for (const e of config.enterprises) expect(config.users.some((u) => u.role === 'enterprise' && u.enterprise === e.id)).toBe(true);
  });

  it('keeps the broker on loopback', () => {
    expect(config.mqtt.listen?.host).toBe('127.0.0.1');
  });

  it('matches every password in demo-credentials.md with its hash', async () => {
    const text = await readFile(CREDENTIALS, 'utf8');
    const rows = [...text.matchAll(/^\| `([^`]+)` \|.*\| `([^`]+)` \|$/gm)].map((m) => ({ id: m[1], password: m[2] }));
    const accounts = [...config.gateways, ...config.services, ...config.users];
    expect(rows.map((r) => r.id).sort()).toEqual(accounts.map((a) => a.id).sort());
    const results = await Promise.all(rows.map(async (r) => [r.id, await verifyPassword(r.password, accounts.find((a) => a.id === r.id)!.passwordHash)]));
    expect(results.filter(([, ok]) => !ok)).toEqual([]);
  });
});
