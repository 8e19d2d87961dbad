/**
 * The live monitor against its targets (monitor/README.md): the chart
 * design for the false-alarm budget, false episodes per series per week on
 * simulated gauges of several noise models, detection delays of steps and
 * drifts, and `linewatch monitor` replaying a multi-million-row CSV.
 *
 *   npm run bench -- --suite live-alarms [weeks=20] [trials=200] [rows=2160000] [hours=24] [threads=2]
 *
 * weeks: monitored weeks per noise model for the false-alarm rate (20 gives
 * it to about +/-45% at 1/week; 100 to +/-20%); trials: per delay cell;
 * rows: of the CSV the CLI replays; hours: length of each simulated
 * in-control series (each has its own Phase I).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOISE_MODELS, type ChangeSpec, type DelayResult, type FalseAlarmResult } from '../live/alarm-trials.js';
import { runTrialTasks, type TrialTask } from '../live/trial-pool.js';
import { designLiveCharts } from '../../monitor/design.js';
import { DEFAULT_LIVE_OPTIONS, type LiveMonitorOptions } from '../../monitor/options.js';
import { GaugeNoise } from '../../simulators/gauge-noise.js';

interface SuiteArgs {
  weeks: number;
  trials: number;
  rows: number;
  hours: number;
  threads: number;
}

const DEFAULTS: SuiteArgs = { weeks: 20, trials: 200, rows: 2_160_000, hours: 24, threads: Math.min(2, availableParallelism()) };

/** Steps and drifts timed, and the target median delay of each step (on the noise models the design is for). */
const CHANGES: readonly (ChangeSpec & { targetMedianS: number | null })[] = [
  { kind: 'step', size: 0.5, targetMedianS: 45 },
  { kind: 'step', size: 1, targetMedianS: 10 },
  { kind: 'step', size: 2, targetMedianS: 5 },
  { kind: 'drift', size: 1, targetMedianS: null },
  { kind: 'drift', size: 3, targetMedianS: null },
];
/** Noise models the targets apply to (normal independent, AR(1) 0.5); the others are for information. */
const TARGET_MODELS = new Set([0, 1]);

export async function run(args: string[]): Promise<void> {
  const a = suiteArgs(args);
  const options = DEFAULT_LIVE_OPTIONS;
  const t0 = performance.now();
  printDesign(options);
  await printFalseAlarms(options, a);
  await printDelays(options, a);
  printCliThroughput(a.rows);
  process.stdout.write(`(live-alarms took ${((performance.now() - t0) / 1000).toFixed(0)} s on ${a.threads} thread${a.threads === 1 ? '' : 's'})\n`);
}

function suiteArgs(args: string[]): SuiteArgs {
  const a = { ...DEFAULTS };
  for (const arg of args) {
    const m = /^(\w+)=(\d+(?:\.\d+)?)$/.exec(arg);
    if (m && m[1] in a) a[m[1] as keyof SuiteArgs] = Number(m[2]);
    else
      process.stdout.write(
        `(live-alarms: ignoring '${arg}'; it takes ${Object.keys(DEFAULTS)
          .map((k) => `${k}=N`)
          .join(' ')})\n`,
      );
  }
  a.threads = Math.max(1, Math.round(a.threads));
  return a;
}

function printDesign(options: LiveMonitorOptions): void {
  const d = designLiveCharts(options);
  out(
    `design: subgroups of ${d.subgroupMs} ms, Phase I ${d.baselineSubgroups} subgroups, budget ${d.budgetPerWeek} false episode per series per week = ARL ${fmt(d.budgetArl, 0)} subgroups for all charts together`,
  );
  for (const c of d.charts) {
    const parameter = c.h !== null ? `h ${c.h.toFixed(3)}` : `L ${(c.L as number).toFixed(3)}`;
    out(
      `  ${c.name.padEnd(11)} k ${c.k?.toFixed(2) ?? '-'}  ${parameter}  ARL0 ${fmt(c.arl0Known, 0)} subgroups (known parameters)  ${c.falseAlarmsPerWeek.toFixed(3)} false alarms/week (Phase I estimation error included)`,
    );
  }
  out(`  all charts: at most ${d.falseAlarmsPerWeek.toFixed(3)} false alarms per week (the sum; the charts share data, so fewer)`);
}

async function printFalseAlarms(options: LiveMonitorOptions, a: SuiteArgs): Promise<void> {
  const monitoredHours = a.hours - options.baselineMinutes / 60;
  const seriesPerModel = Math.max(1, Math.ceil((a.weeks * 168) / monitoredHours));
  const perTask = Math.max(1, Math.min(10, Math.ceil(seriesPerModel / (4 * a.threads))));
  const tasks: Extract<TrialTask, { kind: 'falseAlarms' }>[] = [];
  NOISE_MODELS.forEach((_, model) => {
    for (let first = 0, k = 0; first < seriesPerModel; first += perTask, k++) {
      tasks.push({ kind: 'falseAlarms', options, model, series: Math.min(perTask, seriesPerModel - first), hours: a.hours, seed: 1_000_000 * (model + 1) + 100_003 * k });
    }
  });
  const t0 = performance.now();
  const results = (await runTrialTasks(tasks, a.threads)) as FalseAlarmResult[];
  const seconds = (performance.now() - t0) / 1000;
  out('');
  out(`false episodes per series per week, in control (${seriesPerModel} series of ${a.hours} h per model, each with its own Phase I; budget ${options.falseAlarmsPerSeriesPerWeek}/week):`);
  out(`  ${'noise'.padEnd(24)} ${'weeks'.padStart(6)} ${'episodes'.padStart(8)} ${'per week'.padStart(8)}  ${'95% CI'.padEnd(11)}  vs budget`);
  let readings = 0;
  NOISE_MODELS.forEach((m, model) => {
    const mine = results.filter((_, i) => tasks[i].model === model);
    const weeks = mine.reduce((s, r) => s + r.weeks, 0);
    const episodes = mine.reduce((s, r) => s + r.episodes, 0);
    readings += mine.reduce((s, r) => s + r.readings, 0);
    const [lo, hi] = poissonInterval(episodes);
    const rate = episodes / weeks;
    const budget = options.falseAlarmsPerSeriesPerWeek;
    const verdict = rate <= budget ? 'within' : lo / weeks > budget ? 'OVER (significantly)' : 'over (within the noise)';
    out(
      `  ${m.name.padEnd(24)} ${weeks.toFixed(1).padStart(6)} ${String(episodes).padStart(8)} ${rate.toFixed(2).padStart(8)}  ${`${(lo / weeks).toFixed(2)}-${(hi / weeks).toFixed(2)}`.padEnd(11)}  ${verdict}`,
    );
  });
  out(
    `  (${fmt(readings / 1e6, 0)} million readings through SeriesWatch in ${seconds.toFixed(0)} s: ${(readings / seconds / 1e6).toFixed(1)} million/s on ${a.threads} thread${a.threads === 1 ? '' : 's'})`,
  );
}

async function printDelays(options: LiveMonitorOptions, a: SuiteArgs): Promise<void> {
  const tasks: Extract<TrialTask, { kind: 'delay' }>[] = [];
  CHANGES.forEach((change, c) => {
    NOISE_MODELS.forEach((_, model) => {
      tasks.push({ kind: 'delay', options, model, change: { kind: change.kind, size: change.size }, trials: a.trials, seed: 7 + 100_000_000 * c + 10_000_000 * model });
    });
  });
  const t0 = performance.now();
  const results = (await runTrialTasks(tasks, a.threads)) as DelayResult[];
  const seconds = (performance.now() - t0) / 1000;
  out('');
  out(`detection delay from the change to the episode, s (${a.trials} trials each, the change 5-10 min after the limits lock; targets on normal independent and AR(1) 0.5 noise):`);
  out(`  ${'change'.padEnd(16)} ${'noise'.padEnd(24)} ${'median'.padStart(7)} ${'p90'.padStart(7)} ${'missed'.padStart(6)} ${'open'.padStart(5)}  target`);
  results.forEach((r, i) => {
    const change = CHANGES[Math.floor(i / NOISE_MODELS.length)];
    const model = tasks[i].model;
    let target = '';
    if (change.targetMedianS !== null) {
      const met = r.median !== null && r.median <= change.targetMedianS;
      target = `median <= ${change.targetMedianS} s: ${met ? 'met' : 'NOT MET'}${TARGET_MODELS.has(model) ? '' : ' (information)'}`;
    } else if (r.median !== null) {
      target = `(level at the median: ${((change.size * r.median) / 3600).toFixed(2)} sigma)`;
    }
    out(`  ${r.shift.padEnd(16)} ${r.model.padEnd(24)} ${delay(r.median)} ${delay(r.p90)} ${String(r.missed).padStart(6)} ${String(r.openBefore).padStart(5)}  ${target}`);
  });
  out(`  (missed: no episode within 30 min of the change; open: a false episode was still open at the change; ${seconds.toFixed(0)} s)`);
}

/** `linewatch monitor` as a user runs it: a child process reading a generated CSV, printing JSON. */
function printCliThroughput(rows: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-bench-monitor-'));
  try {
    const series = 4;
    const big = join(dir, 'replay.csv');
    const tg = performance.now();
    writeReplayCsv(big, series, Math.ceil(rows / series));
    const generated = (performance.now() - tg) / 1000;
    const small = join(dir, 'tiny.csv');
    writeReplayCsv(small, 1, 10);
    const startup = timeMonitor(small);
    const run = timeMonitor(big);
    const n = series * Math.ceil(rows / series);
    const mb = statSync(big).size / 2 ** 20;
    out('');
    out(`'linewatch monitor --json' on a ${fmt(n, 0)}-row CSV (${mb.toFixed(0)} MiB, ${series} series interleaved, AR(1) 0.5 gauges, one with a 1-sigma step; written in ${generated.toFixed(1)} s):`);
    const rate = (s: number) => `${(n / s / 1e6).toFixed(2)} million readings/s`;
    out(
      `  end to end (start, parse, engine, JSON): ${run.seconds.toFixed(2)} s wall = ${rate(run.seconds)}; ${run.cpuSeconds.toFixed(2)} s CPU = ${rate(run.cpuSeconds)}; peak RSS ${run.maxRssMiB.toFixed(0)} MiB; ${run.episodes} episode(s)`,
    );
    out(
      `  of which start-up (loading the CLI, designing the charts; a 10-row file): ${startup.seconds.toFixed(2)} s wall, ${startup.cpuSeconds.toFixed(2)} s CPU, peak RSS ${startup.maxRssMiB.toFixed(0)} MiB; without it ${rate(run.seconds - startup.seconds)} wall, ${rate(run.cpuSeconds - startup.cpuSeconds)} CPU`,
    );
    out(`  (CPU time is what the process itself used: on a machine shared with other work it is the steadier figure)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeMonitor(file: string): { seconds: number; cpuSeconds: number; maxRssMiB: number; episodes: number } {
  const bin = fileURLToPath(new URL('../../../bin/linewatch.js', import.meta.url));
  // The child reports its own peak memory and CPU time as it exits (spawnSync gives no resource usage).
  const usage = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("maxRSS "+u.maxRSS+" cpu "+(u.userCPUTime+u.systemCPUTime)+"\\n")})';
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', usage, bin, 'monitor', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`linewatch monitor exited with ${r.status}: ${r.stderr}`);
  const m = /maxRSS (\d+) cpu (\d+)/.exec(r.stderr);
  return { seconds, cpuSeconds: Number(m?.[2] ?? NaN) / 1e6, maxRssMiB: Number(m?.[1] ?? NaN) / 1024, episodes: (JSON.parse(r.stdout) as { episodes: unknown[] }).episodes.length };
}

/** Series at 10 Hz, interleaved in time; the second steps up 1 sigma halfway through. */
function writeReplayCsv(file: string, series: number, perSeries: number): void {
  const fd = openSync(file, 'w');
  try {
    const start = Date.UTC(2026, 0, 1);
    const noise = Array.from({ length: series }, (_, s) => new GaugeNoise({ sigma: 0.02, phi: 0.5, tDof: null, seed: 17 + s }));
    let chunk = 'ts,enterprise,line,characteristic,value\n';
    for (let i = 0; i < perSeries; i++) {
      const ts = new Date(start + i * 100).toISOString();
      for (let s = 0; s < series; s++) {
        const step = s === 1 && i >= perSeries / 2 ? 0.02 : 0;
        chunk += `${ts},acme,extruder-${s + 1},insulation_thickness,${(0.8 + step + noise[s].next()).toFixed(5)}\n`;
      }
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** An approximate 95% interval for a Poisson count (Byar's, good to a few percent from 1 up; exact at 0). */
function poissonInterval(x: number): [number, number] {
  const z = 1.96;
  const lo = x === 0 ? 0 : x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  const y = x + 1;
  const hi = y * (1 - 1 / (9 * y) + z / (3 * Math.sqrt(y))) ** 3;
  return [lo, hi];
}

function delay(s: number | null): string {
  return (s === null ? '-' : s.toFixed(1)).padStart(7);
}

function fmt(x: number, digits: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
