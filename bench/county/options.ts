/**
 * The county benchmark's options, `key=value` positionals like the other
 * suites (see bench/suites/county.ts for what each one means).
 */
import { LinewatchError } from '../../domain/errors/linewatch-error.js';
import { withDefaults } from '../../domain/with-defaults.js';

/** Where the analytics service (and the dashboard) keep measurements. */
export type CountyStore = 'embedded' | 'influx';

export interface CountyOptions {
  /** Multiples of the county (1,050 enterprises, 126,000 points/s); may be fractional. */
  readonly scale: number;
  /** Enterprises, one gateway each (probe gateways included); default round(1050 x scale). */
  readonly enterprises: number;
  readonly lines: number;
  /** Readings per series per second. */
  readonly hz: number;
  /** Length of the measured window, s. */
  readonly seconds: number;
  /** Load before the window, s: connections, JIT, the store's first writes. */
  readonly warmup: number;
  /** Longest wait after the window for every batch sent to be acknowledged, s. */
  readonly drain: number;
  /** How often a gateway closes a batch, ms (rounded to whole readings; a real gateway closes one per reading at 10 Hz). */
  readonly batchMs: number;
  /** Batches a gateway has published and not yet had acknowledged, at most (the real gateway's window). */
  readonly window: number;
  /** Enterprises (of `enterprises`) whose gateways run in the probe process and carry the step shifts. */
  readonly probes: number;
  /** A step shift is injected every this many ms (round robin over the probe series). */
  readonly probeEveryMs: number;
  /** The embedded DuckDB store, or a real influxd started for the run. */
  readonly store: CountyStore;
  /** Passed to the analytics service as `--shards N`; null: no flag (the service's default). */
  readonly shards: number | null;
  /** Write bench/results/county-<scale>x[-influx].md and .json. */
  readonly record: boolean;
}

/** Enterprises in one county. */
export const COUNTY_ENTERPRISES = 1050;

export const DEFAULT_COUNTY_OPTIONS: CountyOptions = Object.freeze({
  scale: 1,
  enterprises: COUNTY_ENTERPRISES,
  lines: 3,
  hz: 10,
  seconds: 60,
  warmup: 100,
  drain: 120,
  batchMs: 1000, // the real gateway's default (gateway/options.ts maxBatchDelayMs)
  window: 64,
  probes: 5,
  probeEveryMs: 250,
  store: 'embedded',
  shards: null,
  record: false,
});

/** The positional keys and the option each sets. */
const KEYS: Record<string, keyof CountyOptions> = {
  scale: 'scale',
  enterprises: 'enterprises',
  lines: 'lines',
  hz: 'hz',
  seconds: 'seconds',
  warmup: 'warmup',
  drain: 'drain',
  batchms: 'batchMs',
  window: 'window',
  probes: 'probes',
  probems: 'probeEveryMs',
  store: 'store',
  shards: 'shards',
  record: 'record',
};

export class CountyOptionError extends LinewatchError<'LW_BENCH_OPTIONS'> {
  constructor(message: string) {
    super('LW_BENCH_OPTIONS', message);
    this.name = 'CountyOptionError';
  }
}

export function parseCountyOptions(args: readonly string[]): CountyOptions {
  const given: Record<string, number | boolean | string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = KEYS[eq > 0 ? arg.slice(0, eq).toLowerCase() : arg.toLowerCase()];
    if (key === undefined)
      throw new CountyOptionError(
        `unknown option '${arg}'; known: ${Object.keys(KEYS)
          .map((k) => `${k}=`)
          .join(' ')}`,
      );
    const text = eq > 0 ? arg.slice(eq + 1) : '1';
    if (key === 'record') {
      given.record = text === '1' || text === 'true' || text === 'yes';
      continue;
    }
    if (key === 'store') {
      if (text !== 'embedded' && text !== 'influx') throw new CountyOptionError(`${arg}: expected store=embedded or store=influx`);
      given.store = text;
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new CountyOptionError(`${arg}: expected a number >= 0`);
    given[key] = value;
  }
  if (!(given.scale === undefined || (given.scale as number) > 0)) throw new CountyOptionError('scale must be above 0');
  // The county scales by its enterprises; an explicit enterprises= wins.
  if (given.enterprises === undefined && given.scale !== undefined) given.enterprises = Math.max(2, Math.round(COUNTY_ENTERPRISES * (given.scale as number)));
  const o = withDefaults(DEFAULT_COUNTY_OPTIONS, given as Partial<CountyOptions>);
  const whole = (name: keyof CountyOptions, min: number, max: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new CountyOptionError(`${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  whole('enterprises', 1, 9999);
  whole('lines', 1, 50);
  whole('probes', 1, Math.max(1, o.enterprises));
  whole('window', 1, 1000);
  if (o.shards !== null) whole('shards', 1, 256);
  if (o.probes >= o.enterprises && o.enterprises > 1) throw new CountyOptionError(`probes (${o.probes}) must leave some of the ${o.enterprises} enterprises to the load`);
  // Timestamps are whole ms and must move forward every reading.
  if (!(o.hz > 0 && o.hz <= 1000)) throw new CountyOptionError(`hz must be above 0 and at most 1000, got ${o.hz}`);
  if (!(o.seconds > 0)) throw new CountyOptionError('seconds must be above 0');
  if (!(o.probeEveryMs >= 10)) throw new CountyOptionError('probems must be at least 10');
  return Object.freeze(o);
}

/** Readings a gateway puts in one batch. */
export function readingsPerBatch(o: Pick<CountyOptions, 'batchMs' | 'hz'>): number {
  return Math.max(1, Math.round((o.batchMs * o.hz) / 1000));
}

/** Points per second the whole county offers. */
export function offeredPointsPerSecond(o: Pick<CountyOptions, 'enterprises' | 'lines' | 'hz'>): number {
  return o.enterprises * o.lines * CHARACTERISTIC_COUNT * o.hz;
}

export const CHARACTERISTIC_COUNT = 4;
