import { readFile } from 'node:fs/promises';
import { CsvFormatError, parseMeasurementCsv, type CsvRow } from '../../domain/measurement-csv.js';
import { classifyRawValue } from '../../domain/sample-value.js';
import { analyzeSeries, MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE, type RejectedRow } from '../../spc/index.js';
import { MAX_BASELINE } from '../../spc/options.js';
import { CliError } from '../cli-error.js';
import { integerOption, numberOption, parseCommandLine } from '../options.js';
import { formatAnalysisText } from '../analysis-text.js';
import type { Command } from './command.js';
import { fileErrorReason } from '../../ops/file-error.js';

const USAGE = `usage: linewatch analyze FILE.csv [--lsl X] [--usl Y] [--subgroup-size N] [--baseline N]
                        [--lambda 0.2] [--L 3] [--k 0.5] [--h 5] [--series E/L/C] [--json]

Statistical process control report for one series of measurements
(CSV header: ts,enterprise,line,characteristic,value).

  --lsl, --usl       specification limits (give one for a one-sided spec)
  --subgroup-size N  also run Xbar-R and Xbar-S charts on blocks of N (${MIN_SUBGROUP_SIZE}..${MAX_SUBGROUP_SIZE})
  --baseline N       Phase I length in valid samples (default 200)
  --lambda, --L      EWMA weight and limit width (default 0.2, 3)
  --k, --h           CUSUM reference value and decision interval in sigma (default 0.5, 5)
  --series E/L/C     pick one series (enterprise/line/characteristic) from a file holding several
  --json             print the report as JSON (otherwise as text for a person)

Exit codes: 0 report printed, 2 bad usage or unusable input.`;

const OPTIONS = {
  lsl: { type: 'string' },
  usl: { type: 'string' },
  'subgroup-size': { type: 'string' },
  baseline: { type: 'string' },
  lambda: { type: 'string' },
  L: { type: 'string' },
  k: { type: 'string' },
  h: { type: 'string' },
  series: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const analyzeCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine('analyze', argv, OPTIONS);
    if (positionals.length !== 1) throw new CliError('LW_USAGE', `analyze: expected one CSV file, got ${positionals.length} (see 'linewatch analyze --help')`);
    const file = positionals[0];
    const lsl = numberOption('analyze', 'lsl', values.lsl) ?? null;
    const usl = numberOption('analyze', 'usl', values.usl) ?? null;
    if (lsl !== null && usl !== null && !(lsl < usl)) throw new CliError('LW_USAGE', `analyze: --lsl (${lsl}) must be below --usl (${usl})`);
    const subgroupSize = integerOption('analyze', 'subgroup-size', values['subgroup-size'], MIN_SUBGROUP_SIZE, MAX_SUBGROUP_SIZE);
    const baseline = integerOption('analyze', 'baseline', values.baseline, 2, MAX_BASELINE);
    const ewmaLambda = numberOption('analyze', 'lambda', values.lambda);
    if (ewmaLambda !== undefined && !(ewmaLambda > 0 && ewmaLambda <= 1)) throw new CliError('LW_USAGE', `analyze: --lambda must be in (0, 1], got ${ewmaLambda}`);
    const ewmaL = positive('L', numberOption('analyze', 'L', values.L));
    const cusumK = numberOption('analyze', 'k', values.k);
    if (cusumK !== undefined && cusumK < 0) throw new CliError('LW_USAGE', `analyze: --k must be zero or positive, got ${cusumK}`);
    const cusumH = positive('h', numberOption('analyze', 'h', values.h));

    const rows = selectSeries(file, await readRows(file), values.series);
    const samples: number[] = [];
    const rejected: RejectedRow[] = [];
    for (const row of rows) {
      if (row.malformed) {
        rejected.push({ row: row.row, reason: `malformed row (${row.malformed})` });
        continue;
      }
      const verdict = classifyRawValue(row.value);
      if (verdict.ok) samples.push(verdict.value);
      else rejected.push({ row: row.row, reason: verdict.reason });
    }
    if (samples.length === 0) {
      const why = rows.length === 0 ? 'it has no data rows' : `all ${rows.length} data rows were rejected (${summariseReasons(rejected)})`;
      throw new CliError('LW_INPUT', `analyze: ${file}: no valid rows: ${why}`);
    }
    const report = analyzeSeries({
      samples,
      totalRows: rows.length,
      rejected,
      spec: { lsl, usl },
      subgroupSize,
      options: { baseline, ewmaLambda, ewmaL, cusumK, cusumH },
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAnalysisText(file, report));
    return 0;
  },
};

function positive(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(value > 0)) throw new CliError('LW_USAGE', `analyze: --${name} must be positive, got ${value}`);
  return value;
}

async function readRows(file: string): Promise<CsvRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const why = fileErrorReason(err);
    throw new CliError('LW_INPUT', `analyze: cannot read ${file}: ${why}`);
  }
  try {
    return parseMeasurementCsv(text);
  } catch (err) {
    if (err instanceof CsvFormatError) throw new CliError('LW_INPUT', `analyze: ${file}: ${err.message}`);
    throw err;
  }
}

/** One report is one series: a file holding several must name the one wanted. */
function selectSeries(file: string, rows: CsvRow[], wanted: string | undefined): CsvRow[] {
  const key = (r: CsvRow) => `${r.enterprise}/${r.line}/${r.characteristic}`;
  if (wanted !== undefined) {
    const picked = rows.filter((r) => !r.malformed && key(r) === wanted);
    if (picked.length === 0) throw new CliError('LW_INPUT', `analyze: ${file}: no rows of series '${wanted}'`);
    return picked;
  }
  const seen = new Set<string>();
  for (const r of rows) if (!r.malformed) seen.add(key(r));
  if (seen.size > 1) {
    const names = [...seen].slice(0, 5).join(', ');
    throw new CliError('LW_INPUT', `analyze: ${file} holds ${seen.size} series (${names}${seen.size > 5 ? ', ...' : ''}); pick one with --series enterprise/line/characteristic`);
  }
  return rows;
}

function summariseReasons(rejected: RejectedRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
}
