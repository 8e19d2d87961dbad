import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileErrorReason } from '../../ops/file-error.js';
import { parseMonth } from '../../report/month.js';
import { buildMonthlyReport } from '../../report/monthly-report.js';
import { ReportError } from '../../report/report-error.js';
import { renderMonthlyReportHtml } from '../../report/report-html.js';
import { isStoreError } from '../../store/errors.js';
import { openStore } from '../../store/open-store.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { LinewatchConfig, StoreConfig } from '../../config/resolve.js';
import { CliError } from '../cli-error.js';
import { parseCommandLine } from '../options.js';
import { loadCommandConfig } from '../service-runner.js';
import { storeConfigOf } from '../store-config.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch report --config FILE --month YYYY-MM [--enterprise ID] [--format json|html] [--out FILE]

The monthly quality report of a calendar month (UTC): per enterprise, per
line and characteristic n, mean, sd, Pp/Ppk and expected ppm with the change
from the month before; the alert episodes raised (by severity and by rule)
and what became of them, with a Pareto of their causes (labelled from the
configuration's alerts catalogue); the risk trend, suggested class and next
inspection; a ranking and cluster totals.
The report says what each figure is and over what data.

  --config FILE      the linewatch configuration (JSON); the report reads its store
  --month YYYY-MM    the month, e.g. 2026-01 (a month under way is marked incomplete)
  --enterprise ID    only this enterprise (the report its own staff may see)
  --format FORMAT    json (default: the report object) or html (a printable A4 page)
  --out FILE         write to FILE instead of standard output

The embedded store can be opened by one process at a time: stop 'linewatch
start' or 'linewatch analytics' first, or use an InfluxDB store.

Exit codes: 0 report written, 2 bad usage, configuration, month or enterprise,
or a store that cannot be opened, 1 the store failed while reading.`;

const OPTIONS = {
  config: { type: 'string' },
  month: { type: 'string' },
  enterprise: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

export const reportCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine('report', argv, OPTIONS, false);
    if (values.month === undefined) throw new CliError('LW_USAGE', "report: --month YYYY-MM is required (see 'linewatch report --help')");
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'html') throw new CliError('LW_USAGE', `report: --format must be json or html, got '${format}'`);
    if (values.out !== undefined && values.out.trim() === '') throw new CliError('LW_USAGE', 'report: --out must name a file');
    const now = Date.now();
    // Checked before the store is opened: a typo should not wait on a database.
    try {
      parseMonth(values.month, now);
    } catch (err) {
      throw translate(err);
    }
    const config = await loadCommandConfig('report', values.config);
    if (values.enterprise !== undefined && !config.enterprises.some((e) => e.id === values.enterprise)) {
      throw new CliError('LW_USAGE', `report: no enterprise '${values.enterprise}' in ${config.source}`);
    }

    const store = await openReportStore(config);
    let text: string;
    try {
      const report = await buildMonthlyReport({ config, store, month: values.month, now, enterprise: values.enterprise });
      text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMonthlyReportHtml(report);
    } catch (err) {
      throw translate(err);
    } finally {
      await store.close().catch(() => {});
    }
    if (values.out === undefined) {
      process.stdout.write(text);
      return 0;
    }
    await writeReport(values.out, text);
    process.stdout.write(`linewatch report: ${values.month}${values.enterprise ? ` of '${values.enterprise}'` : ''} written to ${values.out} (${format})\n`);
    return 0;
  },
};

async function openReportStore(config: LinewatchConfig): Promise<TimeSeriesStore> {
  const storeConfig: StoreConfig = storeConfigOf('report', config);
  if (storeConfig.kind === 'embedded') {
    // Opening creates a database; a report must not, and an empty one would read as a silent cluster.
    const { DATABASE_FILE } = await import('../../store/duckdb/duckdb-store.js');
    if (!existsSync(join(storeConfig.dataDir, DATABASE_FILE))) {
      throw new CliError('LW_CONFIG', `report: no embedded store in ${storeConfig.dataDir} (store.dataDir of ${config.source}): nothing has been stored there yet`);
    }
  }
  try {
    return await openStore(storeConfig);
  } catch (err) {
    const message = (err as Error).message;
    // DuckDB's "Could not set lock on file ...: Conflicting lock is held in ... (PID n)".
    if (/could not set lock|conflicting lock/i.test(message)) {
      const pid = /\(PID (\d+)\)/.exec(message)?.[1];
      throw new CliError(
        'LW_RUNTIME',
        `report: the embedded store is in use by another process${pid ? ` (PID ${pid})` : ''}; it allows one process at a time: stop linewatch start/analytics or use InfluxDB`,
      );
    }
    throw new CliError('LW_RUNTIME', `report: cannot open the store: ${message}`);
  }
}

/** Through a temporary file, so a failed write never leaves half a report where a whole one is expected. */
async function writeReport(file: string, text: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, text);
    await rename(partial, file);
  } catch (err) {
    throw new CliError('LW_USAGE', `report: cannot write ${file}: ${fileErrorReason(err)}`);
  }
}

function translate(err: unknown): unknown {
  if (err instanceof ReportError) {
    // What a report refuses (the month, the enterprise) is the caller's to fix.
    return new CliError('LW_USAGE', `report: ${err.message}`, 2);
  }
  if (isStoreError(err)) return new CliError('LW_RUNTIME', `report: the store failed while reading: ${err.message}`, 1);
  return err;
}
