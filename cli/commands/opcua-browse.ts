import { Compile } from 'typebox/compile';
import { ConfigError, type ConfigProblem } from '../../config/config-error.js';
import { documentProblems, loadJsonDocument } from '../../config/json-document.js';
import { opcua } from '../../gateway/index.js';
import { CliError } from '../cli-error.js';
import { integerOption, parseCommandLine } from '../options.js';
import type { Command } from './command.js';

const NAME = 'opcua-browse';
const d = opcua.DEFAULT_BROWSE_OPTIONS;

const USAGE = `usage: linewatch opcua-browse (--endpoint URL | --source FILE) [options]

Lists the Variable nodes of an OPC UA server under a root: node id, browse
path, data type, current value, and what the names suggest it is (diameter,
wall thickness, eccentricity, line speed, length, product; EUROMAP 84 /
OPC 40084 names are marked). A starting point for a source file's items,
to be checked by a person: names are hints, not meanings
(gateway/sources/opcua/README.md).

  --endpoint URL          opc.tcp://host:port[/path]
  --source FILE           take the endpoint, security and user from an OPC UA source file
                          (the options below override it)
  --root NODEID           where to start (default ${d.root}, the Objects folder)
  --depth N               levels below the root to walk, 1 to 20 (default ${d.depth})
  --max-nodes N           stop after this many nodes (default ${d.maxNodes})
  --json                  print { endpoint, root, truncated, variables: [...] }
  --items LINE            print only starter source-file items for the suggested nodes, on LINE
  --security-mode MODE    None, Sign or SignAndEncrypt (default None)
  --security-policy NAME  e.g. Basic256Sha256 (default None)
  --user NAME             user name; the password from --password-file or --password-env
  --password-file FILE    a file holding the password
  --password-env VAR      an environment variable holding the password
  --cert FILE --key FILE  an X.509 user certificate and its private key (PEM)
  --pki-dir DIR           the client's certificate store (default node-opcua's per-user folder)
  --accept-unknown-server-certificate
                          trust a server certificate not yet in the store

Exit codes: 0 listed, 1 the server could not be browsed, 2 bad usage.`;

const OPTIONS = {
  endpoint: { type: 'string' },
  source: { type: 'string' },
  root: { type: 'string' },
  depth: { type: 'string' },
  'max-nodes': { type: 'string' },
  json: { type: 'boolean' },
  items: { type: 'string' },
  'security-mode': { type: 'string' },
  'security-policy': { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  'password-env': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'pki-dir': { type: 'string' },
  'accept-unknown-server-certificate': { type: 'boolean' },
} as const;

type Values = { [name in keyof typeof OPTIONS]?: (typeof OPTIONS)[name]['type'] extends 'boolean' ? boolean : string };

export const opcuaBrowseCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine(NAME, argv, OPTIONS, false);
    const v = values as Values;
    const endpoint = await endpointFrom(v);
    const depth = integerOption(NAME, 'depth', v.depth, 1, 20);
    const maxNodes = integerOption(NAME, 'max-nodes', v['max-nodes'], 1, 1_000_000);
    if (v.items !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(v.items)) usage(`--items takes a line id, got '${v.items}'`);
    const identity = configured(() => opcua.resolveIdentity(endpoint.auth, v.source ?? 'the command line'));
    let result: opcua.BrowseResultSummary;
    try {
      result = await opcua.browseEndpoint(endpoint, identity, { ...(v.root ? { root: v.root } : {}), ...(depth ? { depth } : {}), ...(maxNodes ? { maxNodes } : {}) });
    } catch (err) {
      const reason = String((err as Error).message ?? err).split('\n')[0];
      throw new CliError('LW_RUNTIME', `${NAME}: cannot browse ${endpoint.endpointUrl}: ${reason}`, 1);
    }
    const root = v.root ?? d.root;
    if (v.items !== undefined) process.stdout.write(`${JSON.stringify(opcua.starterItems(result.variables, v.items), null, 2)}\n`);
    else if (v.json) process.stdout.write(`${JSON.stringify({ endpoint: endpoint.endpointUrl, root, truncated: result.truncated, variables: result.variables }, null, 2)}\n`);
    else process.stdout.write(`${table(endpoint.endpointUrl, root, result)}\n`);
    return 0;
  },
};

/** The endpoint from --source (checked as the gateway checks it) with the flags laid over it, then checked as a whole. */
async function endpointFrom(v: Values): Promise<opcua.OpcuaEndpoint> {
  const base =
    v.source !== undefined ? await configuredAsync(() => loadJsonDocument<opcua.OpcuaSourceConfig>(v.source as string, 'the source file', opcua.OpcuaSourceSchema, opcua.checkOpcuaSource)) : undefined;
  const endpointUrl = v.endpoint ?? base?.endpointUrl;
  if (endpointUrl === undefined) usage('give --endpoint URL or --source FILE');
  const auth = authFrom(v) ?? base?.auth;
  const candidate = {
    kind: 'opcua',
    endpointUrl,
    ...pick('securityMode', v['security-mode'] ?? base?.securityMode),
    ...pick('securityPolicy', v['security-policy'] ?? base?.securityPolicy),
    ...pick('auth', auth),
    ...pick('pkiDir', v['pki-dir'] ?? base?.pkiDir),
    ...pick('acceptUnknownServerCertificate', v['accept-unknown-server-certificate'] ?? base?.acceptUnknownServerCertificate),
    items: [{ nodeId: 'i=85', line: 'browse', characteristic: 'conductor_diameter' }],
  };
  const schemaProblems = documentProblems(opcua.OpcuaSourceSchema, Compile(opcua.OpcuaSourceSchema), candidate);
  const problems = schemaProblems.length > 0 ? schemaProblems : opcua.checkOpcuaSource(candidate as opcua.OpcuaSourceConfig);
  if (problems.length > 0) usage(problems.map(asFlag).join('; '));
  return candidate as opcua.OpcuaEndpoint;
}

function authFrom(v: Values): opcua.OpcuaSourceConfig['auth'] | undefined {
  if (v.cert !== undefined || v.key !== undefined) {
    if (v.user !== undefined) usage('--user and --cert are two kinds of user token: give one');
    return { type: 'certificate', ...pick('certificateFile', v.cert), ...pick('privateKeyFile', v.key) };
  }
  if (v.user !== undefined || v['password-file'] !== undefined || v['password-env'] !== undefined) {
    return { type: 'userName', ...pick('userName', v.user), ...pick('passwordFile', v['password-file']), ...pick('passwordEnv', v['password-env']) };
  }
  return undefined;
}

const FLAG_OF: Readonly<Record<string, string>> = {
  endpointUrl: '--endpoint',
  securityMode: '--security-mode',
  securityPolicy: '--security-policy',
  pkiDir: '--pki-dir',
  'auth.userName': '--user',
  'auth.passwordFile': '--password-file',
  'auth.passwordEnv': '--password-env',
  'auth.certificateFile': '--cert',
  'auth.privateKeyFile': '--key',
  auth: '--user',
};

function asFlag(p: ConfigProblem): string {
  return `${FLAG_OF[p.path] ?? p.path}: ${p.message}`;
}

function pick<K extends string, T>(key: K, value: T | undefined): { [k in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: T };
}

function configured<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('LW_CONFIG', `${NAME}: ${err.message}`);
    throw err;
  }
}

async function configuredAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('LW_CONFIG', `${NAME}: ${err.message}`);
    throw err;
  }
}

function usage(message: string): never {
  throw new CliError('LW_USAGE', `${NAME}: ${message}`);
}

function table(endpointUrl: string, root: string, result: opcua.BrowseResultSummary): string {
  const rows = result.variables.map((x) => [x.nodeId, x.path, x.dataType, valueText(x.value, x.status), hintText(x.hint)]);
  const header = ['node id', 'browse path', 'type', 'value', 'looks like'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 3)}...` : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const hinted = result.variables.filter((x) => x.hint).length;
  return [
    `${endpointUrl} from ${root}: ${result.variables.length} variables, ${hinted} suggested${result.truncated ? ' (stopped at --max-nodes; narrow --root or raise it)' : ''}`,
    '',
    line(header),
    ...rows.map(line),
  ].join('\n');
}

function valueText(value: unknown, status: string): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null');
  return status === 'Good' ? text : `${text} (${status})`;
}

function hintText(hint: opcua.CandidateHint | undefined): string {
  if (hint === undefined) return '';
  const target = hint.suggest === undefined ? '' : 'characteristic' in hint.suggest ? ` -> ${hint.suggest.characteristic}` : ` -> tag ${hint.suggest.tag}`;
  return `${hint.kind}${target}${hint.opc40084 ? ' (OPC 40084)' : ''}`;
}
