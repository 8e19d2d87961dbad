/**
 * The county benchmark (issue 8): can one machine carry a whole county
 * cluster, 1,050 enterprises x 3 lines x 4 characteristics at 10 Hz =
 * 126,000 points/s, end to end?
 *
 *   npm run bench -- --scenario county [enterprises=1050] [lines=3] [hz=10] [seconds=60]
 *                                      [warmup=25] [drain=120] [batchms=100] [window=64]
 *                                      [probes=5] [probems=250] [record=1]
 *
 *   enterprises  gateways, one per enterprise (the probe's included)
 *   lines        lines per enterprise, 4 characteristics each
 *   hz           readings per series per second
 *   seconds      the measured window
 *   warmup       load before the window: logins, JIT and the 200-reading SPC
 *                baseline of every series (20 s at 10 Hz)
 *   drain        longest wait after the window for every batch to be acknowledged
 *   batchms      a gateway closes a batch every this many ms; the default, one
 *                batch per reading, is what the real gateway does at 10 Hz (it
 *                closes a batch 50 ms after its first point)
 *   window       batches a gateway has out unacknowledged, at most (the real one's)
 *   probes       enterprises whose gateways carry the step shifts (out of `enterprises`)
 *   probems      one step shift every this many ms during the window
 *   record=1     also write bench/results/county.md and county.json
 *
 * How: the broker (`linewatch broker`) and the analytics service
 * (`linewatch analytics`, embedded DuckDB store) run as their own processes,
 * as in production, with their /metrics on --ops-port. The dashboard does
 * not: with the embedded store only the process that owns the database can
 * serve it (`linewatch dashboard` needs InfluxDB), so its place on the bus is
 * taken by the probe's dashboard-role client, which reads alerts and sends
 * resolve commands as a standalone dashboard would. The gateways run in one
 * process of their own on raw MQTT connections, one per gateway, logged in
 * as that gateway so the broker's ACL lets each publish only under its own
 * enterprise; payloads are built from pieces prepared once
 * (bench/county/batch-payloads.ts). A few gateways run in a second process,
 * the probe, which injects step shifts (6.5 sigma for 3 readings) and times
 * each from the publish of the shifted reading to its alert arriving on
 * `linewatch/v1/alerts/<enterprise>`.
 *
 * Prints: sustained ingest (points/s the analytics service counted stored,
 * SPC evaluated, over the window: not what was offered), alert latency
 * p50/p95/p99, points sent = acknowledged = in the store after the run, CPU
 * (user + sys from /proc/<pid>/stat, % of one core) and RSS of every process,
 * store size on disk per million points; then, if the target is not met, how
 * far short and where the time goes. The same figures go to a JSON file in
 * the temp folder (path printed) and, with record=1, to bench/results/.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCountyReport } from '../county/county-report.js';
import { runCounty } from '../county/county-run.js';
import { CountyOptionError, type CountyOptions, parseCountyOptions } from '../county/options.js';
import { recordCountyResults } from '../county/results-file.js';

export async function run(args: string[]): Promise<void> {
  let options: CountyOptions;
  try {
    options = parseCountyOptions(args);
  } catch (err) {
    if (!(err instanceof CountyOptionError)) throw err;
    process.stderr.write(`bench county: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const result = await runCounty(options, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`\n${renderCountyReport(result)}\n`);
  const { timeline: _timeline, ...summary } = result;
  process.stdout.write(`\n${JSON.stringify(summary)}\n`);
  const jsonFile = join(tmpdir(), `linewatch-county-${result.machine.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nall figures (with the per-second timeline): ${jsonFile}\n`);
  if (options.record) {
    const files = await recordCountyResults(result);
    process.stdout.write(`recorded: ${files.join(', ')}\n`);
  }
}
