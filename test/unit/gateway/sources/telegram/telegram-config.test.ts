import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../config/config-error.js';
import { createLogger } from '../../../../../ops/logger.js';
import { sourceFromFile } from '../../../../../gateway/sources/source-file.js';

const README = fileURLToPath(new URL('../../../../../gateway/sources/telegram/README.md', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../../../gateway/sources/telegram/sample.json', import.meta.url));
const deps = { log: createLogger('telegram-config-test', 'silent') };
const dir = mkdtempSync(join(tmpdir(), 'telegram-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { kind: 'telegram', host: '127.0.0.1', port: 4001, line: 'extruder-1' };

async function problemsOf(source: unknown): Promise<string[]> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(source));
  try {
    await sourceFromFile(file, deps);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('telegram source file', () => {
  it('the shipped sample.json loads into a telegram source', async () => {
    const source = await sourceFromFile(SAMPLE, deps);
    expect(source.kind).toBe('telegram');
  });

  it('every source file shown in the README loads', async () => {
    const readme = await readFile(README, 'utf8');
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as { kind: string });
    expect(blocks.length).toBe(5);
    for (const block of blocks) expect(await problemsOf(block)).toEqual([]);
  });

  it('a minimal pattern-form file loads', async () => {
    expect(await problemsOf({ ...base, parse: { pattern: '^A(?<d>\\d{5})$', groups: { d: { characteristic: 'conductor_diameter', scale: 0.001 } } } })).toEqual([]);
  });

  it('reports every schema problem with its path', async () => {
    const problems = await problemsOf({
      kind: 'telegram',
      host: '',
      port: 70000,
      terminator: 'semicolon',
      encoding: 'ebcdic',
      parse: { delimiter: '|', fields: [{ index: -1, characteristic: 'diameter', colour: 'red' }] },
    });
    const paths = problems.map((p) => p.split(':')[0]);
    expect(paths).toEqual(expect.arrayContaining(['host', 'port', 'terminator', 'encoding', 'parse.delimiter', 'parse.fields[0].index', 'parse.fields[0].characteristic']));
    expect(problems.find((p) => p.startsWith('parse.fields[0].characteristic'))).toMatch(/a characteristic name \(conductor_diameter/);
    expect(problems.some((p) => /colour/.test(p))).toBe(true);
  });

  it('reports cross-field problems with their paths', async () => {
    const problems = await problemsOf({
      kind: 'telegram',
      host: 'gauge',
      port: 4001,
      reconnect: { minMs: 5000, maxMs: 1000 },
      parse: {
        delimiter: ',',
        decimalComma: true,
        fields: [
          { index: 0, role: 'timestamp' },
          { index: 1, characteristic: 'insulation_thickness', tag: 'length', line: 'l1' },
          { index: 1, characteristic: 'conductor_resistance', line: 'l1' },
          { index: 2, characteristic: 'conductor_resistance', line: 'l1', codes: { '1': 'BV-1.5' } },
          { index: 3, characteristic: 'eccentricity' },
          { index: 4, role: 'timestamp', format: 'iso', line: 'l1' },
        ],
      },
    });
    expect(problems).toEqual([
      'reconnect.maxMs: must be at least reconnect.minMs (5000)',
      "parse.decimalComma: cannot be used with delimiter ',' (a decimal comma would split the number)",
      'parse.fields[2].index: field 1 is mapped already by parse.fields[1]',
      "parse.fields[0].format: missing: a timestamp needs format 'iso', 'epoch-ms' or 'epoch-s'",
      "parse.fields[1]: give exactly one of characteristic (a reading), tag (product, length, speed) or role: 'timestamp'",
      "parse.fields[3].codes: only for tag: 'product'",
      'parse.fields[3]: l1/conductor_resistance is mapped already by parse.fields[2] (two values for one series at one time)',
      'parse.fields[4].line: missing: name the line here or give the source a line',
      'parse.fields[5]: a second timestamp field (the first is parse.fields[0])',
      'parse.fields[5].line: not used by a timestamp field',
    ]);
  });

  it('needs exactly one form, and a pattern whose groups exist', async () => {
    expect(await problemsOf({ ...base, parse: { delimiter: ';', pattern: 'x' } })).toEqual(['parse: give either { delimiter, fields } or { pattern, groups }, not both and not neither']);
    expect(await problemsOf({ ...base, parse: { prefix: 'D' } })).toEqual(['parse: give either { delimiter, fields } or { pattern, groups }, not both and not neither']);
    expect(await problemsOf({ ...base, parse: { delimiter: ';' } })).toEqual(['parse.fields: missing: the delimiter form needs fields']);
    expect(await problemsOf({ ...base, parse: { pattern: '(unclosed', groups: { a: { characteristic: 'eccentricity' } } } })).toEqual([
      expect.stringMatching(/^parse\.pattern: not a regular expression: /),
    ]);
    expect(await problemsOf({ ...base, parse: { pattern: '^(?<d>\\d+)$', groups: { w: { characteristic: 'eccentricity' } } } })).toEqual([
      'parse.groups.w: the pattern has no group (?<w>...); it has d',
    ]);
  });
});
