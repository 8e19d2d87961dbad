import { CsvFormatError } from '../../domain/measurement-csv.js';
import { MeasurementCsvStream } from '../../domain/measurement-stream.js';
import { fileErrorReason } from '../../ops/file-error.js';
import { CliError } from '../cli-error.js';
import { readLiveConfig } from '../live-config.js';
import { MonitorReplay } from '../monitor-replay.js';
import { monitorReport } from '../monitor-report.js';
import { formatMonitorText } from '../monitor-text.js';
import { numberOption, parseCommandLine } from '../options.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch monitor FILE.csv [--config FILE] [--series E/L/C] [--lsl X] [--usl Y] [--json]

Replays measurement CSV (header ts,enterprise,line,characteristic,value) through
the live alert engine, in sample time, as if it had streamed in: per series a
30-minute Phase I (stability-checked, then limits locked and versioned), then
budgeted CUSUMs on whitened subgroup residuals and alert episodes.

  --config FILE      live monitor options as JSON: the fields of LiveMonitorOptions
                     (e.g. {"falseAlarmsPerSeriesPerWeek": 0.5, "baselineMinutes": 20}),
                     with optional "byCharacteristic": {"<name>": {...}} overrides,
                     or a file with such a "live" section (default: the built-in options)
  --series E/L/C     only this series (enterprise/line/characteristic); default all
  --lsl, --usl       specification limits for every series (default none: no out-of-spec checks)
  --json             print the report as JSON (otherwise as text for a person)

Rows are read in file order; each series' readings must be in time order (a
reading at or before its series' previous one is rejected and listed, as are
bad values, bad timestamps and malformed rows).

Exit codes: 0 report printed, 2 bad usage or unusable input.`;

const OPTIONS = {
  config: { type: 'string' },
  series: { type: 'string' },
  lsl: { type: 'string' },
  usl: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const monitorCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine('monitor', argv, OPTIONS);
    if (positionals.length !== 1) throw new CliError('LW_USAGE', `monitor: expected one CSV file, got ${positionals.length} (see 'linewatch monitor --help')`);
    const file = positionals[0];
    const lsl = numberOption('monitor', 'lsl', values.lsl) ?? null;
    const usl = numberOption('monitor', 'usl', values.usl) ?? null;
    if (lsl !== null && usl !== null && !(lsl < usl)) throw new CliError('LW_USAGE', `monitor: --lsl (${lsl}) must be below --usl (${usl})`);
    const only = values.series;
    if (only !== undefined && only.split('/').length < 3) throw new CliError('LW_USAGE', `monitor: --series must be enterprise/line/characteristic, got '${only}'`);
    const config = await readLiveConfig('monitor', values.config);
    const spec = { lsl, usl };

    const replay = new MonitorReplay(config, spec, only);
    const stream = new MeasurementCsvStream(replay);
    try {
      await stream.readFile(file);
    } catch (err) {
      if (err instanceof CsvFormatError) throw new CliError('LW_INPUT', `monitor: ${file}: ${err.message}`);
      if (typeof (err as NodeJS.ErrnoException).code === 'string') throw new CliError('LW_INPUT', `monitor: cannot read ${file}: ${fileErrorReason(err)}`);
      throw err;
    }
    replay.finish();
    if (only !== undefined && replay.replayed.length === 0) throw new CliError('LW_INPUT', `monitor: ${file}: no rows of series '${only}'`);
    if (replay.valid === 0) {
      const total = replay.rejectedCount;
      const reasons = [...replay.reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
      throw new CliError('LW_INPUT', `monitor: ${file}: no valid rows: ${total === 0 ? 'it has no data rows' : `all ${total} data rows were rejected (${reasons})`}`);
    }
    const report = monitorReport(file, config, spec, replay, stream.skippedRows);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatMonitorText(report));
    return 0;
  },
};
