/**
 * The county benchmark (issues 8 and 16): can one machine carry K counties,
 * K x 1,050 enterprises x 3 lines x 4 characteristics at 10 Hz =
 * K x 126,000 points/s, end to end, with every alert on the regulator's
 * socket within half a second and every batch acknowledged?
 *
 *   npm run bench -- --scenario county [scale=1] [store=embedded|influx] [shards=N]
 *                                      [enterprises=round(1050 x scale)] [lines=3] [hz=10]
 *                                      [seconds=60] [warmup=100] [drain=120] [batchms=1000]
 *                                      [window=64] [probes=5] [probems=250] [record=1]
 *
 *   scale        multiples of the county (fractional is fine: 0.25, 0.5, 2); sets
 *                enterprises and the target: K x 126,000 points/s offered and sustained
 *   store        embedded (DuckDB in the analytics process) or influx (a real influxd,
 *                test/support/influxd.ts, its own process, counted like the others)
 *   shards       passed to the analytics service as `--shards N`; absent, no flag (its default)
 *   enterprises  gateways, one per enterprise (the probe's included); overrides scale's
 *   lines        lines per enterprise, 4 characteristics each
 *   hz           readings per series per second
 *   seconds      the measured window
 *   warmup       load before the window: logins, JIT, the store's first writes and
 *                the live charts' Phase I (the county configuration sets a 90 s
 *                baseline instead of the default 30 min, so every series' charts are
 *                locked and evaluated through the measured window)
 *   drain        longest wait after the window for every batch to be acknowledged
 *   batchms      a gateway closes a batch every this many ms (rounded to whole
 *                readings): the default 1000 is the real gateway's (10 readings of
 *                its 12 series, 120 points a batch); 100 is 1 reading, 12 points
 *   window       batches a gateway has out unacknowledged, at most (the real one's)
 *   probes       enterprises whose gateways carry the step shifts (out of `enterprises`)
 *   probems      one step shift every this many ms during the window
 *   record=1     also write bench/results/county-<scale>x[-influx][-shardsN].md and .json
 *
 * How: every part of the stack runs as its own process, as in production
 * (bench/county/county-stack.ts): the broker (`linewatch broker`), the
 * analytics service (`linewatch analytics`, /metrics on --ops-port), the
 * store (influxd with store=influx) and the dashboard, which follows alerts
 * over MQTT as a dashboard-role service (the "remote" model of
 * dashboard/from-config.ts). With InfluxDB it is `linewatch dashboard`
 * itself. With the embedded store only the analytics process can open the
 * DuckDB file and `linewatch dashboard` refuses it, so the same dashboard
 * is built by bench/county/dashboard-process.ts on a database directory of
 * its own: the alert path timed (bus -> dashboard -> socket) does not read
 * the store, so the figure is the one a shared store would give.
 *
 * The gateways run in one process of their own on raw MQTT connections, one
 * per gateway, logged in as that gateway so the broker's ACL lets each
 * publish only under its own enterprise; payloads are built from pieces
 * prepared once (bench/county/batch-payloads.ts). Each gateway closes its
 * batches at its own phase of the batch interval (its first batch is short by
 * its index modulo the readings a batch), as real gateways' own timers do,
 * rather than all 1,050 on the same reading. A few gateways run in a
 * second process, the probe, which injects step shifts (3 sigma past the
 * specification limit for 3 readings: out of specification is the signal
 * armed from the first reading) and times each from the publish of the batch carrying the
 * shifted reading to (a) the 'alert' event on the socket.io channel of a
 * regulator logged in to the dashboard over HTTP (the target's measure) and
 * (b) the alert on `linewatch/v1/alerts/<enterprise>` (MQTT, a
 * dashboard-role client that also resolves each alert). One clock, the
 * probe's, times both ends.
 *
 * Prints: the batching (readings and points a batch), sustained ingest
 * (points/s the analytics service counted stored, SPC evaluated, over the
 * window: not what was offered) against the offered rate, the gateways'
 * backlog, alert latency p50/p95/p99 to the socket and to MQTT, the
 * dashboard's hop (per shift, socket minus MQTT arrival) and the alert events
 * a second the regulator's socket carries (every enterprise's), points sent
 * = acknowledged = in the store after the run, CPU (user + sys of all its
 * threads from /proc/<pid>/stat, % of one core) and RSS of every process
 * (broker, analytics, dashboard, influxd, gateways, probe, bench, the
 * machine, and others' work on it), store size on disk per million points;
 * then, if the target is not met, how far short and where the time goes
 * (per-process CPU, analytics batches/s and CPU a batch, store write
 * latency from the analytics' /metrics, backlog growth, the dashboard's
 * hop). The same figures go to a JSON file in the temp folder (path
 * printed) and, with record=1, to bench/results/.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCountyReport } from '../county/county-report.js';
import { runCounty } from '../county/county-run.js';
import { CountyOptionError, type CountyOptions, parseCountyOptions } from '../county/options.js';
import type { CountyResult } from '../county/county-result.js';
import { recordCountyResults } from '../county/results-file.js';
import { ServiceStartError } from '../county/service-process.js';

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
  let result: CountyResult;
  try {
    result = await runCounty(options, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    if (!(err instanceof ServiceStartError)) throw err;
    process.stderr.write(`bench county: the stack did not start: ${err.message}\n`);
    process.exitCode = 1;
    return;
  }
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
