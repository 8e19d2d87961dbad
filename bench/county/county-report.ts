/** The county run as a person reads it: the figures against the target, the processes, and where the time went. */
import { COUNTY_TARGET, type CountyResult } from './county-result.js';
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
  return `${n(o.enterprises)} gateways x ${o.lines} lines x 4 characteristics at ${o.hz} Hz = ${n(r.layout.offeredPointsPerSecond)} points/s offered, ${r.layout.pointsPerBatch}-point batches, window ${o.window}; ${o.warmup} s warm-up, ${r.window.seconds.toFixed(0)} s measured`;
}

export function countyFiguresTable(r: CountyResult): string[] {
  const d = r.delivery;
  const a = r.alerts;
  return table([
    ['figure', 'measured', 'target', ''],
    ['sustained ingest (stored, SPC evaluated)', `${n(r.ingest.storedPerSecond)} points/s`, `${n(COUNTY_TARGET.pointsPerSecond)} points/s`, mark(r.verdict.ingestMet)],
    ['published by the gateways', `${n(r.ingest.sentPerSecond)} points/s`, '', ''],
    ['alert latency p50 / p95 / p99', `${ms(a.p50)} / ${ms(a.p95)} / ${ms(a.p99)} ms`, `p99 < ${COUNTY_TARGET.alertP99Ms} ms`, mark(r.verdict.latencyMet)],
    ['step shifts timed (missed)', `${a.count} of ${a.shifts} (${a.missed})`, '', ''],
    [
      'points sent / acknowledged / in store',
      `${n(d.sentPoints)} / ${n(d.ackedPoints)} / ${n(d.pointsInStore)}`,
      'all equal',
      d.drained ? mark(r.verdict.nothingLost) : `UNVERIFIED: backlog not drained in ${r.options.drain} s`,
    ],
    ['drain after the window', `${d.drainSeconds.toFixed(1)} s`, '', ''],
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

export function renderCountyReport(r: CountyResult): string {
  const m = r.machine;
  return [
    countyHeadline(r),
    `machine: ${m.cores} x ${m.cpu}, ${m.memoryGiB} GiB, node ${m.node}, ${m.kernel}, ${m.date}`,
    '',
    ...countyFiguresTable(r),
    '',
    'CPU (% of one core) and memory of each process over the measured window:',
    ...countyProcessTable(r),
    '',
    ...(r.verdict.notes.length > 0 ? ['Short of the target; where the time goes:', ...r.verdict.notes.map((s) => `- ${s}`)] : ['The county target is met.']),
  ].join('\n');
}
