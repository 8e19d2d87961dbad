/**
 * Analytics workers as their own processes (`linewatch analytics --worker`),
 * each with its ops port, started together and ready once their shares have
 * settled: every worker sees all the others and the shares cover every
 * enterprise exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BENCH_PASSWORD } from '../pipeline/bench-config.js';
import type { WorkersRig } from './workers-rig.js';
import { freePort } from '../../test/support/ports.js';
import { capCpu, type CpuCap } from './cpu-cap.js';

export interface RunningWorkers {
  readonly processes: ReadonlyArray<{ readonly name: string; readonly pid: number }>;
  /** Whether each worker's CPU cap took (false: no cgroup could be written, the workers run uncapped). */
  readonly capped: boolean;
  /** Points stored by all workers since they started (their linewatch_ingest_points_total{outcome="stored"}). */
  storedPoints(): Promise<number>;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL('../../../bin/linewatch.js', import.meta.url));

/** `capPercent`: each worker's CPU, in % of one core (null: uncapped). */
export async function startWorkers(rig: WorkersRig, count: number, capPercent: number | null = null): Promise<RunningWorkers> {
  const workers: Array<{ name: string; child: ChildProcess; opsPort: number }> = [];
  const caps: Array<CpuCap | null> = [];
  for (let i = 1; i <= count; i++) {
    const opsPort = await freePort();
    const name = `w${i}`;
    const child = spawn(process.execPath, [BIN, 'analytics', '--config', rig.configPath, '--worker', name, '--handover-delay', '200', '--ops-port', String(opsPort)], {
      env: { ...process.env, LINEWATCH_MQTT_PASSWORD: BENCH_PASSWORD, LINEWATCH_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push({ name, child, opsPort });
    if (capPercent !== null) caps.push(capCpu(name, child.pid!, capPercent));
  }
  const stop = async () => {
    await Promise.all(
      workers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    for (const cap of caps) cap?.release();
  };
  try {
    await settled(
      workers.map((w) => w.opsPort),
      rig.enterprises.length,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    processes: workers.map((w) => ({ name: `analytics ${w.name}`, pid: w.child.pid! })),
    capped: capPercent !== null && caps.every((c) => c !== null),
    async storedPoints() {
      const counts = await Promise.all(workers.map((w) => storedOf(w.opsPort)));
      return counts.reduce((a, b) => a + b, 0);
    },
    stop,
  };
}

async function settled(ports: number[], enterprises: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const views = await Promise.all(
      ports.map(async (port) => {
        try {
          const body = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { cluster?: { workers: string[]; enterprises: string[] } };
          return body.cluster ?? null;
        } catch {
          return null;
        }
      }),
    );
    const owned = views.reduce((n, v) => n + (v?.enterprises.length ?? 0), 0);
    if (views.every((v) => v !== null && v.workers.length === ports.length) && owned === enterprises) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the ${ports.length} workers did not settle their shares within 60 s`);
}

async function storedOf(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('linewatch_ingest_points_total{outcome="stored"}'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
