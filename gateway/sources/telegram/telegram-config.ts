/**
 * The source file of an ASCII telegram source (`"kind": "telegram"`): where
 * the gauge's TCP port is, how its stream is cut into telegrams, and how a
 * telegram's fields map to characteristics and line-state tags. The schema
 * says the shape; `checkTelegramConfig` the rules between fields (one form of
 * field map, unique fields, a line for every reading...).
 */
import Type, { type Static } from 'typebox';
import type { ConfigProblem } from '../../../config/config-error.js';
import { CHARACTERISTIC_NAMES } from '../../../domain/characteristics.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT } from '../../../protocol/ids.js';
import { withDefaults } from '../../../domain/with-defaults.js';
import type { TelegramEncoding, TerminatorSetting } from './telegram-framing.js';

const closed = { additionalProperties: false } as const;

/** The settings a telegram source file may leave out (reconnect.* as reconnectMinMs/MaxMs), and two it cannot set. */
export interface TelegramOptions {
  readonly terminator: TerminatorSetting;
  readonly encoding: TelegramEncoding;
  readonly maxTelegramBytes: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

/** Every default in one place, units in the names. */
export const DEFAULT_TELEGRAM_OPTIONS: TelegramOptions = Object.freeze({
  terminator: 'crlf',
  encoding: 'ascii',
  /** Longer than any gauge telegram seen (about 30 to 120 characters), short enough to resynchronise fast. */
  maxTelegramBytes: 1024,
  reconnectMinMs: 200,
  reconnectMaxMs: 10_000,
  /** A gauge streams about every 100 ms; 5 s of silence means the link or the converter hangs. */
  idleTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
});

const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const Characteristic = Type.Enum([...CHARACTERISTIC_NAMES], { errorMessage: `a characteristic name (${CHARACTERISTIC_NAMES.join(', ')})` });
const Tag = Type.Enum(['product', 'length', 'speed', 'reel'], { errorMessage: "a line-state tag: 'product', 'length' (metres), 'speed' (m/min) or 'reel' (the reel being wound)" });
const TimestampFormat = Type.Enum(['iso', 'epoch-ms', 'epoch-s'], { errorMessage: "a timestamp format: 'iso', 'epoch-ms' or 'epoch-s'" });
const ProductId = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', errorMessage: "a product id of 1 to 64 letters, digits, '.', '_' or '-'" });

/**
 * What one field (or named group) of a telegram is. Exactly one of
 * `characteristic` (a reading), `tag` (line state) or `role: 'timestamp'`;
 * checked by `checkTelegramConfig`, which names the field.
 */
const mapping = {
  characteristic: Type.Optional(Characteristic),
  /** The line of this reading or tag; the source's `line` when absent. */
  line: Type.Optional(Id),
  /** value = raw * scale + offset (a gauge writing 00700 for 0.700 mm has scale 0.001). For readings, length and speed. */
  scale: Type.Optional(Type.Number()),
  offset: Type.Optional(Type.Number()),
  tag: Type.Optional(Tag),
  /** For `tag: 'product'` written as a numeric code: code as written -> product id. */
  codes: Type.Optional(Type.Record(Type.String(), ProductId)),
  role: Type.Optional(Type.Literal('timestamp', { errorMessage: "'timestamp' (the only role a field can have)" })),
  format: Type.Optional(TimestampFormat),
};

const FieldSchema = Type.Object({ index: Type.Integer({ minimum: 0, maximum: 255, errorMessage: 'a field index from 0 (the first field) to 255' }), ...mapping }, closed);
const GroupSchema = Type.Object(mapping, closed);

const ParseSchema = Type.Object(
  {
    /** Delimiter form: ';', ',', '\t', or ' ' (any run of spaces and tabs). */
    delimiter: Type.Optional(Type.Enum([';', ',', '\t', ' '], { errorMessage: "a delimiter: ';', ',', '\\t' or ' ' (runs of spaces)" })),
    fields: Type.Optional(Type.Array(FieldSchema, { minItems: 1, maxItems: 64 })),
    /** Pattern form: a regular expression with named groups, matched against the whole telegram. */
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    groups: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), GroupSchema)),
    /** Telegrams must start with this text, which is cut off before splitting; others are counted 'unmapped'. */
    prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Numbers may be written with a decimal comma (1,234 = 1.234). Not with delimiter ','. */
    decimalComma: Type.Optional(Type.Boolean()),
    /** Texts that mean "no measurement now" (e.g. "----" with no cable in the gauge): that field is skipped, not counted bad. */
    noValue: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 })),
  },
  closed,
);

export const TelegramConfigSchema = Type.Object(
  {
    kind: Type.Literal('telegram'),
    /** The gauge's or serial-to-Ethernet converter's address and TCP port. */
    host: Type.String({ minLength: 1, maxLength: 255, errorMessage: 'a host name or IP address' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, errorMessage: 'a TCP port from 1 to 65535' }),
    /** The line every reading and tag belongs to unless its field names another. */
    line: Type.Optional(Id),
    /** What ends a telegram: 'lf', 'crlf', 'cr', 'etx' (STX...ETX frames), or { custom: text }. */
    terminator: Type.Optional(
      Type.Union([Type.Enum(['lf', 'crlf', 'cr', 'etx']), Type.Object({ custom: Type.String({ minLength: 1, maxLength: 8 }) }, closed)], {
        errorMessage: "'lf', 'crlf', 'cr', 'etx' or { \"custom\": \"text of 1 to 8 characters\" }",
      }),
    ),
    encoding: Type.Optional(Type.Enum(['ascii', 'latin1', 'utf8'], { errorMessage: "an encoding: 'ascii', 'latin1' or 'utf8'" })),
    /** A telegram longer than this without a terminator is discarded ('unparsable') and the stream resynchronises at the next terminator. */
    maxTelegramBytes: Type.Optional(Type.Integer({ minimum: 16, maximum: 65_536 })),
    /** Text sent once on every connect, e.g. Proton's stream request "#2 3\r\n". */
    sendOnConnect: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    reconnect: Type.Optional(
      Type.Object(
        {
          /** First delay after a lost connection, doubled on each failed attempt up to maxMs. */
          minMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
          maxMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
        },
        closed,
      ),
    ),
    /** No data for this long: the connection is dropped and made again. 0 turns it off. */
    idleTimeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000, errorMessage: 'milliseconds from 0 (off) to 3600000' })),
    parse: ParseSchema,
  },
  closed,
);

export type TelegramConfig = Static<typeof TelegramConfigSchema>;
export type TelegramParseConfig = Static<typeof ParseSchema>;
export type TelegramMapping = Static<typeof GroupSchema>;

/** Rules across fields the schema cannot say; each problem with its path. */
export function checkTelegramConfig(config: TelegramConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const parse = config.parse;
  const { reconnect } = config;
  if (reconnect?.minMs !== undefined && reconnect.maxMs !== undefined && reconnect.minMs > reconnect.maxMs) {
    problems.push({ path: 'reconnect.maxMs', message: `must be at least reconnect.minMs (${reconnect.minMs})` });
  }
  const delimiterForm = parse.delimiter !== undefined || parse.fields !== undefined;
  const patternForm = parse.pattern !== undefined || parse.groups !== undefined;
  if (delimiterForm === patternForm) {
    problems.push({ path: 'parse', message: 'give either { delimiter, fields } or { pattern, groups }, not both and not neither' });
    return problems;
  }
  if (parse.decimalComma && parse.delimiter === ',') problems.push({ path: 'parse.decimalComma', message: "cannot be used with delimiter ',' (a decimal comma would split the number)" });
  const mapped: Array<{ path: string; mapping: TelegramMapping }> = [];
  if (delimiterForm) {
    if (parse.delimiter === undefined) problems.push({ path: 'parse.delimiter', message: 'missing: the delimiter form needs a delimiter' });
    if (parse.fields === undefined) problems.push({ path: 'parse.fields', message: 'missing: the delimiter form needs fields' });
    const seen = new Map<number, number>();
    (parse.fields ?? []).forEach((field, i) => {
      const before = seen.get(field.index);
      if (before !== undefined) problems.push({ path: `parse.fields[${i}].index`, message: `field ${field.index} is mapped already by parse.fields[${before}]` });
      seen.set(field.index, i);
      mapped.push({ path: `parse.fields[${i}]`, mapping: field });
    });
  } else {
    problems.push(...checkPattern(parse));
    for (const [name, group] of Object.entries(parse.groups ?? {})) mapped.push({ path: `parse.groups.${name}`, mapping: group });
  }
  problems.push(...checkMappings(mapped, config.line));
  return problems;
}

function checkPattern(parse: TelegramParseConfig): ConfigProblem[] {
  if (parse.pattern === undefined) return [{ path: 'parse.pattern', message: 'missing: the pattern form needs a pattern' }];
  if (parse.groups === undefined || Object.keys(parse.groups).length === 0) return [{ path: 'parse.groups', message: 'missing: the pattern form needs at least one group' }];
  let names: string[];
  try {
    names = namedGroupsOf(new RegExp(parse.pattern));
  } catch (err) {
    return [{ path: 'parse.pattern', message: `not a regular expression: ${(err as Error).message}` }];
  }
  return Object.keys(parse.groups)
    .filter((name) => !names.includes(name))
    .map((name) => ({ path: `parse.groups.${name}`, message: `the pattern has no group (?<${name}>...)${names.length > 0 ? `; it has ${names.join(', ')}` : ''}` }));
}

/** The names of the `(?<name>...)` groups of `re`, read from its source (a match lists them only when it succeeds). */
export function namedGroupsOf(re: RegExp): string[] {
  return [...re.source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
}

function checkMappings(mapped: ReadonlyArray<{ path: string; mapping: TelegramMapping }>, defaultLine: string | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const series = new Map<string, string>();
  let timestampAt: string | undefined;
  for (const { path, mapping } of mapped) {
    const kinds = [mapping.characteristic !== undefined, mapping.tag !== undefined, mapping.role !== undefined].filter(Boolean).length;
    if (kinds !== 1) {
      problems.push({ path, message: "give exactly one of characteristic (a reading), tag (product, length, speed) or role: 'timestamp'" });
      continue;
    }
    if (mapping.role === 'timestamp') {
      if (mapping.format === undefined) problems.push({ path: `${path}.format`, message: "missing: a timestamp needs format 'iso', 'epoch-ms' or 'epoch-s'" });
      if (timestampAt !== undefined) problems.push({ path, message: `a second timestamp field (the first is ${timestampAt})` });
      timestampAt ??= path;
      for (const key of ['line', 'scale', 'offset', 'codes'] as const) if (mapping[key] !== undefined) problems.push({ path: `${path}.${key}`, message: 'not used by a timestamp field' });
      continue;
    }
    if (mapping.format !== undefined) problems.push({ path: `${path}.format`, message: "only for role: 'timestamp'" });
    if (mapping.codes !== undefined && mapping.tag !== 'product') problems.push({ path: `${path}.codes`, message: "only for tag: 'product'" });
    if ((mapping.tag === 'product' || mapping.tag === 'reel') && (mapping.scale !== undefined || mapping.offset !== undefined))
      problems.push({ path, message: `a ${mapping.tag} tag has no scale or offset` });
    const line = mapping.line ?? defaultLine;
    if (line === undefined) {
      problems.push({ path: `${path}.line`, message: 'missing: name the line here or give the source a line' });
      continue;
    }
    const key = `${line}/${mapping.characteristic ?? `tag:${mapping.tag}`}`;
    const before = series.get(key);
    if (before !== undefined) problems.push({ path, message: `${key} is mapped already by ${before} (two values for one series at one time)` });
    series.set(key, path);
  }
  return problems;
}

/** A source file's settings with the defaults filled in. */
export function telegramOptionsOf(config: TelegramConfig): TelegramOptions {
  const { terminator, encoding, maxTelegramBytes, idleTimeoutMs, reconnect } = config;
  return withDefaults(DEFAULT_TELEGRAM_OPTIONS, { terminator, encoding, maxTelegramBytes, idleTimeoutMs, reconnectMinMs: reconnect?.minMs, reconnectMaxMs: reconnect?.maxMs });
}
