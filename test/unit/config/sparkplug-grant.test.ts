import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config-error.js';
import { parseConfig } from '../../../config/load.js';
import { hashPassword } from '../../../security/password.js';

let HASH: string;
beforeAll(async () => {
  HASH = await hashPassword('pw', { N: 16 });
});

function config(gateways: object[]): string {
  return JSON.stringify({
    version: 1,
    enterprises: [
      { id: 'E1', name: 'One', class: 'B', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
      { id: 'E2', name: 'Two', class: 'B', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
    ],
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { conductor_resistance: { usl: 12.1 } } }],
    gateways: gateways.map((g) => ({ passwordHash: HASH, ...g })),
    services: [],
    users: [],
  });
}

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, 'plant.json', '/');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('gateways[].sparkplug', () => {
  it('is optional, and a host and an edge of one enterprise may share a group', () => {
    const c = parseConfig(
      config([
        { id: 'gw1', enterprise: 'E1', sparkplug: { role: 'host', groups: ['north-plant'] } },
        { id: 'bridge', enterprise: 'E1', sparkplug: { role: 'edge', groups: ['north-plant'] } },
        { id: 'gw2', enterprise: 'E2' },
      ]),
      'plant.json',
      '/',
    );
    expect(c.gateways[0]?.sparkplug).toEqual({ role: 'host', groups: ['north-plant'] });
    expect(c.gateways[2]?.sparkplug).toBeUndefined();
  });

  it('reports bad shapes with their paths', () => {
    expect(problemsOf(config([{ id: 'gw1', enterprise: 'E1', sparkplug: { role: 'primary', groups: ['a/b', 'x y'] } }]))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^gateways\[0\]\.sparkplug\.role: /),
        expect.stringMatching(/^gateways\[0\]\.sparkplug\.groups\[0\]: expected a Sparkplug group id/),
        expect.stringMatching(/^gateways\[0\]\.sparkplug\.groups\[1\]: expected a Sparkplug group id/),
      ]),
    );
    expect(problemsOf(config([{ id: 'gw1', enterprise: 'E1', sparkplug: { role: 'host', groups: [] } }]))[0]).toMatch(/^gateways\[0\]\.sparkplug\.groups: /);
  });

  it('keeps a group in one enterprise, refuses STATE and a group named twice', () => {
    expect(
      problemsOf(
        config([
          { id: 'gw1', enterprise: 'E1', sparkplug: { role: 'host', groups: ['north', 'north'] } },
          { id: 'gw2', enterprise: 'E2', sparkplug: { role: 'edge', groups: ['north', 'STATE'] } },
        ]),
      ),
    ).toEqual([
      'gateways[0].sparkplug.groups[1]: group "north" is named twice',
      'gateways[1].sparkplug.groups[0]: group "north" belongs to enterprise "E1" (gateways[0]); a Sparkplug group is one enterprise\'s',
      "gateways[1].sparkplug.groups[1]: 'STATE' is the Sparkplug host state topic, not a group",
    ]);
  });
});
