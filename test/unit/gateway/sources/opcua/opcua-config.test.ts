import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Compile } from 'typebox/compile';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../config/config-error.js';
import { documentProblems } from '../../../../../config/json-document.js';
import { sourceFromFile } from '../../../../../gateway/sources/source-file.js';
import { checkOpcuaSource, OpcuaSourceSchema, type OpcuaSourceConfig } from '../../../../../gateway/sources/opcua/opcua-config.js';
import { resolveIdentity } from '../../../../../gateway/sources/opcua/opcua-connect.js';
import { createLogger } from '../../../../../ops/logger.js';

const validator = Compile(OpcuaSourceSchema);
const dir = mkdtempSync(join(tmpdir(), 'linewatch-opcua-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minimal = { kind: 'opcua', endpointUrl: 'opc.tcp://127.0.0.1:4840', items: [{ nodeId: 'ns=2;s=D', line: 'extruder-1', characteristic: 'conductor_diameter' }] };

function problems(json: unknown) {
  const schema = documentProblems(OpcuaSourceSchema, validator, json);
  return schema.length > 0 ? schema : checkOpcuaSource(json as OpcuaSourceConfig);
}

describe('the OPC UA source file', () => {
  it('loads the sample shipped with the source (so it can never rot)', async () => {
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 'secret\n');
    // The sample names plant paths; point its password file at one that exists here, all else as shipped.
    const sample = JSON.parse((await import('node:fs')).readFileSync(new URL('../../../../../gateway/sources/opcua/sample.json', import.meta.url), 'utf8'));
    sample.auth.passwordFile = passwordFile;
    sample.pkiDir = join(dir, 'pki');
    const file = join(dir, 'sample.json');
    writeFileSync(file, JSON.stringify(sample));
    const source = await sourceFromFile(file, { log: createLogger('test', 'silent') });
    expect(source.kind).toBe('opcua');
    expect(problems(sample)).toEqual([]);
    expect(sample.items).toHaveLength(6);
  });

  it('takes a minimal file: an endpoint and one item', () => {
    expect(problems(minimal)).toEqual([]);
  });

  it('reports every schema problem with its path', () => {
    const bad = {
      kind: 'opcua',
      endpointUrl: 'http://plc:4840',
      securityMode: 'Encrypt',
      publishingIntervalMs: 0,
      items: [
        { nodeId: 'Line1.Diameter', line: 'extruder-1', characteristic: 'conductor_diameter' },
        { nodeId: 'ns=2;s=T', line: 'extruder 1', characteristic: 'thickness' },
      ],
      password: 'x',
    };
    const found = problems(bad);
    const paths = found.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['endpointUrl', 'securityMode', 'publishingIntervalMs', 'items[0].nodeId', 'items[1].line', 'items[1].characteristic']));
    expect(found.find((p) => p.path === 'endpointUrl')?.message).toMatch(/opc\.tcp:\/\/host:port/);
    expect(found.find((p) => p.path === 'items[0].nodeId')?.message).toMatch(/ns=2;s=Line1\.Diameter/);
    expect(found.some((p) => /password/.test(p.path) || /password/.test(p.message))).toBe(true);
  });

  it('refuses a plaintext password in the auth section', () => {
    const found = problems({ ...minimal, auth: { type: 'userName', userName: 'lw', password: 'hunter2' } });
    expect(found.some((p) => p.path === 'auth' || p.path === 'auth.password')).toBe(true);
    expect(JSON.stringify(found)).not.toContain('hunter2');
  });

  it('checks the cross-field rules, each with its path', () => {
    const found = checkOpcuaSource({
      kind: 'opcua',
      endpointUrl: 'opc.tcp://plc:4840',
      securityMode: 'Sign',
      reconnect: { minMs: 5000, maxMs: 1000 },
      auth: { type: 'userName', userName: 'lw', passwordFile: '/a', passwordEnv: 'B', certificateFile: '/c' },
      items: [
        { nodeId: 'ns=2;s=A', line: 'l', characteristic: 'conductor_diameter' },
        { nodeId: 'ns=2;s=A', line: 'l', tag: 'length' },
        { nodeId: 'ns=2;s=B', line: 'l' },
        { nodeId: 'ns=2;s=C', line: 'l', characteristic: 'eccentricity', tag: 'speed' },
        { nodeId: 'ns=2;s=D', line: 'l', tag: 'speed', codes: { '1': 'BV-1.5' } },
        { nodeId: 'ns=2;s=E', line: 'l', tag: 'product', scale: 2 },
      ],
    });
    expect(found).toEqual([
      { path: 'securityPolicy', message: expect.stringMatching(/Sign needs a securityPolicy/) },
      { path: 'reconnect.maxMs', message: expect.stringMatching(/at least reconnect.minMs \(5000\)/) },
      { path: 'auth.certificateFile', message: 'does not apply to auth type userName' },
      { path: 'auth', message: expect.stringMatching(/exactly one of passwordFile or passwordEnv/) },
      { path: 'items[1].nodeId', message: 'node ns=2;s=A is already mapped by items[0]' },
      { path: 'items[2]', message: expect.stringMatching(/exactly one of characteristic .* or tag/) },
      { path: 'items[3]', message: expect.stringMatching(/exactly one of characteristic .* or tag/) },
      { path: 'items[4].codes', message: 'codes apply to a product tag only' },
      { path: 'items[5].scale', message: 'a product tag takes no scale or offset' },
    ]);
  });

  it('asks for a policy with None only, and for both certificate files', () => {
    expect(checkOpcuaSource({ ...minimal, securityPolicy: 'Basic256Sha256' } as OpcuaSourceConfig)).toEqual([
      { path: 'securityPolicy', message: 'securityMode None takes securityPolicy None, got Basic256Sha256' },
    ]);
    expect(checkOpcuaSource({ ...minimal, auth: { type: 'certificate' } } as OpcuaSourceConfig).map((p) => p.path)).toEqual(['auth.certificateFile', 'auth.privateKeyFile']);
  });
});

describe('the credentials an auth section names', () => {
  it('reads a password from its file (one trailing newline dropped) or from the environment', () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 's3cret\n');
    expect(resolveIdentity({ type: 'userName', userName: 'lw', passwordFile: file }, 'src.json')).toEqual({ type: 'userName', userName: 'lw', password: 's3cret' });
    expect(resolveIdentity({ type: 'userName', userName: 'lw', passwordEnv: 'LW_OPC_PW' }, 'src.json', { LW_OPC_PW: 'envpw' })).toEqual({ type: 'userName', userName: 'lw', password: 'envpw' });
    expect(resolveIdentity(undefined, 'src.json')).toEqual({ type: 'anonymous' });
  });

  it('names the field and the reason when a credential cannot be read', () => {
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail(() => resolveIdentity({ type: 'userName', userName: 'lw', passwordFile: join(dir, 'missing') }, 'src.json'))).toEqual([
      { path: 'auth.passwordFile', message: expect.stringMatching(/cannot read .*missing: no such file or directory/) },
    ]);
    expect(fail(() => resolveIdentity({ type: 'userName', userName: 'lw', passwordEnv: 'NOPE' }, 'src.json', {}))).toEqual([
      { path: 'auth.passwordEnv', message: 'environment variable NOPE is not set' },
    ]);
    const notPem = join(dir, 'cert.pem');
    writeFileSync(notPem, 'hello');
    expect(fail(() => resolveIdentity({ type: 'certificate', certificateFile: notPem, privateKeyFile: notPem }, 'src.json'))).toEqual([
      { path: 'auth.certificateFile', message: 'not a PEM certificate' },
    ]);
  });
});
