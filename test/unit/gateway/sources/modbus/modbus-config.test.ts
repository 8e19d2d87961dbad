import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../config/config-error.js';
import { sourceFromFile } from '../../../../../gateway/sources/source-file.js';
import { ModbusSource } from '../../../../../gateway/sources/modbus/modbus-source.js';
import { createLogger } from '../../../../../ops/logger.js';
import { REPO_ROOT } from '../../../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'linewatch-modbus-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const deps = { log: createLogger('modbus-config-test', 'silent') };

let files = 0;
async function problemsOf(source: unknown): Promise<Array<{ path: string; message: string }>> {
  const file = join(dir, `source-${files++}.json`);
  writeFileSync(file, JSON.stringify(source));
  try {
    await sourceFromFile(file, deps);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  return [];
}

const reading = { table: 'holding', address: 0, type: 'float32', wordOrder: 'big', line: 'extruder-1', characteristic: 'insulation_thickness' };
const valid = { kind: 'modbus', host: '127.0.0.1', registers: [reading] };

describe('the Modbus source file', () => {
  it('loads the sample file of the README as a modbus source, with its registers grouped into reads', async () => {
    const source = await sourceFromFile(join(REPO_ROOT, 'gateway/sources/modbus/sample.json'), deps);
    expect(source).toBeInstanceOf(ModbusSource);
    expect(source.kind).toBe('modbus');
    // input 0..4 in one read, holding 100..103 in one, holding 200..201 alone.
    expect((source as ModbusSource).plannedReads.map((r) => [r.table, r.start, r.count])).toEqual([
      ['holding', 100, 4],
      ['holding', 200, 2],
      ['input', 0, 5],
    ]);
  });

  it('takes a minimal file, every other setting defaulted', async () => {
    expect(await problemsOf(valid)).toEqual([]);
  });

  it('reports every field problem at once, each with its path', async () => {
    const problems = await problemsOf({
      kind: 'modbus',
      host: '',
      port: 70000,
      unitId: 256,
      pollIntervalMs: 5,
      registers: [
        { ...reading, table: 'coil' },
        { ...reading, address: -1, type: 'float16' },
        { ...reading, line: 'extruder 1', characteristic: 'colour' },
        { ...reading, byteOrder: 'middle', tagg: 'x' },
      ],
      extra: true,
    });
    const paths = problems.map((p) => p.path);
    for (const path of [
      'host',
      'port',
      'unitId',
      'pollIntervalMs',
      'registers[0].table',
      'registers[1].address',
      'registers[1].type',
      'registers[2].line',
      'registers[2].characteristic',
      'registers[3].byteOrder',
    ]) {
      expect(paths).toContain(path);
    }
    expect(problems.find((p) => p.path === 'port')?.message).toMatch(/a TCP port from 1 to 65535/);
    expect(problems.find((p) => p.path === 'registers[0].table')?.message).toMatch(/holding.*input/);
    expect(problems.find((p) => p.path === 'registers[1].type')?.message).toMatch(/float32/);
    expect(problems.some((p) => /extra/.test(`${p.path} ${p.message}`))).toBe(true);
    expect(problems.some((p) => /tagg/.test(`${p.path} ${p.message}`))).toBe(true);
  });

  it('needs at least one register', async () => {
    expect((await problemsOf({ ...valid, registers: [] })).map((p) => p.path)).toEqual(['registers']);
  });

  it('checks the rules between fields, each problem with its path', async () => {
    const problems = await problemsOf({
      ...valid,
      reconnect: { minMs: 5000, maxMs: 1000 },
      registers: [
        { table: 'holding', address: 0, type: 'float32', line: 'extruder-1', characteristic: 'insulation_thickness' },
        { table: 'holding', address: 2, type: 'uint16', wordOrder: 'big', line: 'extruder-1', characteristic: 'conductor_resistance' },
        { table: 'holding', address: 1, type: 'uint16', line: 'extruder-1', characteristic: 'eccentricity' },
        { table: 'input', address: 0, type: 'uint16', line: 'extruder-1', characteristic: 'insulation_thickness' },
        { table: 'input', address: 1, type: 'uint16', line: 'extruder-1' },
        { table: 'input', address: 2, type: 'uint16', line: 'extruder-1', characteristic: 'sheath_thickness', tag: 'speed' },
        { table: 'input', address: 3, type: 'uint16', line: 'extruder-1', tag: 'product', scale: 2 },
        { table: 'input', address: 4, type: 'float32', wordOrder: 'big', line: 'extruder-2', tag: 'product', codes: { '1': 'BV-1.5' } },
        { table: 'input', address: 6, type: 'uint16', line: 'extruder-1', tag: 'length', codes: { '1': 'BV-1.5' } },
        { table: 'input', address: 65535, type: 'uint32', wordOrder: 'big', line: 'extruder-3', tag: 'length' },
      ],
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath['reconnect.maxMs']).toMatch(/at least reconnect.minMs \(5000\), got 1000/);
    expect(byPath['registers[0].wordOrder']).toMatch(/float32 spans 2 registers: say which comes first/);
    expect(byPath['registers[1].wordOrder']).toMatch(/uint16 is one register and has no word order/);
    expect(byPath['registers[2].address']).toMatch(/holding registers 1\.\.1 overlap registers\[0\] \(0\.\.1\)/);
    expect(byPath['registers[3]']).toMatch(/extruder-1's insulation_thickness is already read by registers\[0\]/);
    expect(byPath['registers[4]']).toMatch(/name what the register holds/);
    expect(byPath['registers[5].tag']).toMatch(/either a characteristic or a tag/);
    expect(byPath['registers[6].codes']).toMatch(/needs "codes"/);
    expect(byPath['registers[6].scale']).toMatch(/looked up as read/);
    expect(byPath['registers[7].type']).toMatch(/whole number/);
    expect(byPath['registers[8].codes']).toMatch(/only|are for a register with tag "product"/);
    expect(byPath['registers[9].address']).toMatch(/would end at register 65536/);
    expect(problems).toHaveLength(12);
  });

  it('refuses product ids that are not ids, then product codes that are not whole numbers', async () => {
    const register = { table: 'holding', address: 0, type: 'uint16', line: 'extruder-1', tag: 'product' };
    expect(await problemsOf({ ...valid, registers: [{ ...register, codes: { '2': 'BV 2.5' } }] })).toEqual([
      { path: 'registers[0].codes[2]', message: "expected a product id of 1 to 64 letters, digits, '.', '_' or '-', got \"BV 2.5\"" },
    ]);
    expect(await problemsOf({ ...valid, registers: [{ ...register, codes: { one: 'BV-1.5', '015': 'BV-2.5', '-3': 'BV-4' } }] })).toEqual([
      { path: 'registers[0].codes["one"]', message: 'a product code is the register\'s value in decimal, such as "15"; got "one"' },
      { path: 'registers[0].codes["015"]', message: 'a product code is the register\'s value in decimal, such as "15"; got "015"' },
    ]);
  });
});
