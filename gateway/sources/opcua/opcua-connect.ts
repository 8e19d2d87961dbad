import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import type { ClientSession, OPCUAClient, OPCUAClientOptions, UserIdentityInfo } from 'node-opcua-client';
import { ConfigError } from '../../../config/config-error.js';
import { fileErrorReason } from '../../../ops/file-error.js';
import { opcuaOptionsOf, type OpcuaAuth, type OpcuaSourceConfig } from './opcua-config.js';

/** node-opcua-client, loaded on first use: it is slow to load and prints to the console at import. */
export type OpcuaModule = typeof import('node-opcua-client');

let loaded: Promise<OpcuaModule> | null = null;

export function loadOpcua(): Promise<OpcuaModule> {
  loaded ??= import('node-opcua-client').then((ua) => {
    // node-opcua writes its warnings ("Creating default certificate", an RSA advisory) to stdout,
    // where `linewatch opcua-browse --json` prints its answer: they go to stderr instead.
    // Its first argument may be where in node-opcua it was said ({ filename, callerline }): dropped.
    const toStderr = (...args: unknown[]) => process.stderr.write(`node-opcua: ${format(...(typeof args[0] === 'object' && args[0] !== null ? args.slice(1) : args)).trim()}\n`);
    ua.setWarningLogger(toStderr);
    ua.setErrorLogger(toStderr);
    return ua;
  });
  return loaded;
}

/** How to reach a server: what the source and `linewatch opcua-browse` share. */
export type OpcuaEndpoint = Pick<OpcuaSourceConfig, 'endpointUrl' | 'securityMode' | 'securityPolicy' | 'auth' | 'pkiDir' | 'acceptUnknownServerCertificate'>;

/** The user token, its secret read now (from a file or the environment) so that a missing one fails at start, naming where. */
export type ResolvedIdentity =
  | { readonly type: 'anonymous' }
  | { readonly type: 'userName'; readonly userName: string; readonly password: string }
  | { readonly type: 'certificate'; readonly certificateDer: Buffer; readonly privateKeyPem: string };

/** Reads the credentials the auth names; throws a ConfigError with the field's path when one cannot be read. `file` names the source file. */
export function resolveIdentity(auth: OpcuaAuth | undefined, file: string, env: NodeJS.ProcessEnv = process.env): ResolvedIdentity {
  if (auth === undefined || auth.type === 'anonymous') return { type: 'anonymous' };
  if (auth.type === 'userName') {
    const userName = auth.userName ?? '';
    if (auth.passwordEnv !== undefined) {
      const password = env[auth.passwordEnv];
      if (password === undefined || password === '') throw new ConfigError('LW_CONFIG_INVALID', file, [{ path: 'auth.passwordEnv', message: `environment variable ${auth.passwordEnv} is not set` }]);
      return { type: 'userName', userName, password };
    }
    const password = readText(auth.passwordFile ?? '', 'auth.passwordFile', file).replace(/\r?\n$/, '');
    return { type: 'userName', userName, password };
  }
  const certificateDer = pemToDer(readText(auth.certificateFile ?? '', 'auth.certificateFile', file), 'auth.certificateFile', file);
  const privateKeyPem = readText(auth.privateKeyFile ?? '', 'auth.privateKeyFile', file);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKeyPem)) throw new ConfigError('LW_CONFIG_INVALID', file, [{ path: 'auth.privateKeyFile', message: 'not a PEM private key' }]);
  return { type: 'certificate', certificateDer, privateKeyPem };
}

function readText(path: string, field: string, file: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('LW_CONFIG_INVALID', file, [{ path: field, message: `cannot read ${path}: ${fileErrorReason(err)}` }]);
  }
}

function pemToDer(pem: string, field: string, file: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (body === null) throw new ConfigError('LW_CONFIG_INVALID', file, [{ path: field, message: 'not a PEM certificate' }]);
  return Buffer.from(body[1].replace(/\s+/g, ''), 'base64');
}

function userIdentity(ua: OpcuaModule, identity: ResolvedIdentity): UserIdentityInfo {
  switch (identity.type) {
    case 'anonymous':
      return { type: ua.UserTokenType.Anonymous };
    case 'userName':
      return { type: ua.UserTokenType.UserName, userName: identity.userName, password: identity.password };
    case 'certificate':
      return { type: ua.UserTokenType.Certificate, certificateData: identity.certificateDer, privateKey: identity.privateKeyPem };
  }
}

/** One PKI store per folder for the life of the process: node-opcua counts references to it. */
const certificateManagers = new Map<string, Promise<unknown>>();

async function certificateManager(pkiDir: string, acceptUnknown: boolean): Promise<OPCUAClientOptions['clientCertificateManager']> {
  const key = `${pkiDir}\u0000${acceptUnknown}`;
  let made = certificateManagers.get(key);
  if (made === undefined) {
    made = (async () => {
      // A dependency of node-opcua-client at the same version; loaded with it, only when a pkiDir is set.
      const { OPCUACertificateManager } = await import('node-opcua-certificate-manager');
      const cm = new OPCUACertificateManager({ rootFolder: pkiDir, automaticallyAcceptUnknownCertificate: acceptUnknown });
      await cm.initialize();
      return cm;
    })();
    certificateManagers.set(key, made);
  }
  return (await made) as OPCUAClientOptions['clientCertificateManager'];
}

/**
 * A connected client with an activated session. node-opcua's own
 * reconnection is off (`maxRetry: 0`): the caller owns the back-off and
 * builds a new client, session and subscription each time, which is the one
 * path that also survives a server restart (a new server knows neither the
 * old session nor its subscriptions).
 */
export async function openSession(ua: OpcuaModule, endpoint: OpcuaEndpoint, identity: ResolvedIdentity): Promise<{ client: OPCUAClient; session: ClientSession }> {
  const { securityMode: mode, securityPolicy: policy } = opcuaOptionsOf(endpoint);
  const client = ua.OPCUAClient.create({
    applicationName: 'linewatch-gateway',
    endpointMustExist: false,
    securityMode: ua.MessageSecurityMode[mode],
    securityPolicy: ua.SecurityPolicy[policy],
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 1000 },
    requestedSessionTimeout: 60_000,
    ...(endpoint.pkiDir !== undefined ? { clientCertificateManager: await certificateManager(endpoint.pkiDir, endpoint.acceptUnknownServerCertificate ?? false) } : {}),
  });
  try {
    await client.connect(endpoint.endpointUrl);
    const session = await client.createSession(userIdentity(ua, identity));
    return { client, session };
  } catch (err) {
    await client.disconnect().catch(() => {});
    throw err;
  }
}

/** Closes a client whatever state it is in, within `timeoutMs` (a dead server never answers CloseSession). */
export async function closeQuietly(client: OPCUAClient, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.disconnect().catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
}
