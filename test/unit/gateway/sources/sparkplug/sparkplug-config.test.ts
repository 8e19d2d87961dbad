import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../config/config-error.js';
import { sourceFromFile } from '../../../../../gateway/sources/source-file.js';
import { SPARKPLUG_SOURCE } from '../../../../../gateway/sources/sparkplug/sparkplug-kind.js';
import { clientIdOf, sparkplugFilters } from '../../../../../gateway/sources/sparkplug/sparkplug-source.js';
import { createLogger } from '../../../../../ops/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-sparkplug-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const deps = { log: createLogger('sparkplug-config-test', 'silent') };
const SAMPLE = new URL('../../../../../gateway/sources/sparkplug/sample.json', import.meta.url).pathname;

let files = 0;
async function problemsOf(source: unknown): Promise<Array<{ path: string; message: string }>> {
  const file = join(dir, `s${++files}.json`);
  writeFileSync(file, JSON.stringify(source));
  try {
    await sourceFromFile(file, deps);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

const reading = { group: 'g', edgeNode: 'e', device: 'd', metric: 'OD', line: 'extruder-1', characteristic: 'insulation_thickness' };
const base = { kind: 'sparkplug', mqttUrl: 'mqtt://127.0.0.1:1883', metrics: [reading] };

describe('sparkplug source file', () => {
  it('loads the sample file shipped in the README', async () => {
    const source = await sourceFromFile(SAMPLE, deps);
    expect(source.kind).toBe('sparkplug');
  });

  it('loads a minimal file: every group, no credentials', async () => {
    expect(await problemsOf(base)).toEqual([]);
    expect(sparkplugFilters(undefined)).toEqual(['spBv1.0/#']);
    expect(sparkplugFilters(['a', 'b'])).toEqual(['spBv1.0/a/#', 'spBv1.0/b/#']);
    expect(clientIdOf({ username: 'northwind-gw1' })).toBe('northwind-gw1:sparkplug-host');
  });

  it('reports every schema problem with its path', async () => {
    const problems = await problemsOf({
      ...base,
      mqttUrl: 'http://x',
      groups: ['a/b'],
      colour: 'red',
      metrics: [{ ...reading, characteristic: 'diameter', line: 'bad line' }],
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['mqttUrl', 'groups[0]', 'metrics[0].characteristic', 'metrics[0].line']));
    expect(problems.find((p) => p.path === 'mqttUrl')?.message).toContain('an MQTT URL');
    expect(problems.find((p) => p.path === 'groups[0]')?.message).toContain("none of them '/'");
    expect(problems.some((p) => p.message.includes('colour') || p.path.includes('colour'))).toBe(true);
  });

  it('reports the cross-field rules with their paths', async () => {
    const problems = await problemsOf({
      ...base,
      username: undefined,
      passwordEnv: 'PW',
      passwordFile: '/pw',
      groups: ['g'],
      reconnect: { minMs: 5000, maxMs: 1000 },
      metrics: [
        reading,
        { ...reading },
        { ...reading, metric: 'both', tag: 'speed' },
        { group: 'g', edgeNode: 'e', metric: 'neither', line: 'extruder-1' },
        { group: 'g', edgeNode: 'e', metric: 'codes', line: 'extruder-1', tag: 'length', codes: { '1': 'BV-1.5' } },
        { group: 'g', edgeNode: 'e', metric: 'p', line: 'extruder-1', tag: 'product', scale: 2 },
        { ...reading, group: 'other' },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'passwordEnv', message: 'give passwordFile or passwordEnv, not both' },
        { path: 'username', message: 'a password needs a username' },
        { path: 'reconnect.maxMs', message: 'must be at least reconnect.minMs (5000)' },
        { path: 'metrics[1].metric', message: 'the same metric as metrics[0]' },
        { path: 'metrics[2]', message: 'give either characteristic (a reading) or tag (product, length, speed or reel)' },
        { path: 'metrics[3]', message: 'give either characteristic (a reading) or tag (product, length, speed or reel)' },
        { path: 'metrics[4].codes', message: 'codes are for a product tag only' },
        { path: 'metrics[5].scale', message: 'a product tag is not scaled' },
        { path: 'metrics[6].group', message: 'group "other" is not in groups (g): it would never be read' },
      ]),
    );
    expect(problems).toHaveLength(9);
  });
});

describe('sparkplug source credentials and state at start', () => {
  const sink = { take: async () => {}, bad: () => {}, connected: () => {} };
  it('names the field when the password or the stateFile cannot be had, before any connection', async () => {
    const source = (extra: object) => SPARKPLUG_SOURCE.create({ ...base, username: 'u', ...extra } as never, deps);
    delete process.env.LW_TEST_SPARKPLUG_UNSET;
    await expect(source({ passwordEnv: 'LW_TEST_SPARKPLUG_UNSET' }).start(sink)).rejects.toMatchObject({
      problems: [{ path: 'passwordEnv', message: 'environment variable LW_TEST_SPARKPLUG_UNSET is not set' }],
    });
    await expect(source({ passwordFile: join(dir, 'missing') }).start(sink)).rejects.toMatchObject({ problems: [{ path: 'passwordFile' }] });
    const state = join(dir, 'state.json');
    writeFileSync(state, '{"version":9}');
    await expect(source({ stateFile: state }).start(sink)).rejects.toMatchObject({ problems: [{ path: 'stateFile', message: expect.stringContaining('is not a births file') }] });
  });
});
