/**
 * The Modbus TCP source file (`"kind": "modbus"`): where the device is, how
 * often to poll, and what each register means. The schema checks each field;
 * `modbusConfigProblems` the rules between fields (a register is either a
 * characteristic or a line-state tag, a multi-register value names its word
 * order, registers do not overlap, no series is read twice). Defaults are in
 * DEFAULT_MODBUS_OPTIONS, units in the comments.
 */
import Type, { type Static } from 'typebox';
import type { ConfigProblem } from '../../../config/config-error.js';
import { CHARACTERISTIC_NAMES } from '../../../domain/characteristics.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT } from '../../../protocol/ids.js';
import { ORDERS, REGISTER_TYPES, wordsOf } from './register-decoder.js';
import { withDefaults } from '../../../domain/with-defaults.js';

const closed = { additionalProperties: false } as const;

/** The settings a Modbus source file may leave out (reconnect.* as reconnectMinMs/MaxMs). */
export interface ModbusOptions {
  readonly port: number;
  readonly unitId: number;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly maxGapRegisters: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly byteOrder: 'big' | 'little';
}

export const DEFAULT_MODBUS_OPTIONS: ModbusOptions = Object.freeze({
  /** The registered Modbus TCP port. */
  port: 502,
  /** The unit identifier sent in every request (a gateway in front of serial devices routes on it). */
  unitId: 1,
  /** ms between polls. */
  pollIntervalMs: 1000,
  /** ms to wait for the answer to one read (and for the TCP connection to open). */
  timeoutMs: 1000,
  /** Unmapped registers one read may bridge between two mapped ones (0: contiguous registers only). */
  maxGapRegisters: 0,
  /** ms before the first reconnection attempt; doubles after each failure up to `reconnectMaxMs`. */
  reconnectMinMs: 200,
  reconnectMaxMs: 10_000,
  /** `big`: the high byte of each register first, as the standard sends it. */
  byteOrder: 'big',
});

const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const ProductId = Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT });
const Ms = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum, errorMessage: `a whole number of milliseconds from ${minimum} to ${maximum}` });

export const ModbusRegisterSchema = Type.Object(
  {
    table: Type.Enum(['holding', 'input']),
    /** The register's 0-based address on the wire (holding register 40001 is address 0). */
    address: Type.Integer({ minimum: 0, maximum: 65535, errorMessage: 'a 0-based register address from 0 to 65535' }),
    type: Type.Enum([...REGISTER_TYPES]),
    byteOrder: Type.Optional(Type.Enum([...ORDERS])),
    /** Required for the types spanning several registers: `big` if the high word is at the lower address. */
    wordOrder: Type.Optional(Type.Enum([...ORDERS])),
    line: Id,
    /** What the value is a reading of; or else `tag`. */
    characteristic: Type.Optional(Type.Enum([...CHARACTERISTIC_NAMES])),
    /** The value is the line's product (a numeric code looked up in `codes`), length counter (m), speed (m/min) or reel number (0: no reel). */
    tag: Type.Optional(Type.Enum(['product', 'length', 'speed', 'reel'])),
    /** Product code (as read, in decimal) to product id, for `tag: "product"`. */
    codes: Type.Optional(Type.Record(Type.String(), ProductId, { minProperties: 1 })),
    /** value = raw * scale + offset. */
    scale: Type.Optional(Type.Number()),
    offset: Type.Optional(Type.Number()),
  },
  closed,
);

export const ModbusConfigSchema = Type.Object(
  {
    kind: Type.Literal('modbus'),
    host: Type.String({ minLength: 1, maxLength: 255, errorMessage: 'a host name or IP address' }),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, errorMessage: 'a TCP port from 1 to 65535' })),
    unitId: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, errorMessage: 'a unit identifier from 0 to 255' })),
    pollIntervalMs: Type.Optional(Ms(10, 3_600_000)),
    timeoutMs: Type.Optional(Ms(10, 60_000)),
    maxGapRegisters: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, errorMessage: 'a number of registers from 0 to 120' })),
    /** Back-off between reconnection attempts: from minMs, doubling to maxMs (the same shape in every source). */
    reconnect: Type.Optional(Type.Object({ minMs: Type.Optional(Ms(10, 600_000)), maxMs: Type.Optional(Ms(10, 600_000)) }, closed)),
    registers: Type.Array(ModbusRegisterSchema, { minItems: 1, maxItems: 10_000 }),
  },
  closed,
);

export type ModbusConfig = Static<typeof ModbusConfigSchema>;
export type ModbusRegister = Static<typeof ModbusRegisterSchema>;

/** The rules between fields the schema cannot state, each problem with its path. */
export function modbusConfigProblems(config: ModbusConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { reconnectMinMs: minMs, reconnectMaxMs: maxMs } = modbusOptionsOf(config);
  if (minMs > maxMs) problems.push({ path: 'reconnect.maxMs', message: `must be at least reconnect.minMs (${minMs}), got ${maxMs}` });
  const series = new Map<string, number>();
  const taken: Array<{ table: string; first: number; last: number; index: number }> = [];
  config.registers.forEach((r, i) => {
    const at = (field?: string) => `registers[${i}]${field ? `.${field}` : ''}`;
    problems.push(...meaningProblems(r, at));
    const words = wordsOf(r.type);
    if (words > 1 && r.wordOrder === undefined)
      problems.push({ path: at('wordOrder'), message: `a ${r.type} spans ${words} registers: say which comes first, "big" (high word at the lower address) or "little"` });
    if (words === 1 && r.wordOrder !== undefined) problems.push({ path: at('wordOrder'), message: `a ${r.type} is one register and has no word order; remove it` });
    const last = r.address + words - 1;
    if (last > 65535) problems.push({ path: at('address'), message: `a ${r.type} at ${r.address} would end at register ${last}, past the last address 65535` });
    const overlap = taken.find((t) => t.table === r.table && t.first <= last && r.address <= t.last);
    if (overlap) problems.push({ path: at('address'), message: `${r.table} registers ${r.address}..${last} overlap registers[${overlap.index}] (${overlap.first}..${overlap.last})` });
    taken.push({ table: r.table, first: r.address, last, index: i });
    const key = `${r.line}\u0000${r.characteristic ?? `tag:${r.tag}`}`;
    const earlier = series.get(key);
    if (earlier !== undefined && (r.characteristic !== undefined || r.tag !== undefined)) {
      problems.push({ path: at(), message: `line ${r.line}'s ${r.characteristic ?? r.tag} is already read by registers[${earlier}]; one register per series` });
    } else series.set(key, i);
  });
  return problems;
}

function meaningProblems(r: ModbusRegister, at: (field?: string) => string): ConfigProblem[] {
  if (r.characteristic !== undefined && r.tag !== undefined) return [{ path: at('tag'), message: 'a register is either a characteristic or a tag, not both' }];
  if (r.characteristic === undefined && r.tag === undefined) return [{ path: at(), message: 'name what the register holds: a "characteristic", or a "tag" (product, length, speed or reel)' }];
  const problems: ConfigProblem[] = [];
  if (r.tag === 'product') {
    if (r.codes === undefined) problems.push({ path: at('codes'), message: 'a product register needs "codes": the product id of each code it may hold, e.g. {"1": "BV-1.5"}' });
    for (const code of Object.keys(r.codes ?? {})) {
      if (!/^(0|-?[1-9][0-9]{0,9})$/.test(code))
        problems.push({ path: `${at('codes')}[${JSON.stringify(code)}]`, message: `a product code is the register's value in decimal, such as "15"; got ${JSON.stringify(code)}` });
    }
    for (const field of ['scale', 'offset'] as const) {
      if (r[field] !== undefined) problems.push({ path: at(field), message: 'a product code is looked up as read; remove it' });
    }
    if (r.type === 'float32' || r.type === 'float64') problems.push({ path: at('type'), message: 'a product code is a whole number: use an integer type' });
  } else if (r.tag === 'reel') {
    for (const field of ['scale', 'offset'] as const) {
      if (r[field] !== undefined) problems.push({ path: at(field), message: 'a reel number is taken as read; remove it' });
    }
    if (r.type === 'float32' || r.type === 'float64') problems.push({ path: at('type'), message: 'a reel number is a whole number: use an integer type' });
  }
  if (r.tag !== 'product' && r.codes !== undefined) {
    problems.push({ path: at('codes'), message: 'codes are for a register with tag "product"; remove them' });
  }
  return problems;
}

/** A source file's settings with the defaults filled in. */
export function modbusOptionsOf(config: ModbusConfig): ModbusOptions {
  const { port, unitId, pollIntervalMs, timeoutMs, maxGapRegisters, reconnect } = config;
  return withDefaults(DEFAULT_MODBUS_OPTIONS, { port, unitId, pollIntervalMs, timeoutMs, maxGapRegisters, reconnectMinMs: reconnect?.minMs, reconnectMaxMs: reconnect?.maxMs });
}
