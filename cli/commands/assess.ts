import { catalogFromConfig, enterpriseProfiles } from '../../core/catalog/config-catalog.js';
import { OfflineAssessment } from '../../core/enterprise-risk/offline-assessment.js';
import { assessJson, formatAssessText } from '../assess-report.js';
import { readRecordsFile } from '../records-file.js';
import { suggestClass } from '../../supervision-service/class-suggestion.js';
import { classificationOptions } from '../../supervision/classification-options.js';
import type { ClassSuggestion } from '../../supervision/classification.js';
import type { OfflineResult } from '../../core/enterprise-risk/offline-assessment.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { SupervisionRecord } from '../../supervision/records.js';
import { CsvFormatError } from '../../domain/measurement-csv.js';
import { MeasurementCsvStream, type MeasurementRowSink, type MeasurementSeries } from '../../domain/measurement-stream.js';
import { fileErrorReason } from '../../ops/file-error.js';
import { CliError } from '../cli-error.js';
import { parseCommandLine } from '../options.js';
import { loadCommandConfig } from '../service-runner.js';
import type { Command } from './command.js';

const NAME = 'assess';

const USAGE = `usage: linewatch assess FILE.csv --config FILE [--records FILE] [--json]

The risk assessment of a measurement CSV (header ts,enterprise,line,characteristic,value),
offline and in sample time, through the same code as the live stack: per enterprise
the risk score and level, each series' diagnosis, the class the risk model suggests
(its smoothed score in sample time, from the registered class), the daily evidence
(readings, readings out of spec and minutes at high risk, per UTC day of the readings)
and the class the county's standard suggests, with every condition behind it (met,
failed or unknown, its evidence and the record ids), as of the enterprise's last day
of readings, computed as the live supervision service computes it.

  --config FILE   the linewatch configuration: enterprises (their registered class),
                  their lines, products and specification limits, the risk and live
                  monitor parameters
  --records FILE  register records as JSON: a list of records, or { "records": [...] },
                  each as POST /api/register/records takes it (with id). Without it the
                  classification runs on no records: no record gives C, and the A
                  conditions that need records are unknown or not met, so no
                  enterprise is suggested A
  --json          print the result as JSON (otherwise as text for a person)

Each series' readings must be in time order (a reading at or before its series' previous
one is skipped and counted); readings of series the configuration does not define are
refused and counted, with the reason. A bad records file or record is refused as a
whole, naming the record's index and field.

Exit codes: 0 assessment printed, 2 bad usage or unusable input.`;

const OPTIONS = {
  config: { type: 'string' },
  records: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const assessCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine(NAME, argv, OPTIONS);
    if (positionals.length !== 1) throw new CliError('LW_USAGE', `${NAME}: expected one CSV file, got ${positionals.length} (see 'linewatch assess --help')`);
    const file = positionals[0];
    const config = await loadCommandConfig(NAME, values.config);
    // Records first: a bad records file is refused before minutes of CSV are read.
    const records = values.records === undefined ? null : await readRecordsFile(NAME, values.records, new Set(config.enterprises.map((e) => e.id)));
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
    const classes = suggestClasses(config, result, records ?? []);
    const report = { file, result, rejectedRows: sink.rejectedRows, rejected, classes, recordsFile: values.records ?? null };
    process.stdout.write(values.json ? `${JSON.stringify(assessJson(report), null, 2)}\n` : formatAssessText(report));
    return 0;
  },
};

/**
 * Each enterprise's class by the county's standard, as the live service
 * suggests it (supervision-service/class-suggestion.ts): as of its last day
 * of evidence; an enterprise without readings is judged as of the file's
 * last day (sample time, not the wall clock).
 */
function suggestClasses(config: LinewatchConfig, result: OfflineResult, records: readonly SupervisionRecord[]): Map<string, ClassSuggestion> {
  const options = classificationOptions();
  // biome-ignore lint/complexity/useMathMinMax: days are ISO date strings; Math.max would make them NaN.
  const lastDay = result.enterprises.flatMap((e) => e.evidence.series.map((d) => d.day)).reduce((a, b) => (b > a ? b : a), '');
  const dayWithoutEvidence = lastDay || new Date().toISOString().slice(0, 10);
  return new Map(
    result.enterprises.map((e) => [
      e.id,
      suggestClass({ config, enterprise: e.id, records, evidence: { seriesDays: e.evidence.series, enterpriseDays: e.evidence.enterprise }, dayWithoutEvidence, options }),
    ]),
  );
}

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
