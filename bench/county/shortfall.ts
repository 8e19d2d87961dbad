/**
 * When a run falls short of the county target, where the time goes: how far
 * short, which process was CPU-bound (a Node process is one event loop, so
 * about 100% of one core is its ceiling; DuckDB's own threads can add to the
 * analytics figure), whether the machine's two cores were full, how the
 * backlog at the gateways grew, and what the store's writes cost.
 */
import { COUNTY_TARGET, type CountyResult } from './county-result.js';
import { MACHINE, OTHERS } from './process-sampler.js';

/** A Node process at or above this share of one core is treated as saturated. */
const SATURATED_PERCENT = 90;

type Verdict = { ingestMet: boolean; latencyMet: boolean; nothingLost: boolean };

export function explainShortfall(r: Omit<CountyResult, 'verdict'>, v: Verdict): string[] {
  const notes: string[] = [];
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const cores = r.machine.cores;
  if (!v.ingestMet) {
    const short = COUNTY_TARGET.pointsPerSecond - r.ingest.storedPerSecond;
    notes.push(
      `ingest: ${n(r.ingest.storedPerSecond)} points/s stored, ${n(short)} points/s (${((short / COUNTY_TARGET.pointsPerSecond) * 100).toFixed(0)}%) short of ${n(COUNTY_TARGET.pointsPerSecond)}`,
    );
  }
  if (!v.latencyMet && r.alerts.p99 !== null)
    notes.push(`alert latency: p99 ${r.alerts.p99.toFixed(0)} ms against < ${COUNTY_TARGET.alertP99Ms} ms (${(r.alerts.p99 / COUNTY_TARGET.alertP99Ms).toFixed(1)}x)`);
  if (r.alerts.missed > 0) notes.push(`alert latency: ${r.alerts.missed} of ${r.alerts.shifts} step shifts got no alert within 5 s`);
  if (!v.nothingLost) {
    const d = r.delivery;
    notes.push(
      `delivery: ${n(d.sentPoints)} points sent, ${n(d.ackedPoints)} acknowledged, ${n(d.pointsInStore)} in the store${d.drained ? '' : `; not drained within ${r.options.drain} s`}${d.disconnects ? `; ${d.disconnects} gateway disconnects` : ''}`,
    );
  }
  if (notes.length === 0) return notes;

  const machine = r.processes[MACHINE];
  if (machine) {
    const full = machine.cpuMeanPercent >= cores * SATURATED_PERCENT;
    notes.push(`machine: ${machine.cpuMeanPercent.toFixed(0)}% of ${cores * 100}% busy on average${full ? ' - every core is full; the load generator competes with the stack for them' : ''}`);
    const others = r.processes[OTHERS];
    if (others && others.cpuMeanPercent >= 10)
      notes.push(`others: ${others.cpuMeanPercent.toFixed(0)}% of one core went to processes outside this benchmark (a shared machine): the figures understate what the stack does alone`);
  }
  const byCpu = Object.entries(r.processes)
    .filter(([name, u]) => name !== MACHINE && name !== OTHERS && u !== null)
    .sort((a, b) => b[1]!.cpuMeanPercent - a[1]!.cpuMeanPercent);
  for (const [name, u] of byCpu) {
    if (u!.cpuMeanPercent >= SATURATED_PERCENT) notes.push(`${name}: ${u!.cpuMeanPercent.toFixed(0)}% of one core on average (peak ${u!.cpuPeakPercent.toFixed(0)}%) - CPU-bound`);
  }
  const growth = (r.ingest.backlogEndPoints - r.ingest.backlogStartPoints) / r.window.seconds;
  if (growth > 0)
    notes.push(
      `backlog at the gateways grew by ${n(growth)} points/s over the window (${n(r.ingest.backlogStartPoints)} -> ${n(r.ingest.backlogEndPoints)} points, ${(r.ingest.backlogEndPoints / r.layout.offeredPointsPerSecond).toFixed(1)} s of load): the stack takes less than is offered`,
    );
  const a = r.ingest.analytics;
  notes.push(
    `analytics: ${a.batchesPerSecond.toFixed(0)} batches/s of ${a.pointsPerBatch.toFixed(0)} points; store writes ${n(a.storeWrite.writes / r.window.seconds)}/s, mean ${a.storeWrite.meanMs.toFixed(1)} ms, p99 <= ${a.storeWrite.p99AtMostMs ?? '>5000'} ms, in progress ${(a.storeWrite.busyFraction * 100).toFixed(0)}% of the time (summed over overlapping writes)`,
  );
  return notes;
}
