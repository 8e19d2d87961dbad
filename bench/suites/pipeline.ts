/**
 * End to end: gateways (another process) publish to the embedded stack
 * (broker, analytics with SPC on every series, DuckDB store) over real MQTT.
 * Prints the sustained rate of points made durable with SPC evaluated, and the
 * latency from a probe sample's publish to its alert being published.
 *
 * Usage: npm run bench -- --suite pipeline [enterprises=50] [seconds=15]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { encodeMeasurementBatch } from '../../protocol/measurement-batch.js';
import { measurementsTopic } from '../../protocol/topics.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { benchConfig, BENCH_PASSWORD } from '../pipeline/bench-config.js';

const LINES = 3;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function run(args: string[]): Promise<void> {
  const enterprises = Number(args.find((a) => a.startsWith('enterprises='))?.slice(12) ?? 50);
  const seconds = Number(args.find((a) => a.startsWith('seconds='))?.slice(8) ?? 15);
  const offered = Number(args.find((a) => a.startsWith('rate='))?.slice(5) ?? 150_000);
  process.stdout.write(`${enterprises} gateways x ${LINES} lines x 4 characteristics (${enterprises * LINES * 4} series), 500-point batches from another process\n`);
  await phase('saturated', enterprises, seconds, 0);
  await phase('paced', enterprises, seconds, offered);
}

/**
 * One run of the stack under load: `rate` 0 saturates it (the sustained
 * throughput), a rate paces the gateways (the alert latency a plant sees;
 * under saturation latency only measures the queue the load builds).
 */
async function phase(name: string, enterprises: number, seconds: number, rate: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-bench-pipeline-'));
  // One more enterprise than the load uses: its series carry the latency probe.
  const config = await benchConfig(enterprises + 1, LINES, join(dir, 'data'));
  const stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('bench', 'warn') });
  try {
    const probe = await latencyProbe(stack, `ent-${String(enterprises).padStart(4, '0')}`);
    const script = fileURLToPath(new URL('../pipeline/load-gateways.js', import.meta.url));
    const load = spawn(process.execPath, [script, stack.mqttUrl, String(enterprises), String(LINES), BENCH_PASSWORD, String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let loadOut = '';
    load.stdout.on('data', (c: Buffer) => (loadOut += c.toString()));
    await new Promise((r) => setTimeout(r, 3000)); // warm-up: connections, JIT, first batches
    const counters = stack.analytics.counters;
    const stored0 = counters.stored;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const latencies = await probe.measure(seconds * 1000);
    const elapsed = (performance.now() - t0) / 1000;
    const stored = counters.stored - stored0;
    const cpu = process.cpuUsage(cpu0);
    load.kill('SIGTERM');
    await new Promise((r) => load.once('exit', r));
    const sorted = latencies.sort((a, b) => a - b);
    const perSecond = Math.round(stored / elapsed).toLocaleString('en');
    const what = rate > 0 ? `offered ${rate.toLocaleString('en')} points/s: ${perSecond} points/s stored` : `sustained: ${perSecond} points/s stored durably with SPC evaluated (aim 150,000)`;
    process.stdout.write(
      [
        `[${name}] ${what}; ${stored.toLocaleString('en')} points in ${elapsed.toFixed(1)} s`,
        `[${name}] alert latency, probe publish -> alert published: p50 ${percentile(sorted, 0.5)?.toFixed(1)} ms, p99 ${percentile(sorted, 0.99)?.toFixed(1)} ms over ${sorted.length} probes${rate > 0 ? ' (aim p99 < 250 ms)' : ' (queueing under saturation)'}`,
        `[${name}] stack process CPU ${(((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0)}% of one core plus DuckDB's threads; load: ${loadOut.trim().split('\n').pop()}; ingest: ${JSON.stringify({ batches: counters.batches, rejected: counters.rejectedPoints, storeFailures: counters.storeFailures })}`,
        '',
      ].join('\n'),
    );
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A bare MQTT client publishing single-point batches on a series whose
 * baseline is in place: each probe value is far out, raises a rule 1 alert,
 * and the time from publish to the alert's 'raised' event is one latency.
 * The alert is resolved after each probe so the next one raises a new one.
 */
async function latencyProbe(stack: EmbeddedStack, enterprise: string) {
  const gateway = `${enterprise}-gw`;
  const client = await mqtt.connectAsync(stack.mqttUrl, { username: gateway, password: BENCH_PASSWORD, clientId: gateway });
  const topic = measurementsTopic(enterprise, gateway);
  let seq = 1;
  let ts = Date.now() - 600_000;
  const point = (value: number) => ({ line: 'line-1', characteristic: 'conductor_resistance' as const, ts: (ts += 100), value });
  // Baseline: 200 in-control readings.
  for (let i = 0; i < 200; i += 50) {
    await client.publishAsync(
      topic,
      encodeMeasurementBatch(
        seq++,
        Array.from({ length: 50 }, (_, j) => point(11.75 + (j % 2 ? 0.02 : -0.02))),
      ),
      { qos: 1 },
    );
  }
  await new Promise((r) => setTimeout(r, 500));
  return {
    async measure(durationMs: number): Promise<number[]> {
      const latencies: number[] = [];
      const end = performance.now() + durationMs;
      while (performance.now() < end) {
        const sent = performance.now();
        const raised = new Promise<string>((resolve) => {
          const off = stack.analytics.onAlert((e) => {
            if (e.kind === 'raised' && e.alert.enterprise === enterprise && e.alert.rule === 'outOfSpec') {
              off();
              resolve(e.alert.id);
            }
          });
        });
        await client.publishAsync(topic, encodeMeasurementBatch(seq++, [point(14)]), { qos: 1 });
        const id = await Promise.race([raised, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
        if (id === null) continue;
        latencies.push(performance.now() - sent);
        stack.analytics.resolveAlert(id, 'bench', 'probe', 'gauge', 'none-needed');
        // Back to the centre so the next probe is again a lone outlier for every rule.
        await client.publishAsync(
          topic,
          encodeMeasurementBatch(
            seq++,
            Array.from({ length: 8 }, (_, j) => point(11.75 + (j % 2 ? 0.02 : -0.02))),
          ),
          { qos: 1 },
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      await client.endAsync();
      return latencies;
    },
  };
}
