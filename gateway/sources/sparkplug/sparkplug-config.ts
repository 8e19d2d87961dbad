/**
 * The source file of a Sparkplug B source (`"kind": "sparkplug"`): the broker
 * to read, the groups to subscribe to, and which metrics are which
 * characteristic (or line-state tag) of which line. Closed objects; rules
 * the schema cannot say are in `checkSparkplugConfig`, each with its path.
 */
import Type from 'typebox';
import type { ConfigProblem } from '../../../config/config-error.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT } from '../../../protocol/ids.js';
import { CHARACTERISTIC_NAMES } from '../../../domain/characteristics.js';

const closed = { additionalProperties: false } as const;

const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
/** One Sparkplug topic level (group, edge node, device id): any text but the level separator and the wildcards (Sparkplug 3.0, 4.1.1). */
const TopicLevel = Type.String({ pattern: '^[^/+#]{1,128}$', errorMessage: "a Sparkplug id: 1 to 128 characters, none of them '/', '+' or '#'" });
const ProductId = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', errorMessage: "a product id of 1 to 64 letters, digits, '.', '_' or '-'" });

export const SPARKPLUG_TAGS = ['product', 'length', 'speed', 'reel'] as const;

export const SparkplugMetricSchema = Type.Object(
  {
    group: TopicLevel,
    edgeNode: TopicLevel,
    /** The device under the edge node; omitted for a metric of the edge node itself (NBIRTH/NDATA). */
    device: Type.Optional(TopicLevel),
    /** The metric's name as in its birth (`Line 1/OD/Insulation`); data that carry only the alias are matched through the birth. */
    metric: Type.String({ minLength: 1, maxLength: 512 }),
    line: Id,
    /** A reading of this characteristic; or else `tag`. */
    characteristic: Type.Optional(Type.Enum([...CHARACTERISTIC_NAMES], { errorMessage: `one of ${CHARACTERISTIC_NAMES.join(', ')}` })),
    /** A line-state tag instead of a reading: the product made (text, or a code with `codes`), the length counter (m) or the line speed (m/min). */
    tag: Type.Optional(Type.Enum([...SPARKPLUG_TAGS], { errorMessage: `one of ${SPARKPLUG_TAGS.join(', ')}` })),
    /** For a numeric product tag: code -> product id. */
    codes: Type.Optional(Type.Record(Type.String({ pattern: '^-?[0-9]{1,12}$' }), ProductId)),
    /** value = raw * scale + offset (readings, length and speed). */
    scale: Type.Optional(Type.Number()),
    offset: Type.Optional(Type.Number()),
  },
  closed,
);

export const SparkplugSourceSchema = Type.Object(
  {
    kind: Type.Literal('sparkplug'),
    /** The broker the edge nodes publish to: linewatch's own, or the plant's. */
    mqttUrl: Type.String({ pattern: '^(mqtts?|wss?)://', errorMessage: 'an MQTT URL: mqtt://host:1883, mqtts://host:8883, ws:// or wss://' }),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    /** A file holding the password (its first line); or `passwordEnv`. Never the password itself. */
    passwordFile: Type.Optional(Type.String({ minLength: 1 })),
    /** The environment variable holding the password. */
    passwordEnv: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', errorMessage: 'an environment variable name' })),
    /** Fixed, so the broker keeps this host's session (and what arrives while it is down). Default `<username>:sparkplug-host`. */
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** Sparkplug groups to read (`spBv1.0/<group>/#` each); default every group (`spBv1.0/#`). */
    groups: Type.Optional(Type.Array(TopicLevel, { minItems: 1, maxItems: 100 })),
    reconnect: Type.Optional(
      Type.Object(
        {
          /** First reconnect delay, doubled after each failed attempt up to maxMs (ms; the same shape in every source). */
          minMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
          /** Longest reconnect delay (ms). */
          maxMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
        },
        closed,
      ),
    ),
    /**
     * A file where the host keeps the births in force (aliases, datatypes), so
     * that after a restart it reads alias-only DATA without waiting for a
     * rebirth it cannot ask for. Written at each birth and death; optional.
     */
    stateFile: Type.Optional(Type.String({ minLength: 1 })),
    /** Accept a TLS certificate the system does not trust (a plant's self-signed broker); default false. */
    insecureTls: Type.Optional(Type.Boolean()),
    metrics: Type.Array(SparkplugMetricSchema, { minItems: 1 }),
  },
  closed,
);

export type SparkplugMetricEntry = Type.Static<typeof SparkplugMetricSchema>;
export type SparkplugSourceConfig = Type.Static<typeof SparkplugSourceSchema>;

export const DEFAULT_RECONNECT = Object.freeze({ minMs: 200, maxMs: 10_000 });

/** Rules across fields: a reading or a tag, codes only for a product, one entry per metric, groups read. */
export function checkSparkplugConfig(config: SparkplugSourceConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.passwordFile !== undefined && config.passwordEnv !== undefined) problems.push({ path: 'passwordEnv', message: 'give passwordFile or passwordEnv, not both' });
  if ((config.passwordFile !== undefined || config.passwordEnv !== undefined) && config.username === undefined) problems.push({ path: 'username', message: 'a password needs a username' });
  const { minMs = DEFAULT_RECONNECT.minMs, maxMs = DEFAULT_RECONNECT.maxMs } = config.reconnect ?? {};
  if (maxMs < minMs) problems.push({ path: 'reconnect.maxMs', message: `must be at least reconnect.minMs (${minMs})` });
  const seen = new Map<string, number>();
  config.metrics.forEach((m, i) => {
    const at = `metrics[${i}]`;
    if ((m.characteristic === undefined) === (m.tag === undefined)) problems.push({ path: at, message: 'give either characteristic (a reading) or tag (product, length, speed or reel)' });
    if (m.codes !== undefined && m.tag !== 'product') problems.push({ path: `${at}.codes`, message: 'codes are for a product tag only' });
    if ((m.tag === 'product' || m.tag === 'reel') && (m.scale !== undefined || m.offset !== undefined))
      problems.push({ path: `${at}.${m.scale !== undefined ? 'scale' : 'offset'}`, message: `a ${m.tag} tag is not scaled` });
    if (config.groups !== undefined && !config.groups.includes(m.group))
      problems.push({ path: `${at}.group`, message: `group ${JSON.stringify(m.group)} is not in groups (${config.groups.join(', ')}): it would never be read` });
    const key = metricKey(m.group, m.edgeNode, m.device, m.metric);
    const first = seen.get(key);
    if (first !== undefined) problems.push({ path: `${at}.metric`, message: `the same metric as metrics[${first}]` });
    else seen.set(key, i);
  });
  return problems;
}

/** One key per metric of one edge node or device. */
export function metricKey(group: string, edgeNode: string, device: string | undefined, metric: string): string {
  return JSON.stringify([group, edgeNode, device ?? null, metric]);
}
