import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentProblems } from '../../config/json-document.js';
import { checkOpcuaSource, OpcuaSourceSchema, type OpcuaSourceConfig } from '../../gateway/sources/opcua/opcua-config.js';
import { CliError } from '../../cli/cli-error.js';
import { opcuaBrowseCommand } from '../../cli/commands/opcua-browse.js';
import { REPO_ROOT, type CliResult } from '../support/cli.js';
import { OpcuaTestServer } from '../support/opcua-test-server.js';

/**
 * The CLI as its own process, awaited without blocking: the OPC UA server it
 * browses runs in this process (spawnSync would stall it).
 */
function linewatch(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/linewatch.js', ...args], { cwd: REPO_ROOT, env: { ...process.env, LINEWATCH_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const LINE = 'ExtrusionLine';
const GAUGE = `${LINE}/AdditionalMeasuringDevices/MeasuringDevice_1`;
// An extrusion line laid out as OPC 40084 lays one out, in an OPC 40084 namespace.
const server = new OpcuaTestServer({
  namespaceUri: 'http://opcfoundation.org/UA/PlasticsRubber/Extrusion_v2/ExtrusionLine/',
  variables: [
    { name: 'LineSpeed', folder: LINE, dataType: 'Double', initial: 120 },
    { name: 'ProductId', folder: LINE, dataType: 'String', initial: 'BV-1.5' },
    { name: 'Status', folder: LINE, dataType: 'UInt32', initial: 5 },
    { name: 'Diameter.ActualValue', browseName: 'ActualValue', folder: `${GAUGE}/Diameter`, dataType: 'Double', initial: 2.9 },
    { name: 'Diameter.SetValue', browseName: 'SetValue', folder: `${GAUGE}/Diameter`, dataType: 'Double', initial: 2.9 },
    { name: 'Diameter.UpperTolerance', browseName: 'UpperTolerance', folder: `${GAUGE}/Diameter`, dataType: 'Double', initial: 3.0 },
    { name: 'WallThickness.ActualValue', browseName: 'ActualValue', folder: `${GAUGE}/WallThickness`, dataType: 'Double', initial: 0.7 },
    { name: 'Length', folder: `${LINE}/Cutter`, dataType: 'Double', initial: 1520.5 },
  ],
});
const work = mkdtempSync(join(tmpdir(), 'linewatch-opcua-browse-'));
const pki = join(work, 'pki');

beforeAll(async () => {
  await server.start();
}, 60_000);

afterAll(async () => {
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

interface Listed {
  nodeId: string;
  path: string;
  dataType: string;
  value: unknown;
  status: string;
  hint?: { kind: string; suggest?: Record<string, string>; opc40084: boolean };
}

describe('linewatch opcua-browse', () => {
  let variables: Listed[] = [];
  const ns = () => server.namespacePrefix;

  it('lists the variables under Objects with path, type and value, and marks the EUROMAP 84 diameter and wall thickness', async () => {
    const { code, stdout, stderr } = await linewatch('opcua-browse', '--endpoint', server.endpointUrl, '--pki-dir', pki, '--json');
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { endpoint: string; root: string; truncated: boolean; variables: Listed[] };
    expect(out).toMatchObject({ endpoint: server.endpointUrl, root: 'i=85', truncated: false });
    variables = out.variables;
    const at = (path: string) => variables.find((v) => v.path === path);
    expect(at(`${GAUGE}/Diameter/ActualValue`)).toEqual({
      nodeId: `${ns()}s=Diameter.ActualValue`,
      path: `${GAUGE}/Diameter/ActualValue`,
      dataType: 'Double',
      value: 2.9,
      status: 'Good',
      hint: { kind: 'diameter', suggest: { characteristic: 'conductor_diameter' }, opc40084: true },
    });
    expect(at(`${GAUGE}/WallThickness/ActualValue`)?.hint).toEqual({ kind: 'wall-thickness', suggest: { characteristic: 'insulation_thickness' }, opc40084: true });
    expect(at(`${LINE}/LineSpeed`)?.hint).toMatchObject({ kind: 'line-speed', suggest: { tag: 'speed' } });
    expect(at(`${LINE}/ProductId`)).toMatchObject({ dataType: 'String', value: 'BV-1.5', hint: { kind: 'product' } });
    expect(at(`${LINE}/Cutter/Length`)?.hint).toMatchObject({ kind: 'length' });
    // Listed, but no suggestion: a set point, a tolerance, a status.
    for (const path of [`${GAUGE}/Diameter/SetValue`, `${GAUGE}/Diameter/UpperTolerance`, `${LINE}/Status`]) {
      expect(at(path)).toBeDefined();
      expect(at(path)?.hint).toBeUndefined();
    }
    // The server's own diagnostics object is left out.
    expect(variables.some((v) => v.path.startsWith('Server/'))).toBe(false);
  }, 60_000);

  it('prints a table for a person, starting where --root says', async () => {
    const { code, stdout } = await linewatch('opcua-browse', '--endpoint', server.endpointUrl, '--pki-dir', pki, '--root', `${ns()}s=${GAUGE}`, '--depth', '2');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${server.endpointUrl} from ${ns()}s=${GAUGE}: 4 variables, 2 suggested`);
    expect(lines[2]).toMatch(/^node id\s+browse path\s+type\s+value\s+looks like$/);
    expect(stdout).toMatch(/Diameter\/ActualValue\s+Double\s+2\.9\s+diameter -> conductor_diameter \(OPC 40084\)/);
    expect(stdout).toMatch(/WallThickness\/ActualValue\s+Double\s+0\.7\s+wall-thickness -> insulation_thickness \(OPC 40084\)/);
  }, 60_000);

  it('emits starter items that make a valid source file, and reuses a source file for the connection, as deep as --depth says', async () => {
    const { code, stdout } = await linewatch('opcua-browse', '--endpoint', server.endpointUrl, '--pki-dir', pki, '--items', 'extruder-1');
    expect(code).toBe(0);
    const items = JSON.parse(stdout) as OpcuaSourceConfig['items'];
    expect(items).toEqual(
      expect.arrayContaining([
        { nodeId: `${ns()}s=Diameter.ActualValue`, line: 'extruder-1', characteristic: 'conductor_diameter' },
        { nodeId: `${ns()}s=WallThickness.ActualValue`, line: 'extruder-1', characteristic: 'insulation_thickness' },
        { nodeId: `${ns()}s=LineSpeed`, line: 'extruder-1', tag: 'speed' },
        { nodeId: `${ns()}s=ProductId`, line: 'extruder-1', tag: 'product' },
        { nodeId: `${ns()}s=Length`, line: 'extruder-1', tag: 'length' },
      ]),
    );
    expect(items).toHaveLength(5);
    const source = { kind: 'opcua', endpointUrl: server.endpointUrl, pkiDir: pki, items };
    expect(documentProblems(OpcuaSourceSchema, Compile(OpcuaSourceSchema), source)).toEqual([]);
    expect(checkOpcuaSource(source as OpcuaSourceConfig)).toEqual([]);
    const file = join(work, 'source.json');
    writeFileSync(file, JSON.stringify(source));
    const reused = await linewatch('opcua-browse', '--source', file, '--root', `${ns()}s=${LINE}`, '--depth', '1', '--json');
    expect(reused.code).toBe(0);
    // One level below the line: its own variables, none of its gauge's (paths start below the root).
    expect((JSON.parse(reused.stdout).variables as Listed[]).map((v) => v.path).sort()).toEqual(['LineSpeed', 'ProductId', 'Status']);
  }, 60_000);

  it('answers bad usage with one line naming the option, exit 2, before connecting', async () => {
    const none = await linewatch('opcua-browse');
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr.trim()).toBe('linewatch opcua-browse: give --endpoint URL or --source FILE');
    const usage = async (...args: string[]) => {
      const run = opcuaBrowseCommand.run(args);
      await expect(run).rejects.toBeInstanceOf(CliError);
      return run.catch((err: CliError) => err.message);
    };
    expect(await usage('--endpoint', server.endpointUrl, '--depth', '0')).toBe("opcua-browse: --depth must be a whole number from 1 to 20, got '0'");
    expect(await usage('--endpoint', 'http://plc:4840')).toMatch(/^opcua-browse: --endpoint: expected an endpoint URL 'opc\.tcp:\/\/host:port\[\/path\]'/);
    expect(await usage('--endpoint', server.endpointUrl, '--security-mode', 'Sign')).toMatch(/^opcua-browse: --security-policy: securityMode Sign needs a securityPolicy/);
    expect(await usage('--endpoint', server.endpointUrl, '--user', 'lw')).toMatch(/exactly one of passwordFile or passwordEnv/);
    expect(await usage('--endpoint', server.endpointUrl, '--user', 'lw', '--password-file', join(work, 'none'))).toMatch(
      /^opcua-browse: .*auth\.passwordFile: cannot read .*none: no such file or directory/,
    );
  }, 60_000);

  it('answers a server it cannot reach with one line, exit 1', async () => {
    const down = await linewatch('opcua-browse', '--endpoint', 'opc.tcp://127.0.0.1:1', '--pki-dir', pki);
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    // One line of ours (node-opcua's own advisories may come before or after it, on stderr too).
    const ours = down.stderr.split('\n').filter((l) => l.startsWith('linewatch '));
    expect(ours).toEqual([expect.stringMatching(/^linewatch opcua-browse: cannot browse opc\.tcp:\/\/127\.0\.0\.1:1: \S/)]);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
