import type { Writable } from 'node:stream';
import { CHARACTERISTICS, type CharacteristicName } from '../../domain/characteristics.js';
import { idProblem } from '../../protocol/ids.js';
import { openCsvFile, writeFleetCsv } from '../../simulators/csv-writer.js';
import { demoPlanFromConfig } from '../../simulators/demo-from-config.js';
import { DEFAULT_START_EPOCH_MS, MAX_ENTERPRISES, planFleet } from '../../simulators/fleet-description.js';
import { MAX_RATE_HZ, type FleetPlan } from '../../simulators/fleet-plan.js';
import { Fleet } from '../../simulators/fleet.js';
import { BVV_2X1_5, DEFAULT_PRODUCT_ID, savingLimit, type CharacteristicDefaults } from '../../simulators/products.js';
import type { Scenario, ScenarioKind } from '../../simulators/scenario.js';
import { SCENARIO_KINDS } from '../../simulators/scenario.js';
import { CliError } from '../cli-error.js';
import { durationOption, formatDuration } from '../duration.js';
import { integerOption, numberOption, parseCommandLine } from '../options.js';
import { loadCommandConfig } from '../service-runner.js';
import type { Command } from './command.js';
import { fileErrorReason } from '../../ops/file-error.js';

const NAME = 'simulate';
const PRODUCT_CHARACTERISTICS = BVV_2X1_5.characteristics.map((c) => c.characteristic);
const MAX_DURATION_MS = 7 * 86_400_000;

const USAGE = `usage: linewatch simulate --out FILE.csv [--scenario NAME | --fleet N | --fleet demo --config FILE] [options]

Writes synthetic line data as measurement CSV (ts,enterprise,line,characteristic,value),
the same for the same --seed. Product: BVV 2 x 1.5 mm2 (227 IEC 10), except for
the demo fleet, which makes what its configuration says.

One series (the default):
  --scenario NAME      ${SCENARIO_KINDS.join(', ')} (default in-control)
  --characteristic C   ${PRODUCT_CHARACTERISTICS.join(', ')}
                       (default insulation_thickness)
  --at D               when the scenario starts (default a third of the duration)
  --delta X            step: size in sigma toward the material-saving limit (default 2)
  --per-hour X         drift: change of the mean per hour, in the characteristic's unit
                       (default: reaches the material-saving limit at the end of the run)
  --factor X           variance: sigma multiplier (default 2)
  --distance X         off-centre: mean this many (halved) sigma inside the limit (default 2.5)
  --for D              stuck: how long the sensor repeats itself (default 1m)
  --fraction X         bad-values: share of readings replaced by NaN, negative,
                       absurd or empty values (default 0.05)
  --enterprise ID      enterprise id in the file (default sim-enterprise)
  --line ID            line id in the file (default line-1)

A fleet:
  --fleet demo         the demo fleet of --config FILE (a demo ships as config/demo.json):
                       every configured series, its spec from the line's product; the
                       first enterprises cut material, drift, lose their gateway, vary
                       and step, the rest stay in control (simulators/demo-roles.ts)
  --fleet N            N enterprises x 3 lines x 4 characteristics, most in control,
                       some drifting, stepping, off-centre, ... (problems start between
                       a quarter and half of the duration)

Both:
  --duration D         simulated time: 90s, 10m, 2h (default 10m)
  --rate HZ            readings per second per series, up to ${MAX_RATE_HZ} (default 10)
  --seed N             random seed, a whole number (default 1)
  --start TIME         ISO 8601 UTC time of the start (default 2026-01-01T00:00:00Z)
  --out FILE           the CSV to write; - for standard output (required)

Exit codes: 0 file written, 2 bad usage or unwritable output.`;

const OPTIONS = {
  scenario: { type: 'string' },
  characteristic: { type: 'string' },
  at: { type: 'string' },
  delta: { type: 'string' },
  'per-hour': { type: 'string' },
  factor: { type: 'string' },
  distance: { type: 'string' },
  for: { type: 'string' },
  fraction: { type: 'string' },
  enterprise: { type: 'string' },
  line: { type: 'string' },
  fleet: { type: 'string' },
  config: { type: 'string' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  out: { type: 'string' },
} as const;

type Values = { [name in keyof typeof OPTIONS]?: string };

/** The scenario options, and the one scenario each belongs to: any other use is a usage error, not silently ignored. */
const SCENARIO_OPTIONS: Readonly<Record<string, ScenarioKind>> = {
  delta: 'step',
  'per-hour': 'drift',
  factor: 'variance',
  distance: 'off-centre',
  for: 'stuck',
  fraction: 'bad-values',
};
const SINGLE_SERIES_OPTIONS: readonly (keyof Values)[] = ['scenario', 'characteristic', 'at', 'enterprise', 'line', ...(Object.keys(SCENARIO_OPTIONS) as (keyof Values)[])];

interface Common {
  durationMs: number;
  rateHz: number;
  seed: number;
  startEpochMs: number;
  out: string;
}

export const simulateCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine(NAME, argv, OPTIONS);
    if (positionals.length > 0) usage(`unexpected argument '${positionals[0]}' (the output file goes after --out)`);
    const v = values as Values;
    const common = commonOptions(v);
    if (v.config !== undefined && v.fleet !== 'demo') usage('--config applies to --fleet demo only');
    const { plan, what } = v.fleet !== undefined ? await fleetPlan(v, common) : seriesPlan(v, common);
    const fleet = new Fleet(plan);
    const toStdout = common.out === '-';
    const out: Writable = toStdout ? process.stdout : await openOutput(common.out);
    const { rows } = await writeFleetCsv(fleet, out, { durationMs: common.durationMs });
    if (!toStdout) {
      out.end();
      await new Promise<void>((resolve, reject) => out.once('close', resolve).once('error', reject));
      process.stdout.write(`wrote ${rows} rows to ${common.out}: ${what}, ${formatDuration(common.durationMs)} at ${common.rateHz} Hz, seed ${common.seed}\n`);
    }
    return 0;
  },
};

function commonOptions(v: Values): Common {
  if (v.out === undefined) usage('--out FILE is required (- for standard output)');
  const durationMs = durationOption(NAME, 'duration', v.duration, 1, MAX_DURATION_MS) ?? 600_000;
  const rateHz = numberOption(NAME, 'rate', v.rate) ?? 10;
  if (!(rateHz > 0 && rateHz <= MAX_RATE_HZ)) usage(`--rate must be above 0 and at most ${MAX_RATE_HZ} (readings per second), got '${v.rate}'`);
  const seed = integerOption(NAME, 'seed', v.seed, 0, 0xffffffff) ?? 1;
  let startEpochMs = DEFAULT_START_EPOCH_MS;
  if (v.start !== undefined) {
    // An explicit zone is required: a time without one would depend on the machine's.
    startEpochMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v.start) ? Date.parse(v.start) : NaN;
    if (!Number.isFinite(startEpochMs)) usage(`--start must be an ISO 8601 time with a zone such as 2026-01-01T00:00:00Z, got '${v.start}'`);
  }
  return { durationMs, rateHz, seed, startEpochMs: Math.round(startEpochMs), out: v.out };
}

async function fleetPlan(v: Values, c: Common): Promise<{ plan: FleetPlan; what: string }> {
  const misplaced = SINGLE_SERIES_OPTIONS.find((o) => v[o] !== undefined);
  if (misplaced !== undefined) usage(`--${misplaced} applies to one series, not to --fleet`);
  const fleet = v.fleet as string;
  let plan: FleetPlan;
  let from = '';
  if (fleet === 'demo') {
    const config = await loadCommandConfig(NAME, v.config);
    plan = demoPlanFromConfig(config, { startEpochMs: c.startEpochMs, seed: c.seed, rateHz: c.rateHz }).plan;
    from = ` of ${v.config}`;
  } else {
    const n = /^\d+$/.test(fleet) ? Number(fleet) : NaN;
    if (!(n >= 1 && n <= MAX_ENTERPRISES)) usage(`--fleet must be demo or a number of enterprises from 1 to ${MAX_ENTERPRISES}, got '${fleet}'`);
    plan = planFleet({
      seed: c.seed,
      enterprises: n,
      rateHz: c.rateHz,
      startEpochMs: c.startEpochMs,
      problemWindowMs: [Math.round(c.durationMs / 4), Math.round(c.durationMs / 2)],
    });
  }
  const series = plan.enterprises.reduce((sum, e) => sum + e.lines.reduce((s, l) => s + l.series.length, 0), 0);
  return { plan, what: `fleet ${fleet}${from}, ${plan.enterprises.length} enterprises, ${series} series` };
}

function seriesPlan(v: Values, c: Common): { plan: FleetPlan; what: string } {
  const kind = (v.scenario ?? 'in-control') as ScenarioKind;
  if (!SCENARIO_KINDS.includes(kind)) usage(`--scenario must be one of ${SCENARIO_KINDS.join(', ')}, got '${v.scenario}'`);
  for (const [option, owner] of Object.entries(SCENARIO_OPTIONS)) {
    if (v[option as keyof Values] !== undefined && owner !== kind) usage(`--${option} applies to --scenario ${owner}, not ${kind}`);
  }
  if (kind === 'in-control' && v.at !== undefined) usage('--at does not apply to --scenario in-control');
  const characteristic = (v.characteristic ?? 'insulation_thickness') as CharacteristicName;
  const defaults = BVV_2X1_5.characteristics.find((d) => d.characteristic === characteristic);
  if (defaults === undefined) usage(`--characteristic must be one of ${PRODUCT_CHARACTERISTICS.join(', ')}, got '${v.characteristic}'`);
  const enterprise = idOption('enterprise', v.enterprise ?? 'sim-enterprise');
  const line = idOption('line', v.line ?? 'line-1');
  const atMs = durationOption(NAME, 'at', v.at, 0, c.durationMs) ?? Math.round(c.durationMs / 3);
  const scenario = scenarioFrom(kind, v, defaults, atMs, c.durationMs);
  const plan: FleetPlan = {
    seed: c.seed,
    startEpochMs: c.startEpochMs,
    enterprises: [
      {
        id: enterprise,
        profile: kind,
        gateway: { id: `${enterprise.slice(0, 60)}-gw1` },
        lines: [
          {
            id: line,
            product: DEFAULT_PRODUCT_ID,
            series: [
              {
                characteristic,
                spec: { lsl: defaults.lsl, usl: defaults.usl, target: defaults.target },
                model: { mean: defaults.mean, sigma: defaults.sigma, scenarios: scenario ? [scenario] : [] },
                rateHz: c.rateHz,
              },
            ],
          },
        ],
      },
    ],
  };
  const spec = [defaults.lsl !== null ? `lsl ${defaults.lsl}` : '', defaults.usl !== null ? `usl ${defaults.usl}` : ''].filter(Boolean).join(', ');
  const when = kind === 'in-control' ? '' : ` from ${formatDuration(atMs)}`;
  return { plan, what: `${enterprise}/${line}/${characteristic}, ${kind}${when} (spec ${spec} ${CHARACTERISTICS[characteristic].unit})` };
}

/** The one scenario of a single-series run, from its options and the characteristic's defaults. */
function scenarioFrom(kind: ScenarioKind, v: Values, d: CharacteristicDefaults, startMs: number, durationMs: number): Scenario | null {
  const limit = savingLimit(d) ?? d.mean + d.savingDirection * 6 * d.sigma;
  switch (kind) {
    case 'in-control':
      return null;
    case 'step':
      return { kind, startMs, delta: d.savingDirection * (numberOption(NAME, 'delta', v.delta) ?? 2) * d.sigma };
    case 'drift': {
      const remainingMs = Math.max(1, durationMs - startMs);
      const ratePerHour = numberOption(NAME, 'per-hour', v['per-hour']) ?? ((limit - d.mean) * 3_600_000) / remainingMs;
      return { kind, startMs, ratePerHour };
    }
    case 'variance': {
      const factor = numberOption(NAME, 'factor', v.factor) ?? 2;
      if (!(factor > 0)) usage(`--factor must be positive, got '${v.factor}'`);
      return { kind, startMs, factor };
    }
    case 'off-centre': {
      const distance = numberOption(NAME, 'distance', v.distance) ?? 2.5;
      const sigmaFactor = 0.5;
      return { kind, startMs, mean: limit - d.savingDirection * distance * d.sigma * sigmaFactor, sigmaFactor };
    }
    case 'stuck':
      return { kind, startMs, durationMs: durationOption(NAME, 'for', v.for, 1, MAX_DURATION_MS) ?? 60_000 };
    case 'bad-values': {
      const fraction = numberOption(NAME, 'fraction', v.fraction) ?? 0.05;
      if (!(fraction >= 0 && fraction <= 1)) usage(`--fraction must be from 0 to 1, got '${v.fraction}'`);
      return { kind, startMs, fraction };
    }
  }
}

function idOption(kind: 'enterprise' | 'line', id: string): string {
  const problem = idProblem(kind, id);
  if (problem !== null) usage(`--${kind}: ${problem}`);
  return id;
}

async function openOutput(path: string): Promise<Writable> {
  try {
    return await openCsvFile(path);
  } catch (err) {
    const why = fileErrorReason(err);
    throw new CliError('LW_USAGE', `${NAME}: cannot write ${path}: ${why}`);
  }
}

function usage(message: string): never {
  throw new CliError('LW_USAGE', `${NAME}: ${message}`);
}
