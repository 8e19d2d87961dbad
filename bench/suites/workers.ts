/**
 * Analytics workers: the same saturating load (gateways in another process,
 * 500-point batches, as fast as acknowledgements come back) through a real
 * Mosquitto into one analytics worker, then into two that share the
 * enterprises, with a real influxd as the shared store. Prints the sustained
 * rate stored with SPC evaluated for each, and the gain.
 *
 * Twice: once with each worker capped at `cap`% of one core (a cgroup; root
 * only), which stands in for workers on machines of their own, so the gain
 * measures the workers and not the broker, store and load sharing the same
 * two cores; then uncapped, where on a 2-core machine whatever saturates the
 * machine first sets the figure.
 *
 * Usage: npm run bench -- --suite workers [enterprises=60] [lines=3] [seconds=20] [max=2] [cap=40]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PASSWORD } from '../pipeline/bench-config.js';
import { startWorkersRig, type WorkersRig } from '../workers/workers-rig.js';
import { startWorkers, type RunningWorkers } from '../workers/worker-processes.js';
import { MACHINE, OTHERS, ProcessSampler } from '../county/process-sampler.js';

export async function run(args: string[]): Promise<void> {
  const arg = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? fallback);
  const enterprises = arg('enterprises', 60);
  const lines = arg('lines', 3);
  const seconds = arg('seconds', 20);
  const most = arg('max', 2);
  const cap = arg('cap', 40);
  process.stdout.write(`${enterprises} gateways x ${lines} lines x 4 characteristics through Mosquitto, InfluxDB store; ${seconds} s measured after 5 s of warm-up\n`);
  for (const capPercent of [cap, null]) {
    const rows: Row[] = [];
    for (let n = 1; n <= most; n++) rows.push(await phase(n, enterprises, lines, seconds, capPercent));
    const title =
      capPercent === null
        ? 'workers uncapped (all on the same 2 cores)'
        : rows.every((r) => r.capped)
          ? `each worker capped at ${capPercent}% of a core`
          : `cap of ${capPercent}% NOT applied (no writable cgroup; run as root): workers uncapped`;
    process.stdout.write(`\n${title}\n\n| workers | points/s stored | gain | CPU, % of one core (mean) |\n| ---: | ---: | ---: | --- |\n`);
    for (const r of rows) process.stdout.write(`| ${r.workers} | ${Math.round(r.rate).toLocaleString('en-US')} | ${(r.rate / rows[0].rate).toFixed(2)}x | ${r.cpu} |\n`);
  }
}

interface Row {
  readonly workers: number;
  readonly rate: number;
  readonly cpu: string;
  readonly capped: boolean;
}

async function phase(count: number, enterprises: number, lines: number, seconds: number, capPercent: number | null): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-bench-workers-'));
  let rig: WorkersRig | undefined;
  let workers: RunningWorkers | undefined;
  let load: ChildProcess | undefined;
  try {
    rig = await startWorkersRig(dir, enterprises, lines);
    workers = await startWorkers(rig, count, capPercent);
    const script = fileURLToPath(new URL('../pipeline/load-gateways.js', import.meta.url));
    load = spawn(process.execPath, [script, rig.broker.url, String(enterprises), String(lines), BENCH_PASSWORD, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sampler = new ProcessSampler();
    for (const p of workers.processes) sampler.watch(p.name, p.pid);
    sampler.watch('load', load.pid!);
    sampler.start();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const before = await workers.storedPoints();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = await workers.storedPoints();
    const ended = performance.now();
    sampler.stop();
    // "others" is the broker, the store and anything else busy on the machine.
    const cpu = sampler
      .names()
      .map((name) => `${name === OTHERS ? 'mosquitto+influxd+rest' : name === MACHINE ? 'machine' : name} ${Math.round(sampler.usage(name, started, ended)?.cpuMeanPercent ?? 0)}`)
      .join(', ');
    return { workers: count, rate: (after - before) / ((ended - started) / 1000), cpu, capped: workers.capped };
  } finally {
    // The load goes first, so it does not log every gateway's disconnect when the broker stops.
    if (load && load.exitCode === null && load.signalCode === null) {
      const exited = new Promise((resolve) => load!.once('exit', resolve));
      load.kill('SIGTERM');
      await exited;
    }
    await workers?.stop();
    await rig?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
