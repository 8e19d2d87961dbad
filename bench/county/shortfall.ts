/**
 * When a run falls short of its target, how far and where the time goes:
 * each part of the target against what was measured, the CPU of every
 * process (a Node event loop tops out near 100% of one core; worker threads
 * and DuckDB's or influxd's own threads can take a process past it), whether
 * the machine's cores were full, what a batch costs the analytics service
 * and how fast it took them, what the store's writes cost, how the backlog
 * at the gateways grew, and what the dashboard's hop adds to an alert.
 */
import { COUNTY_TARGET, type CountyResult } from './county-result.js';
import { MACHINE, OTHERS } from './process-sampler.js';

/** A process at or above this share of one core is treated as saturated (one event loop). */
const SATURATED_PERCENT = 90;
/** Processes that generate and watch the load, not part of the stack under test. */
const LOAD_PROCESSES = new Set(['gateways', 'probe', 'bench']);

type Verdict = { ingestMet: boolean; latencyMet: boolean; nothingLost: boolean };

const n = (x: number) => Math.round(x).toLocaleString('en');

export function explainShortfall(r: Omit<CountyResult, 'verdict'>, v: Verdict): string[] {
  const notes = [...howFarShort(r, v)];
  if (notes.length === 0) return notes;
  notes.push(...whereTheTimeGoes(r));
  return notes;
}

function howFarShort(r: Omit<CountyResult, 'verdict'>, v: Verdict): string[] {
  const notes: string[] = [];
  const target = r.target.pointsPerSecond;
  if (!v.ingestMet) {
    const short = target - r.ingest.storedPerSecond;
    notes.push(
      `ingest: ${n(r.ingest.storedPerSecond)} points/s stored of ${n(target)} offered: ${short > 0 ? `${n(short)} points/s (${((short / target) * 100).toFixed(1)}%) short` : 'the rate, but the backlog grew'}; the stack stored ${(r.ingest.storedPerSecond / COUNTY_TARGET.pointsPerSecond).toFixed(2)}x the county's rate at this batching`,
    );
  }
  const { socket, mqtt } = r.alerts;
  if (!v.latencyMet && socket.p99 !== null)
    notes.push(`alert latency to the socket: p99 ${socket.p99.toFixed(0)} ms against < ${r.target.alertP99Ms} ms (${(socket.p99 / r.target.alertP99Ms).toFixed(1)}x)`);
  if (socket.missed > 0 || mqtt.missed > 0) notes.push(`alerts: of ${r.alerts.shifts} step shifts, ${socket.missed} got no alert on the socket and ${mqtt.missed} none on MQTT within 5 s`);
  if (r.alerts.resolveFailures > 0)
    notes.push(`alerts: ${r.alerts.resolveFailures} resolutions of the probe's alerts failed (first: ${r.alerts.firstResolveFailure}); an alert left open hides the next shift on its series`);
  if (!v.nothingLost) {
    const d = r.delivery;
    notes.push(
      `delivery: ${n(d.sentPoints)} points sent, ${n(d.ackedPoints)} acknowledged, ${n(d.pointsInStore)} in the store${d.drained ? '' : `; not drained within ${r.options.drain} s`}${d.disconnects ? `; ${d.disconnects} gateway disconnects` : ''}`,
    );
  }
  return notes;
}

function whereTheTimeGoes(r: Omit<CountyResult, 'verdict'>): string[] {
  const notes: string[] = [];
  const cores = r.machine.cores;
  const machine = r.processes[MACHINE];
  if (machine) {
    const full = machine.cpuMeanPercent >= cores * SATURATED_PERCENT;
    notes.push(
      `machine: ${machine.cpuMeanPercent.toFixed(0)}% of ${cores * 100}% busy on average${full ? ' - every core is full; the load generators compete with the stack for them' : `, ${(cores * 100 - machine.cpuMeanPercent).toFixed(0)}% idle`}`,
    );
    const others = r.processes[OTHERS];
    if (others && others.cpuMeanPercent >= 10)
      notes.push(`others: ${others.cpuMeanPercent.toFixed(0)}% of one core went to processes outside this benchmark (a shared machine): the figures understate what the stack does alone`);
  }
  const measured = Object.entries(r.processes).filter(([name, u]) => name !== MACHINE && name !== OTHERS && u !== null) as Array<[string, NonNullable<CountyResult['processes'][string]>]>;
  const cpuList = (names: Array<[string, { cpuMeanPercent: number }]>) => names.map(([name, u]) => `${name} ${u.cpuMeanPercent.toFixed(0)}%`).join(', ');
  const stack = measured.filter(([name]) => !LOAD_PROCESSES.has(name));
  const load = measured.filter(([name]) => LOAD_PROCESSES.has(name));
  const sum = (list: typeof measured) => list.reduce((a, [, u]) => a + u.cpuMeanPercent, 0);
  notes.push(`CPU (% of one core): the stack ${sum(stack).toFixed(0)}% (${cpuList(stack)}); the load and its watchers ${sum(load).toFixed(0)}% (${cpuList(load)})`);
  for (const [name, u] of [...measured].sort((a, b) => b[1].cpuMeanPercent - a[1].cpuMeanPercent)) {
    if (u.cpuMeanPercent >= SATURATED_PERCENT) notes.push(`${name}: ${u.cpuMeanPercent.toFixed(0)}% of one core on average (peak ${u.cpuPeakPercent.toFixed(0)}%) - CPU-bound if it is one event loop`);
  }
  for (const [name, list] of Object.entries(r.threads)) {
    const busy = list.filter((t) => t.cpuMeanPercent >= 5);
    if (busy.length === 0) continue;
    const top = busy[0];
    notes.push(
      `${name} threads: ${busy.length} thread${busy.length === 1 ? '' : 's'} above 5% of a core (${busy.map((t) => `${t.thread} ${t.cpuMeanPercent.toFixed(0)}%`).join(', ')})${top.cpuMeanPercent >= SATURATED_PERCENT ? `; ${top.thread} is saturated: the work does not spread over the ${cores} cores` : ''}`,
    );
  }
  const growth = (r.ingest.backlogEndPoints - r.ingest.backlogStartPoints) / r.window.seconds;
  if (growth > 0)
    notes.push(
      `backlog at the gateways grew by ${n(growth)} points/s over the window (${n(r.ingest.backlogStartPoints)} -> ${n(r.ingest.backlogEndPoints)} points, ${(r.ingest.backlogEndPoints / r.layout.offeredPointsPerSecond).toFixed(1)} s of load): the stack takes less than is offered`,
    );
  const a = r.ingest.analytics;
  const analyticsCpu = r.processes.analytics?.cpuMeanPercent;
  const perBatch =
    analyticsCpu !== undefined && a.batchesPerSecond > 0
      ? ` at ${n((analyticsCpu / 100 / a.batchesPerSecond) * 1e6)} µs of analytics CPU a batch (${((analyticsCpu / 100 / r.ingest.storedPerSecond) * 1e6).toFixed(1)} µs a point)`
      : '';
  notes.push(`analytics: ${n(a.batchesPerSecond)} batches/s of ${a.pointsPerBatch.toFixed(0)} points${perBatch}`);
  notes.push(
    `store (${r.options.store === 'influx' ? 'InfluxDB' : 'embedded DuckDB'}): ${n(a.storeWrite.writes / r.window.seconds)} writes/s, mean ${a.storeWrite.meanMs.toFixed(1)} ms, p50 <= ${a.storeWrite.p50AtMostMs ?? '>5000'} ms, p99 <= ${a.storeWrite.p99AtMostMs ?? '>5000'} ms, ${a.storeWrite.busyFraction.toFixed(1)} writes in progress at once on average (their durations summed over the window)${a.storeFailures > 0 ? `; ${n(a.storeFailures)} failed` : ''}`,
  );
  const { mqtt, dashboardHop } = r.alerts;
  if (mqtt.p50 !== null && mqtt.p99 !== null && dashboardHop.p50 !== null && dashboardHop.p99 !== null)
    notes.push(
      `alerts: to MQTT p50 ${mqtt.p50.toFixed(0)} / p99 ${mqtt.p99.toFixed(0)} ms; the dashboard's hop on to the socket adds p50 ${dashboardHop.p50.toFixed(0)} / p99 ${dashboardHop.p99.toFixed(0)} ms, carrying ${n(r.alerts.socketEventsPerSecond)} alert events/s of every enterprise to the regulator`,
    );
  return notes;
}
