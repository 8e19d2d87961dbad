import type { Command } from './command.js';
import { CliError } from '../cli-error.js';
import { numberOption, parseCommandLine } from '../options.js';
import {
  DEFAULT_ARL_OPTIONS,
  ARL_NUMERICS,
  ArlOptionError,
  ArlPrecisionError,
  arlCurve,
  MAX_SHIFTS,
  validateCusumDesign,
  validateEwmaDesign,
  validateShewhartDesign,
  type ArlPoint,
  type ChartDesign,
} from '../../spc/arl/index.js';
import { withDefaults } from '../../domain/with-defaults.js';

const NAME = 'arl';
const CHARTS = ['ewma', 'cusum', 'shewhart'] as const;
type ChartName = (typeof CHARTS)[number];

const OPTIONS = {
  chart: { type: 'string' },
  lambda: { type: 'string' },
  L: { type: 'string' },
  limits: { type: 'string' },
  k: { type: 'string' },
  h: { type: 'string' },
  shifts: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type RawOptions = { [name in keyof typeof OPTIONS]?: string | boolean };

/** Which design options each chart takes; any other is a usage error, not silently ignored. */
const APPLIES: Readonly<Record<ChartName, readonly string[]>> = {
  ewma: ['lambda', 'L', 'limits'],
  cusum: ['k', 'h'],
  shewhart: ['L'],
};

const d = DEFAULT_ARL_OPTIONS;
const USAGE = `usage: linewatch arl --chart ewma|cusum|shewhart [options] [--json]

Average run length (ARL) of a control chart design at mean shifts, for
choosing chart parameters: zero-state, known in-control mean and sigma,
counting the signalling sample. Computed exactly (integral equations solved
by Gauss-Legendre quadrature), not by simulation.

options:
  --chart NAME     ewma, cusum or shewhart (required)
  --lambda X       EWMA weight of the newest sample, in (0, 1] (default ${d.ewma.lambda})
  --L X            EWMA: limit width in standard deviations of the EWMA (default ${d.ewma.L})
                   Shewhart individuals: limit width in sigma (default ${d.shewhart.L})
  --limits KIND    EWMA limits: exact (time-varying, the default) or asymptotic
  --k X            CUSUM reference value in sigma (default ${d.cusum.k})
  --h X            CUSUM decision interval in sigma (default ${d.cusum.h}); two-sided
  --shifts LIST    mean shifts in sigma, comma-separated (default ${d.shifts.join(',')});
                   a list starting with a minus sign is written --shifts=-1,0,1
  --json           print [ { "shift": number, "arl": number } ]`;

export const arlCommand: Command = {
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const { values } = parseCommandLine(NAME, argv, OPTIONS, false);
    const raw = values as RawOptions;
    const design = designFrom(raw);
    const shifts = shiftsFrom(raw.shifts as string | undefined);
    const points = computeCurve(design, shifts);
    process.stdout.write(raw.json ? `${toJson(points)}\n` : `${toTable(design, points)}\n`);
    return 0;
  },
};

/** The chart design from the options, validated before any computing starts. */
function designFrom(raw: RawOptions): ChartDesign {
  const chart = raw.chart as string | undefined;
  if (chart === undefined) usage(`--chart is required (${CHARTS.join(', ')})`);
  if (!(CHARTS as readonly string[]).includes(chart)) usage(`--chart must be one of ${CHARTS.join(', ')}, got '${chart}'`);
  const name = chart as ChartName;
  for (const option of ['lambda', 'L', 'limits', 'k', 'h'] as const) {
    if (raw[option] !== undefined && !APPLIES[name].includes(option)) usage(`--${option} does not apply to --chart ${name}`);
  }
  const num = (option: 'lambda' | 'L' | 'k' | 'h'): number | undefined => numberOption(NAME, option, raw[option] as string | undefined);
  return withOptionErrors(raw, () => {
    switch (name) {
      case 'ewma':
        return validateEwmaDesign({
          chart: 'ewma',
          ...withDefaults(d.ewma, { lambda: num('lambda'), L: num('L'), limits: raw.limits as 'exact' | 'asymptotic' | undefined }),
        });
      case 'cusum':
        return validateCusumDesign({ chart: 'cusum', ...withDefaults(d.cusum, { k: num('k'), h: num('h') }), sided: 'two' });
      case 'shewhart':
        return validateShewhartDesign({ chart: 'shewhart', ...withDefaults(d.shewhart, { L: num('L') }) });
    }
  });
}

function shiftsFrom(raw: string | undefined): number[] {
  if (raw === undefined) return [...d.shifts];
  const parts = raw.split(',').map((part) => part.trim());
  const shifts = parts.map(Number);
  if (parts.some((part) => part === '') || shifts.some((shift) => !Number.isFinite(shift))) {
    usage(`--shifts must be a comma-separated list of numbers, got '${raw}'`);
  }
  if (shifts.length > MAX_SHIFTS) usage(`--shifts takes at most ${MAX_SHIFTS} values, got ${shifts.length}`);
  return shifts;
}

function computeCurve(design: ChartDesign, shifts: number[]): ArlPoint[] {
  try {
    return arlCurve(design, shifts);
  } catch (err) {
    // A design the method cannot resolve (an ARL near 1e15, say) is the user's
    // choice of parameters, so it is reported like any other bad option.
    if (err instanceof ArlPrecisionError) usage(err.message);
    throw err;
  }
}

/** Runs `build`, reporting a design option out of range in command-line terms. */
function withOptionErrors<T>(raw: RawOptions, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof ArlOptionError)) throw err;
    const option = err.option === 'shift' ? 'shifts' : err.option;
    const given = raw[option as keyof RawOptions];
    usage(`--${option} must be ${err.requirement}, got '${typeof given === 'string' ? given : String(err.value)}'`);
  }
}

function usage(message: string): never {
  throw new CliError('LW_USAGE', `${NAME}: ${message}`);
}

function toJson(points: readonly ArlPoint[]): string {
  return JSON.stringify(
    points.map(({ shift, arl }) => ({ shift, arl })),
    null,
    2,
  );
}

function toTable(design: ChartDesign, points: readonly ArlPoint[]): string {
  const rows = points.map((p) => [String(p.shift), formatArl(p.arl)]);
  const shiftWidth = Math.max('shift (sigma)'.length, ...rows.map((r) => r[0].length));
  const arlWidth = Math.max('ARL'.length, ...rows.map((r) => r[1].length));
  const line = (a: string, b: string): string => `  ${a.padStart(shiftWidth)}  ${b.padStart(arlWidth)}`;
  return [
    describe(design),
    'Zero-state ARL in samples: known parameters, the signalling sample counted.',
    method(design, points),
    '',
    line('shift (sigma)', 'ARL'),
    ...rows.map(([a, b]) => line(a, b)),
  ].join('\n');
}

function describe(design: ChartDesign): string {
  switch (design.chart) {
    case 'ewma':
      return `EWMA chart, lambda ${design.lambda}, L ${design.L}, ${design.limits === 'exact' ? 'exact (time-varying)' : 'asymptotic'} limits`;
    case 'cusum':
      return `Two-sided tabular CUSUM, k ${design.k}, h ${design.h} (sigma)`;
    case 'shewhart':
      return `Shewhart individuals chart, limits +/- ${design.L} sigma`;
  }
}

function method(design: ChartDesign, points: readonly ArlPoint[]): string {
  if (design.chart === 'shewhart') return 'Method: closed form, ARL = 1 / P(|X| > L).';
  const nodes = points.map((p) => p.nodes);
  const low = Math.min(...nodes);
  const high = Math.max(...nodes);
  const range = low === high ? `${low}` : `${low}-${high}`;
  return `Method: integral equation, Gauss-Legendre Nystrom with ${range} nodes, converged to ${ARL_NUMERICS.relativeTolerance} relative.`;
}

/** About five significant digits, without exponents until they are needed. */
function formatArl(arl: number): string {
  if (arl >= 1e7) return arl.toExponential(4);
  if (arl >= 1000) return arl.toFixed(0);
  if (arl >= 100) return arl.toFixed(1);
  if (arl >= 10) return arl.toFixed(2);
  return arl.toFixed(3);
}
