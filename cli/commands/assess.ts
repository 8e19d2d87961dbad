import { catalogFromConfig, enterpriseProfiles } from '../../analytics/config-catalog.js';
import { OfflineAssessment } from '../../analytics/risk/offline-assessment.js';
import { assessJson, formatAssessText } from '../assess-report.js';
import { CsvFormatError } from '../../domain/measurement-csv.js';
import { MeasurementCsvStream, type MeasurementRowSink, type MeasurementSeries } from '../../domain/measurement-stream.js';
import { fileErrorReason } from '../../ops/file-error.js';
import { CliError } from '../cli-error.js';
import { parseCommandLine } from '../options.js';
import { loadCommandConfig } from '../service-runner.js';
import type { Command } from './command.js';

const NAME = 'assess';

const USAGE = `usage: linewatch assess FILE.csv --config FILE [--json]

The risk assessment of a measurement CSV (header ts,enterprise,line,characteristic,value),
offline and in sample time, through the same code as the live stack: per enterprise
the risk score and level, each series' diagnosis, the class the risk model suggests
(its smoothed score in sample time, from the registered class) and the daily evidence
(readings, readings out of spec and minutes at high risk, per UTC day of the readings).

  --config FILE   the linewatch configuration: enterprises, their lines, products and
                  specification limits, the risk and live monitor parameters
  --json          print the result as JSON (otherwise as text for a person)

Each series' readings must be in time order (a reading at or before its series' previous
one is skipped and counted); readings of series the configuration does not define are
refused and counted, with the reason.

Exit codes: 0 assessment printed, 2 bad usage or unusable input.`;

const OPTIONS = {
  config: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const assessCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine(NAME, argv, OPTIONS);
    if (positionals.length !== 1) throw new CliError('LW_USAGE', `${NAME}: expected one CSV file, got ${positionals.length} (see 'linewatch assess --help')`);
    const file = positionals[0];
    const config = await loadCommandConfig(NAME, values.config);
    const run = new OfflineAssessment({ catalog: catalogFromConfig(config), enterprises: enterpriseProfiles(config), risk: config.risk, live: config.live });
    const sink = new AssessSink(run);
    const stream = new MeasurementCsvStream(sink);
    try {
      await stream.readFile(file);
    } catch (err) {
      if (err instanceof CsvFormatError) throw new CliError('LW_INPUT', `${NAME}: ${file}: ${err.message}`);
      if (typeof (err as NodeJS.ErrnoException).code === 'string') throw new CliError('LW_INPUT', `${NAME}: cannot read ${file}: ${fileErrorReason(err)}`);
      throw err;
    }
    if (sink.readings === 0) {
      const reasons = [...sink.reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
      throw new CliError('LW_INPUT', `${NAME}: ${file}: no valid rows: ${sink.rejectedRows === 0 ? 'it has no data rows' : `all ${sink.rejectedRows} data rows were rejected (${reasons})`}`);
    }
    const result = run.finish();
    const rejected = Object.fromEntries(sink.reasons);
    process.stdout.write(values.json ? `${JSON.stringify(assessJson(file, result, sink.rejectedRows, rejected), null, 2)}\n` : formatAssessText(file, result, sink.rejectedRows, rejected));
    return 0;
  },
};

/** Feeds the valid rows of the CSV to the assessment and counts the others by reason. */
class AssessSink implements MeasurementRowSink {
  readings = 0;
  rejectedRows = 0;
  readonly reasons = new Map<string, number>();
  private readonly refs: MeasurementSeries[] = [];

  constructor(private readonly run: OfflineAssessment) {}

  series(ref: MeasurementSeries, index: number): boolean {
    this.refs[index] = ref;
    return true;
  }

  reading(_row: number, series: number, ts: number, value: number): void {
    const r = this.refs[series];
    this.readings += 1;
    this.run.reading(r.enterprise, r.line, r.characteristic, ts, value);
  }

  rejected(_row: number, _series: number, reason: string): void {
    this.rejectedRows += 1;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }
}
