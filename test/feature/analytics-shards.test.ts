/**
 * `linewatch analytics --shards 2` as its own process, against a real broker
 * and its embedded store, gives what `--shards 1` gives on the same input:
 * the same alert events on the bus and the same retained risk summaries,
 * and every batch acknowledged. Gateways are plain MQTT clients publishing
 * the recorded batches (test/support/shard-input.ts); an observer reads
 * alerts and risk with a dashboard's account. Wall-clock fields (when an
 * event was sent, how old the data is) and the counter updates the alert
 * journal coalesces on its flush timer differ between any two runs, sharded
 * or not, and are left out of the comparison.
 */
import { DEFAULT_ANALYTICS_OPTIONS } from '../../analytics/service/options.js';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseChannelFilter, gatewayTopic } from '../../protocol/topics.js';
import { runLinewatch } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startLinewatch, type ServiceProcess } from '../support/processes.js';
import { recordedBatches, SHARD_ENTERPRISES, SHARD_PASSWORDS, shardConfigFile, type RecordedBatch } from '../support/shard-input.js';

interface AlertWire {
  kind: string;
  alert: { id: string; enterprise: string; rule: string; severity: string; status: string; firstSampleTs: number; resolvedSampleTs: number | null };
}

interface RunResult {
  /** Per enterprise, the alert events other than counter updates, as sent, without their wall-clock fields. */
  readonly alerts: Map<string, string[]>;
  /** Per enterprise, its retained risk summary without its wall-clock fields. */
  readonly risk: Map<string, unknown>;
  /** Per gateway, the seqs acknowledged. */
  readonly acked: Map<string, Set<number>>;
  readonly readiness: { status: string; shards?: Array<{ shard: string; ok: boolean; enterprises: number }> };
  readonly batchesStored: number;
  readonly shardsMetric: number | null;
  readonly checkpoints: string[];
  readonly exitCode: number | null;
}

const running = new Set<ServiceProcess>();
const clients = new Set<MqttClient>();
let root: string;
let batches: RecordedBatch[];
const results = new Map<number, RunResult>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'linewatch-shards-'));
  batches = recordedBatches();
  // One after the other, so the two runs do not share the machine's cores.
  results.set(1, await runWith(1));
  results.set(2, await runWith(2));
}, 400_000);

afterAll(async () => {
  await Promise.all([...clients].map((c) => c.endAsync(true)));
  await Promise.all([...running].map((p) => p.terminate()));
  if (root) rmSync(root, { recursive: true, force: true });
});

async function runWith(shards: number): Promise<RunResult> {
  const dir = join(root, `shards-${shards}`);
  const mqttPort = await freePort();
  const config = join(root, `linewatch-${shards}.json`);
  writeFileSync(config, JSON.stringify(await shardConfigFile({ dataDir: join(dir, 'data'), mqttPort })));
  const url = `mqtt://127.0.0.1:${mqttPort}`;
  const broker = start('broker', ['broker', '--config', config]);
  await broker.waitFor(/listening/i);
  const analytics = start(`analytics --shards ${shards}`, ['analytics', '--config', config, '--shards', String(shards), '--ops-port', '0'], { LINEWATCH_MQTT_PASSWORD: SHARD_PASSWORDS.analytics });
  await analytics.waitFor(/linewatch analytics: connected/);
  await analytics.waitFor(/operations endpoints on http:\/\/\S+/);
  const ops = /operations endpoints on (http:\/\/[^\s/]+)/.exec(analytics.output())![1];

  const alerts = new Map<string, string[]>(SHARD_ENTERPRISES.map((e) => [e, []]));
  const observer = await connect(url, 'dashboard', 'dashboard:observer', SHARD_PASSWORDS.dashboard);
  observer.on('message', (_topic, payload) => {
    const event = JSON.parse(payload.toString('utf8')) as AlertWire;
    if (event.kind === 'updated') return;
    const a = event.alert;
    alerts.get(a.enterprise)!.push(JSON.stringify([event.kind, a.id, a.rule, a.severity, a.status, a.firstSampleTs, a.resolvedSampleTs]));
  });
  await observer.subscribeAsync(enterpriseChannelFilter('alerts'), { qos: 1 });

  const acked = new Map<string, Set<number>>();
  await Promise.all(
    SHARD_ENTERPRISES.map(async (enterprise) => {
      const gateway = `${enterprise}-gw`;
      const seqs = new Set<number>();
      acked.set(gateway, seqs);
      const client = await connect(url, gateway, gateway, SHARD_PASSWORDS.gateway);
      client.on('message', (_topic, payload) => seqs.add((JSON.parse(payload.toString('utf8')) as { seq: number }).seq));
      await client.subscribeAsync(gatewayTopic('ack', enterprise, gateway), { qos: 1 });
      // In order, each once the broker has it (QoS 1), as a gateway's outbox sends them.
      for (const b of batches) if (b.enterprise === enterprise) await client.publishAsync(gatewayTopic('measurements', enterprise, gateway), b.payload, { qos: 1 });
    }),
  );
  const perGateway = batches.length / SHARD_ENTERPRISES.length;
  await until(`every batch acknowledged (--shards ${shards})`, () => [...acked.values()].every((s) => s.size === perGateway), 120_000);
  // The risk loop reassesses enterprises with new data every assessEveryMs: let one round see the last batches.
  await new Promise((resolve) => setTimeout(resolve, DEFAULT_ANALYTICS_OPTIONS.assessEveryMs + 2000));

  const risk = await retainedRisk(url);
  const readiness = (await (await fetch(`${ops}/readyz`)).json()) as RunResult['readiness'];
  const metrics = await (await fetch(`${ops}/metrics`)).text();
  const exitCode = await analytics.terminate();
  running.delete(analytics);
  await observer.endAsync();
  clients.delete(observer);
  await broker.terminate();
  running.delete(broker);
  const checkpoints = ['spc-checkpoint.json', 'spc-checkpoint.shard-0.json', 'spc-checkpoint.shard-1.json'].filter((f) => existsSync(join(dir, 'data', f)));
  return {
    alerts,
    risk,
    acked,
    readiness,
    batchesStored: metricValue(metrics, 'linewatch_ingest_batches_total') ?? 0,
    shardsMetric: metricValue(metrics, 'linewatch_analytics_shards'),
    checkpoints,
    exitCode,
  };
}

/** Each enterprise's retained risk summary, read by a fresh subscriber, without the fields that depend on the wall clock. */
async function retainedRisk(url: string): Promise<Map<string, unknown>> {
  const risk = new Map<string, unknown>();
  const reader = await connect(url, 'dashboard', 'dashboard:risk-reader', SHARD_PASSWORDS.dashboard);
  reader.on('message', (_topic, payload) => {
    const { at: _at, dataAgeMs: _age, nextInspection: _next, inspectionDue: _due, ...summary } = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    risk.set(summary.id as string, summary);
  });
  await reader.subscribeAsync(enterpriseChannelFilter('risk'), { qos: 1 });
  await until('every enterprise retained risk summary', () => risk.size === SHARD_ENTERPRISES.length, 10_000);
  await reader.endAsync();
  clients.delete(reader);
  return risk;
}

function start(name: string, args: string[], env: Record<string, string> = {}): ServiceProcess {
  const p = startLinewatch(name, args, env);
  running.add(p);
  return p;
}

async function connect(url: string, username: string, clientId: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { username, password, clientId, clean: true, reconnectPeriod: 0 });
  clients.add(client);
  return client;
}

function metricValue(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('linewatch analytics --shards 2 against --shards 1, on the same input', () => {
  it('acknowledges every batch, and stores each once, in both runs', () => {
    for (const [, run] of results) {
      for (const seqs of run.acked.values()) expect(seqs.size).toBe(batches.length / SHARD_ENTERPRISES.length);
      expect(run.batchesStored).toBe(batches.length);
    }
  });

  it('runs two shards that share the enterprises, ready together, and stops cleanly with a checkpoint each', () => {
    const sharded = results.get(2)!;
    expect(sharded.readiness.status).toBe('ready');
    expect(sharded.readiness.shards?.map((s) => s.shard)).toEqual(['shard-0', 'shard-1']);
    expect(sharded.readiness.shards?.every((s) => s.ok && s.enterprises > 0)).toBe(true);
    expect(sharded.readiness.shards?.reduce((n, s) => n + s.enterprises, 0)).toBe(SHARD_ENTERPRISES.length);
    expect(sharded.shardsMetric).toBe(2);
    expect(sharded.exitCode).toBe(0);
    expect(sharded.checkpoints).toEqual(['spc-checkpoint.shard-0.json', 'spc-checkpoint.shard-1.json']);
    // Today's path exactly: one thread, one checkpoint, no shards in its readiness.
    const single = results.get(1)!;
    expect(single.readiness.status).toBe('ready');
    expect(single.readiness.shards).toBeUndefined();
    expect(single.checkpoints).toEqual(['spc-checkpoint.json']);
  });

  it('sends the same alert events on the bus', () => {
    const single = results.get(1)!.alerts;
    expect([...single.values()].flat().length).toBeGreaterThan(0);
    expect([...single.values()].filter((events) => events.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(results.get(2)!.alerts).toEqual(single);
  });

  it('leaves the same retained risk summary for every enterprise', () => {
    const single = results.get(1)!.risk;
    expect([...single.values()].some((r) => (r as { level: string }).level !== 'low')).toBe(true);
    expect(results.get(2)!.risk).toEqual(single);
  });

  it('refuses --worker with more than one shard, in one line naming both', () => {
    const config = join(root, 'linewatch-2.json');
    for (const args of [
      ['--shards', '2'],
      ['--shards', '0'],
    ]) {
      const r = runLinewatch(['analytics', '--config', config, '--worker', 'w1', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(runLinewatch(['analytics', '--config', config, '--worker', 'w1', '--shards', '2']).stderr).toMatch(/^linewatch analytics: --worker runs one thread .*--shards 2 cannot be combined with it/);
    expect(runLinewatch(['analytics', '--config', config, '--shards', '0']).stderr).toMatch(/^linewatch analytics: --shards must be a whole number from 1 to 256, got '0'/);
  });
});
