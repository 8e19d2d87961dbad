import Type, { type Static } from 'typebox';
import type { ConfigProblem } from '../../../config/config-error.js';
import { CHARACTERISTIC_NAMES } from '../../../domain/characteristics.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT } from '../../../protocol/ids.js';
import { withDefaults } from '../../../domain/with-defaults.js';

const closed = { additionalProperties: false } as const;

const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
/** The policies node-opcua-client speaks (its SecurityPolicy enum names). */
export const SECURITY_POLICIES = ['None', 'Basic128Rsa15', 'Basic256', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const;
const AUTH_TYPES = ['anonymous', 'userName', 'certificate'] as const;
export const LINE_TAGS = ['product', 'length', 'speed', 'reel'] as const;

const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const ProductId = Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT });
const FilePath = Type.String({ minLength: 1, errorMessage: "a file path (relative paths start at the gateway's working directory)" });
const NodeIdText = Type.String({
  // ns=<index>;<i|s|g|b>=<id>, or nsu=<uri>;..., or a bare numeric/string form node-opcua resolves (i=85).
  pattern: '^(ns=\\d+;|nsu=[^;]+;)?[isgb]=.+$',
  errorMessage: "an OPC UA node id such as 'ns=2;s=Line1.Diameter' or 'i=2258'",
});
const Ms = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum });

const AuthSchema = Type.Object(
  {
    /** anonymous, userName (with passwordFile or passwordEnv) or certificate (an X.509 user token). */
    type: Type.Enum(AUTH_TYPES),
    userName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** A file holding the password (one trailing newline ignored). The password itself is never in the source file. */
    passwordFile: Type.Optional(FilePath),
    /** The name of an environment variable holding the password. */
    passwordEnv: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', errorMessage: 'an environment variable name' })),
    /** PEM files of the user certificate and its private key. */
    certificateFile: Type.Optional(FilePath),
    privateKeyFile: Type.Optional(FilePath),
  },
  closed,
);

/**
 * One monitored node: either a measurement (`characteristic`, with `scale`
 * and `offset`: value = raw * scale + offset) or a line-state `tag`
 * (`product`, with `codes` when the PLC reports a number; `length` in
 * metres; `speed` in m/min; `reel`, the id of the reel being wound, a
 * string or a whole number, '' or 0 for none). Exactly one of the two, checked in `check`.
 */
const ItemSchema = Type.Object(
  {
    nodeId: NodeIdText,
    line: Id,
    characteristic: Type.Optional(Type.Enum(CHARACTERISTIC_NAMES)),
    tag: Type.Optional(Type.Enum(LINE_TAGS)),
    scale: Type.Optional(Type.Number()),
    offset: Type.Optional(Type.Number()),
    /** For a numeric `product` tag: code -> product id. */
    codes: Type.Optional(Type.Record(Type.String({ pattern: '^-?\\d+$' }), ProductId)),
  },
  closed,
);

export const OpcuaSourceSchema = Type.Object(
  {
    kind: Type.Literal('opcua'),
    endpointUrl: Type.String({ pattern: '^opc\\.tcp://[^\\s/:]+(:\\d+)?(/\\S*)?$', errorMessage: "an endpoint URL 'opc.tcp://host:port[/path]'" }),
    securityMode: Type.Optional(Type.Enum(SECURITY_MODES)),
    securityPolicy: Type.Optional(Type.Enum(SECURITY_POLICIES)),
    auth: Type.Optional(AuthSchema),
    /** Folder of the client's own certificate and its trust lists (node-opcua's PKI layout); default node-opcua's per-user folder. */
    pkiDir: Type.Optional(FilePath),
    /** Trust a server certificate not yet in pkiDir/trusted (first contact, tests). Default false. */
    acceptUnknownServerCertificate: Type.Optional(Type.Boolean()),
    publishingIntervalMs: Type.Optional(Ms(10, 60_000)),
    samplingIntervalMs: Type.Optional(Ms(0, 60_000)),
    queueSize: Type.Optional(Ms(1, 10_000)),
    /** Back-off between reconnection attempts: from minMs, doubling to maxMs (the same shape in every source). */
    reconnect: Type.Optional(Type.Object({ minMs: Type.Optional(Ms(10, 60_000)), maxMs: Type.Optional(Ms(10, 600_000)) }, { additionalProperties: false })),
    items: Type.Array(ItemSchema, { minItems: 1, maxItems: 10_000 }),
  },
  closed,
);

export type OpcuaSourceConfig = Static<typeof OpcuaSourceSchema>;
export type OpcuaItem = OpcuaSourceConfig['items'][number];
export type OpcuaAuth = NonNullable<OpcuaSourceConfig['auth']>;

/** The settings an OPC UA source file may leave out (reconnect.* as reconnectMinMs/MaxMs). */
export interface OpcuaOptions {
  readonly securityMode: (typeof SECURITY_MODES)[number];
  readonly securityPolicy: (typeof SECURITY_POLICIES)[number];
  readonly publishingIntervalMs: number;
  readonly samplingIntervalMs: number;
  readonly queueSize: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
}

/** Every setting with its default; units in the names. */
export const DEFAULT_OPCUA_OPTIONS: OpcuaOptions = Object.freeze({
  securityMode: 'None',
  securityPolicy: 'None',
  publishingIntervalMs: 500,
  // 0 asks the server for its fastest rate; a gauge's 100 ms stream is the usual case.
  samplingIntervalMs: 100,
  // Values queued per node between publishes: publishing/sampling with room to spare, so none is dropped.
  queueSize: 20,
  reconnectMinMs: 200,
  reconnectMaxMs: 10_000,
});

/** Cross-field rules the schema cannot say, each with its path. */
export function checkOpcuaSource(config: OpcuaSourceConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const mode = config.securityMode ?? 'None';
  const policy = config.securityPolicy ?? 'None';
  if (mode === 'None' && policy !== 'None') problems.push({ path: 'securityPolicy', message: `securityMode None takes securityPolicy None, got ${policy}` });
  if (mode !== 'None' && policy === 'None') problems.push({ path: 'securityPolicy', message: `securityMode ${mode} needs a securityPolicy other than None (e.g. Basic256Sha256)` });
  const { reconnectMinMs: min, reconnectMaxMs: max } = opcuaOptionsOf(config);
  if (min > max) problems.push({ path: 'reconnect.maxMs', message: `must be at least reconnect.minMs (${min}), got ${max}` });
  if (config.auth) problems.push(...authProblems(config.auth));
  const seen = new Map<string, number>();
  config.items.forEach((item, i) => {
    const at = `items[${i}]`;
    const first = seen.get(item.nodeId);
    if (first !== undefined) problems.push({ path: `${at}.nodeId`, message: `node ${item.nodeId} is already mapped by items[${first}]` });
    else seen.set(item.nodeId, i);
    if ((item.characteristic === undefined) === (item.tag === undefined)) {
      problems.push({ path: at, message: 'expected exactly one of characteristic (a measurement) or tag (product, length, speed or reel)' });
    }
    if (item.codes !== undefined && item.tag !== 'product') problems.push({ path: `${at}.codes`, message: 'codes apply to a product tag only' });
    if ((item.tag === 'product' || item.tag === 'reel') && (item.scale !== undefined || item.offset !== undefined)) {
      problems.push({ path: `${at}.${item.scale !== undefined ? 'scale' : 'offset'}`, message: `a ${item.tag} tag takes no scale or offset` });
    }
  });
  return problems;
}

function authProblems(auth: OpcuaAuth): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const allowed: Record<OpcuaAuth['type'], readonly string[]> = {
    anonymous: [],
    userName: ['userName', 'passwordFile', 'passwordEnv'],
    certificate: ['certificateFile', 'privateKeyFile'],
  };
  for (const key of Object.keys(auth)) {
    if (key !== 'type' && !allowed[auth.type].includes(key)) problems.push({ path: `auth.${key}`, message: `does not apply to auth type ${auth.type}` });
  }
  if (auth.type === 'userName') {
    if (auth.userName === undefined) problems.push({ path: 'auth.userName', message: 'required for auth type userName' });
    if ((auth.passwordFile === undefined) === (auth.passwordEnv === undefined)) {
      problems.push({ path: 'auth', message: 'auth type userName takes exactly one of passwordFile or passwordEnv (a password is never written in the source file)' });
    }
  }
  if (auth.type === 'certificate') {
    if (auth.certificateFile === undefined) problems.push({ path: 'auth.certificateFile', message: 'required for auth type certificate' });
    if (auth.privateKeyFile === undefined) problems.push({ path: 'auth.privateKeyFile', message: 'required for auth type certificate' });
  }
  return problems;
}

/** A source file's settings (or an endpoint's part of them) with the defaults filled in. */
export function opcuaOptionsOf(config: Partial<Pick<OpcuaSourceConfig, 'securityMode' | 'securityPolicy' | 'publishingIntervalMs' | 'samplingIntervalMs' | 'queueSize' | 'reconnect'>>): OpcuaOptions {
  const { securityMode, securityPolicy, publishingIntervalMs, samplingIntervalMs, queueSize, reconnect } = config;
  return withDefaults(DEFAULT_OPCUA_OPTIONS, { securityMode, securityPolicy, publishingIntervalMs, samplingIntervalMs, queueSize, reconnectMinMs: reconnect?.minMs, reconnectMaxMs: reconnect?.maxMs });
}
