/** The county run as a person reads it: the figures against the target, the processes, and where the time went. */
import { COUNTY_TARGET, type CountyResult } from './county-result.js';
import type { LatencySummary } from './probe-figures.js';
import { MACHINE, OTHERS } from './process-sampler.js';

const n = (x: number) => Math.round(x).toLocaleString('en');
const ms = (x: number | null) => (x === null ? '-' : x.toFixed(0));
const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`).flatMap((line, i) => (i === 1 ? [rule(widths), line] : [line]));
}

function rule(widths: number[]): string {
  return `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
}

export function countyHeadline(r: CountyResult): string {
  const o = r.options;
  return `${o.scale}x the county: ${n(o.enterprises)} gateways x ${o.lines} lines x 4 characteristics at ${o.hz} Hz = ${n(r.layout.offeredPointsPerSecond)} points/s offered; store ${storeName(r)}${o.shards === null ? '' : `, analytics --shards ${o.shards}`}; ${o.warmup} s warm-up, ${r.window.seconds.toFixed(0)} s measured`;
}

/** How the gateways batch: the figure every other one depends on. */
export function countyBatching(r: CountyResult): string {
  const o = r.options;
  const batchesPerSecond = (o.enterprises * o.hz) / r.layout.readingsPerBatch;
  return `batching: each gateway closes a batch every ${o.batchMs} ms = ${r.layout.readingsPerBatch} reading${r.layout.readingsPerBatch === 1 ? '' : 's'} of its ${o.lines * 4} series = ${r.layout.pointsPerBatch} points a batch; ${n(batchesPerSecond)} batches/s offered; at most ${o.window} batches unacknowledged per gateway`;
}

export function storeName(r: CountyResult): string {
  return r.options.store === 'influx' ? 'InfluxDB (a real influxd, its own process)' : 'embedded DuckDB (in the analytics process)';
}

const latencies = (a: LatencySummary) => `${ms(a.p50)} / ${ms(a.p95)} / ${ms(a.p99)} ms`;

export function countyFiguresTable(r: CountyResult): string[] {
  const d = r.delivery;
  const { socket, mqtt, shifts } = r.alerts;
  const t = r.target;
  return table([
    ['figure', 'measured', 'target', ''],
    [
      'sustained ingest (stored, SPC evaluated)',
      `${n(r.ingest.storedPerSecond)} points/s`,
      `${n(t.pointsPerSecond)} points/s (${(t.pointsPerSecond / COUNTY_TARGET.pointsPerSecond).toFixed(2)} x 126,000)`,
      mark(r.verdict.ingestMet),
    ],
    ['published by the gateways', `${n(r.ingest.sentPerSecond)} points/s`, '', ''],
    ['backlog at the gateways, window start -> end', `${n(r.ingest.backlogStartPoints)} -> ${n(r.ingest.backlogEndPoints)} points`, 'not growing', ''],
    ['alert latency to the socket p50 / p95 / p99', latencies(socket), `p99 < ${t.alertP99Ms} ms`, mark(r.verdict.latencyMet)],
    ['alert latency to MQTT p50 / p95 / p99', latencies(mqtt), '', ''],
    ["the dashboard's hop (socket minus MQTT) p50 / p95 / p99", latencies(r.alerts.dashboardHop), '', ''],
    ["alert events on the regulator's socket (every enterprise)", `${n(r.alerts.socketEventsPerSecond)}/s`, '', ''],
    ['step shifts timed on the socket / MQTT (missed)', `${socket.count} / ${mqtt.count} of ${shifts} (${socket.missed} / ${mqtt.missed})`, 'none missed', ''],
    ...(r.alerts.resolveFailures > 0 ? [['probe alerts not resolved (refused or unsent)', `${r.alerts.resolveFailures}`, '0', '']] : []),
    [
      'points sent / acknowledged / in store',
      `${n(d.sentPoints)} / ${n(d.ackedPoints)} / ${n(d.pointsInStore)}`,
      'all equal',
      d.drained ? mark(r.verdict.nothingLost) : `UNVERIFIED: backlog not drained in ${r.options.drain} s`,
    ],
    ['drain after the window', `${d.drainSeconds.toFixed(1)} s`, '', ''],
    ['analytics batches/s (points a batch)', `${n(r.ingest.analytics.batchesPerSecond)} (${r.ingest.analytics.pointsPerBatch.toFixed(0)})`, '', ''],
    ['store on disk per million points', `${(r.store.bytesPerMillionPoints / 2 ** 20).toFixed(1)} MiB`, '', ''],
    ['store write mean / p99', `${r.ingest.analytics.storeWrite.meanMs.toFixed(1)} / <= ${r.ingest.analytics.storeWrite.p99AtMostMs ?? '>5000'} ms`, '', ''],
  ]);
}

export function countyProcessTable(r: CountyResult): string[] {
  const rows = [['process', 'CPU mean', 'CPU peak', 'RSS mean', 'RSS peak']];
  for (const [name, u] of Object.entries(r.processes)) {
    if (!u) continue;
    const machine = name === MACHINE || name === OTHERS;
    rows.push([
      name === MACHINE ? `whole machine (of ${r.machine.cores * 100}%)` : name === OTHERS ? 'others (not this benchmark)' : name,
      `${u.cpuMeanPercent.toFixed(0)}%`,
      `${u.cpuPeakPercent.toFixed(0)}%`,
      machine ? '' : `${u.rssMeanMiB.toFixed(0)} MiB`,
      machine ? '' : `${u.rssPeakMiB.toFixed(0)} MiB`,
    ]);
  }
  return table(rows);
}

/** One line per process whose threads were sampled: how many threads did how much. */
export function countyThreadLines(r: CountyResult): string[] {
  return Object.entries(r.threads).map(([name, list]) => {
    const busy = list.filter((t) => t.cpuMeanPercent >= 5);
    const rest = list.length - busy.length;
    return `${name} threads (% of one core): ${busy.map((t) => `${t.thread} ${t.cpuMeanPercent.toFixed(0)}%`).join(', ') || 'none above 5%'}${rest > 0 ? `; ${rest} more below 5%` : ''}`;
  });
}

export function renderCountyReport(r: CountyResult): string {
  const m = r.machine;
  return [
    countyHeadline(r),
    countyBatching(r),
    `machine: ${m.cores} x ${m.cpu}, ${m.memoryGiB} GiB, node ${m.node}, ${m.kernel}, ${m.date}`,
    '',
    ...countyFiguresTable(r),
    '',
    "CPU (% of one core; a process's threads count to it) and memory of each process over the measured window:",
    ...countyProcessTable(r),
    ...countyThreadLines(r),
    '',
    ...(r.verdict.notes.length > 0 ? ['Short of the target; where the time goes:', ...r.verdict.notes.map((s) => `- ${s}`)] : ['The target is met.']),
  ].join('\n');
}
