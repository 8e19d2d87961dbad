/**
 * The live monitor's options for `linewatch monitor --config FILE`.
 *
 * The file may be:
 * - a JSON object of LiveMonitorOptions fields (monitor/options.ts), with an
 *   optional `byCharacteristic: { "<characteristic>": { ...fields } }` whose
 *   fields override the others for the series of that characteristic;
 * - a linewatch configuration file: its `live` section (config/schema.ts) is
 *   read, the rest is not; without one the defaults apply.
 * Unknown fields and fields of the wrong type are refused (a misspelt option
 * silently left at its default would change the false-alarm rate), and each
 * set of options is checked by resolveLiveOptions and designed once here, so
 * a bad configuration fails before the data is read.
 */
import { readFile } from 'node:fs/promises';
import { jsonErrorPosition } from '../config/json-error-position.js';
import { designLiveCharts, type LiveDesign } from '../monitor/design.js';
import { DEFAULT_LIVE_OPTIONS, LiveOptionsError, resolveLiveOptions, type LiveMonitorOptions } from '../monitor/options.js';
import { fileErrorReason } from '../ops/file-error.js';
import { CliError } from './cli-error.js';

export interface LiveSetup {
  readonly options: LiveMonitorOptions;
  readonly design: LiveDesign;
  /** Resolved options and design for characteristics that override some. */
  readonly byCharacteristic: ReadonlyMap<string, { readonly options: LiveMonitorOptions; readonly design: LiveDesign }>;
}

const OPTION_NAMES = Object.keys(DEFAULT_LIVE_OPTIONS) as (keyof LiveMonitorOptions)[];

/** The defaults, or the options of a configuration file. */
export async function readLiveConfig(command: string, file: string | undefined): Promise<LiveSetup> {
  if (file === undefined) return liveConfig(command, '', {});
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError('LW_CONFIG', `${command}: cannot read the configuration ${file}: ${fileErrorReason(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const at = jsonErrorPosition(text);
    throw new CliError('LW_CONFIG', `${command}: ${file}: not valid JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
  }
  return liveConfig(command, file, json);
}

/** Options from parsed JSON; `file` names it in messages. */
export function liveConfig(command: string, file: string, json: unknown): LiveSetup {
  const fail = (path: string, message: string): never => {
    throw new CliError('LW_CONFIG', `${command}: ${file ? `${file}: ` : ''}${path ? `${path}: ` : ''}${message}`);
  };
  if (!isObject(json)) return fail('', 'expected a JSON object of live monitor options');
  let section: Record<string, unknown> = json;
  let prefix = '';
  if ('live' in json) {
    if (!isObject(json.live)) return fail('live', 'expected an object of live monitor options');
    section = json.live;
    prefix = 'live.';
  } else if ('version' in json && 'enterprises' in json) {
    section = {}; // a linewatch configuration without a live section
  }
  const { byCharacteristic, ...own } = section;
  const base = overrides(own, prefix, fail);
  const resolve = (path: string, o: Partial<LiveMonitorOptions>): { options: LiveMonitorOptions; design: LiveDesign } => {
    try {
      const options = resolveLiveOptions(o);
      return { options, design: designLiveCharts(options) };
    } catch (err) {
      if (err instanceof LiveOptionsError) return fail(path, err.message);
      // The chart design can find no parameter for an extreme budget.
      return fail(path, `the charts cannot be designed for these options: ${(err as Error).message}`);
    }
  };
  const top = resolve(prefix.slice(0, -1), base);
  const perCharacteristic = new Map<string, { options: LiveMonitorOptions; design: LiveDesign }>();
  if (byCharacteristic !== undefined) {
    const path = `${prefix}byCharacteristic`;
    if (!isObject(byCharacteristic)) return fail(path, 'expected an object of { "<characteristic>": { options } }');
    for (const [characteristic, o] of Object.entries(byCharacteristic)) {
      const at = `${path}.${characteristic}`;
      if (!isObject(o)) return fail(at, 'expected an object of live monitor options');
      perCharacteristic.set(characteristic, resolve(at, { ...base, ...overrides(o, `${at}.`, fail) }));
    }
  }
  return { options: top.options, design: top.design, byCharacteristic: perCharacteristic };
}

function overrides(o: Record<string, unknown>, prefix: string, fail: (path: string, message: string) => never): Partial<LiveMonitorOptions> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(o)) {
    if (!(OPTION_NAMES as string[]).includes(name)) {
      fail(`${prefix}${name}`, `unknown option (known: ${OPTION_NAMES.join(', ')}${prefix.includes('byCharacteristic') ? '' : ', byCharacteristic'})`);
    }
    if (name === 'charts') {
      if (!Array.isArray(value) || !value.every((c) => typeof c === 'string')) fail(`${prefix}${name}`, 'expected a list of chart names');
    } else if (typeof value !== 'number') {
      fail(`${prefix}${name}`, `expected a number, got ${JSON.stringify(value)}`);
    }
    out[name] = value;
  }
  return out as Partial<LiveMonitorOptions>;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
