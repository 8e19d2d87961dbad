/**
 * The Sparkplug source against real brokers on loopback, in this process
 * with a recording sink: a plant's Mosquitto read directly, stopped and
 * restarted on the same port mid-test (the source reconnects and goes on;
 * bad data is counted by reason, never thrown); and a plant's Mosquitto
 * bridged into linewatch's broker with the README's bridge configuration and
 * the Sparkplug ACL (an edge account for the bridge, the gateway as host).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UMetric } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerFromConfig, type BrokerService } from '../../broker/index.js';
import type { BadReadingReason, SourceSink } from '../../gateway/sources/gateway-source.js';
import type { SourceEvent } from '../../gateway/sources/source-event.js';
import type { SparkplugSourceConfig } from '../../gateway/sources/sparkplug/sparkplug-config.js';
import { SPARKPLUG_SOURCE } from '../../gateway/sources/sparkplug/sparkplug-kind.js';
import { createLogger } from '../../ops/logger.js';
import { startMosquitto, type MosquittoTestServer } from '../support/mosquitto.js';
import { pipelineTestConfig, TEST_PASSWORDS, TEST_SPARKPLUG } from '../support/pipeline-config.js';
import { eventually } from '../support/eventually.js';

const codec = sparkplug.get('spBv1.0');
if (codec === null) throw new Error('sparkplug-payload has no spBv1.0 codec');
const GROUP = TEST_SPARKPLUG.group;
const NODE = 'extruder-1-edge';
const DEVICE = 'xray';

/** A sink that records: what the gateway would batch, bad readings by reason, connection changes. */
class RecordingSink implements SourceSink {
  readonly events: SourceEvent[] = [];
  readonly bads: Array<{ reason: BadReadingReason; detail: string }> = [];
  readonly ups: boolean[] = [];
  async take(events: readonly SourceEvent[]): Promise<void> {
    this.events.push(...events);
  }
  bad(reason: BadReadingReason, detail: string): void {
    this.bads.push({ reason, detail });
  }
  connected(up: boolean): void {
    this.ups.push(up);
  }
  readings(characteristic: string): Array<{ ts: number; value: unknown }> {
    return this.events.flatMap((e) => (e.kind === 'reading' && e.characteristic === characteristic ? [{ ts: e.ts as number, value: e.value }] : []));
  }
  reasons(): BadReadingReason[] {
    return this.bads.map((b) => b.reason);
  }
}

/** An Edge Node publishing on `url`: births, then DDATA by alias. */
class EdgeNode {
  private seq = 0;
  private constructor(readonly client: MqttClient) {}
  static async connect(url: string, login: { username: string; password: string; clientId: string }): Promise<EdgeNode> {
    return new EdgeNode(await mqtt.connectAsync(url, { ...login, clean: true, reconnectPeriod: 0 }));
  }
  async send(type: string, device: string | undefined, metrics: UMetric[], options: { seq?: number; raw?: Buffer } = {}): Promise<void> {
    const seq = options.seq ?? (type === 'NBIRTH' ? 0 : this.seq);
    // A raw payload (garbage) carries no seq, so it uses none up.
    if (options.raw === undefined) this.seq = (seq + 1) % 256;
    const payload = options.raw ?? Buffer.from(codec!.encodePayload({ timestamp: Date.now(), seq, metrics }));
    await this.client.publishAsync(`spBv1.0/${GROUP}/${type}/${NODE}${device ? `/${device}` : ''}`, payload, { qos: 1 });
  }
  /** Births until the host has seen one (it subscribes in the background): the speed tag in the NBIRTH tells. */
  async bornTo(sink: RecordingSink, bdSeq: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    const seen = () => sink.events.some((e) => e.kind === 'speed' && e.metresPerMinute === 100 + bdSeq);
    while (!seen()) {
      if (Date.now() > deadline) throw new Error('the host never received an NBIRTH');
      await this.send('NBIRTH', undefined, [
        { name: 'bdSeq', type: 'UInt64', value: bdSeq },
        { name: 'Line/speed', type: 'Double', value: 100 + bdSeq, timestamp: Date.now() },
      ]);
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.send('DBIRTH', DEVICE, [{ name: 'OD', alias: 1, type: 'Float', value: 0.7, timestamp: Date.now() }]);
  }
  async reading(value: number, ts: number): Promise<void> {
    await this.send('DDATA', DEVICE, [{ alias: 1, type: 'Float', value, timestamp: ts }]);
  }
}

function sourceConfig(mqttUrl: string, login: { username: string; passwordEnv: string }): SparkplugSourceConfig {
  return {
    kind: 'sparkplug',
    mqttUrl,
    ...login,
    groups: [GROUP],
    reconnect: { minMs: 100, maxMs: 500 },
    metrics: [
      { group: GROUP, edgeNode: NODE, device: DEVICE, metric: 'OD', line: 'extruder-1', characteristic: 'insulation_thickness' },
      { group: GROUP, edgeNode: NODE, metric: 'Line/speed', line: 'extruder-1', tag: 'speed' },
    ],
  };
}

const log = createLogger('sparkplug-broker-test', 'silent');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

function started(config: SparkplugSourceConfig, sink: RecordingSink) {
  const source = SPARKPLUG_SOURCE.create(config, { log });
  cleanups.push(() => source.stop());
  return source.start({ take: (e) => sink.take(e), bad: (r, d) => sink.bad(r, d), connected: (up) => sink.connected(up) });
}

describe('Sparkplug source on a plant Mosquitto', () => {
  it('reads, counts bad data by reason, and goes on after the broker is stopped and restarted', async () => {
    process.env.LW_TEST_SPARKPLUG_HOST = 'host-secret';
    const plant: MosquittoTestServer = await startMosquitto({
      passwords: { edge: 'edge-secret', host: 'host-secret' },
      acl: ['user edge', 'topic write spBv1.0/#', '', 'user host', 'topic read spBv1.0/#', ''].join('\n'),
    });
    cleanups.push(() => plant.dispose());
    const sink = new RecordingSink();
    await started(sourceConfig(plant.url, { username: 'host', passwordEnv: 'LW_TEST_SPARKPLUG_HOST' }), sink);
    await eventuallyLong(() => expect(sink.ups).toContain(true));

    const login = { username: 'edge', password: 'edge-secret', clientId: 'edge-1' };
    let edge = await EdgeNode.connect(plant.url, login);
    cleanups.push(() => edge.client.endAsync());
    await edge.bornTo(sink, 0);
    const t0 = Date.now();
    await edge.reading(0.71, t0);
    await edge.reading(0.72, t0 + 100);
    // Bad data: not protobuf, an unmapped metric, a seq gap (two skipped).
    await edge.send('DDATA', DEVICE, [], { raw: Buffer.from('not sparkplug') });
    await edge.send('DDATA', DEVICE, [{ name: 'Temperature', type: 'Double', value: 180 }]);
    await edge.send('DDATA', DEVICE, [{ alias: 1, type: 'Float', value: 0.73, timestamp: t0 + 200 }], { seq: 9 });
    await eventuallyLong(() => expect(sink.readings('insulation_thickness').map((r) => r.value)).toEqual([0.7, 0.71, 0.72, 0.73]));
    expect(sink.reasons()).toEqual(['unparsable', 'unmapped', 'protocol']);
    expect(sink.bads[2]?.detail).toMatch(/seq gap/);

    // The broker goes away and comes back on the same port.
    await plant.kill();
    await eventuallyLong(() => expect(sink.ups.at(-1)).toBe(false));
    await plant.start();
    await eventuallyLong(() => expect(sink.ups.at(-1)).toBe(true));
    // Mosquitto ran without persistence: the edge reconnects and is born again, as it would.
    edge = await EdgeNode.connect(plant.url, login);
    cleanups.push(() => edge.client.endAsync());
    await edge.bornTo(sink, 1);
    await edge.reading(0.74, Date.now());
    await eventuallyLong(() =>
      expect(
        sink
          .readings('insulation_thickness')
          .map((r) => r.value)
          .slice(-2),
      ).toEqual([0.7, 0.74]),
    );
    expect(sink.ups.filter((u) => u)).toHaveLength(2);
  }, 60_000);
});

describe('a plant Mosquitto bridged into linewatch broker', () => {
  it('forwards spBv1.0 of the group with the edge account, and the host reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-sparkplug-bridge-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const config = await pipelineTestConfig({ dataDir: dir, sparkplug: true });
    const linewatch: BrokerService = brokerFromConfig(config, { port: 0, host: '127.0.0.1', logger: { info() {}, warn() {} } });
    const { port } = await linewatch.start();
    cleanups.push(() => linewatch.stop());
    const plant = await startMosquitto({
      passwords: { edge: 'edge-secret' },
      acl: ['user edge', 'topic write spBv1.0/#', ''].join('\n'),
      // The README's bridge, on plain TCP.
      extraConfig: [
        'connection linewatch',
        `address 127.0.0.1:${port}`,
        `remote_username ${TEST_SPARKPLUG.edge}`,
        `remote_password ${TEST_PASSWORDS.sparkplugEdge}`,
        `remote_clientid ${TEST_SPARKPLUG.edge}`,
        'bridge_protocol_version mqttv311',
        'try_private false',
        'notifications false',
        'cleansession false',
        'restart_timeout 1',
        `topic spBv1.0/${GROUP}/# out 1`,
      ],
    });
    cleanups.push(() => plant.dispose());

    process.env.LW_TEST_SPARKPLUG_GW = TEST_PASSWORDS.gateway;
    const sink = new RecordingSink();
    await started({ ...sourceConfig(`mqtt://127.0.0.1:${port}`, { username: 'northwind-gw1', passwordEnv: 'LW_TEST_SPARKPLUG_GW' }) }, sink);
    const edge = await EdgeNode.connect(plant.url, { username: 'edge', password: 'edge-secret', clientId: 'edge-1' });
    cleanups.push(() => edge.client.endAsync());
    await edge.bornTo(sink, 0);
    const t0 = Date.now();
    for (let i = 1; i <= 5; i++) await edge.reading(0.7 + i / 100, t0 + i * 100);
    await eventuallyLong(() => expect(sink.readings('insulation_thickness').map((r) => r.value)).toEqual([0.7, 0.71, 0.72, 0.73, 0.74, 0.75]));
    expect(sink.reasons()).toEqual([]);
    // The bridge and the host were refused nothing by linewatch's ACL.
    expect(Object.values(linewatch.broker.refusals()).reduce((a, b) => a + b, 0)).toBe(0);
  }, 60_000);
});

/** eventually(), with the longer default wait a real server here needs on a loaded machine. */
function eventuallyLong(check: () => unknown, timeoutMs = 15_000): Promise<void> {
  return eventually(check, timeoutMs, 100);
}
