/**
 * Sparkplug B end to end: a real Edge Node (an MQTT.js client publishing
 * NBIRTH, DBIRTH and DDATA encoded by Eclipse Tahu's codec) on linewatch's
 * real broker, with the Sparkplug ACL of the test configuration (an edge
 * account for the group, the gateway as its host), and `linewatch gateway
 * --source` reading it as its own process. Readings arrive stored and
 * charted exactly once, also those published while the gateway was killed
 * (-9): its persistent session keeps them on the broker, and its stateFile
 * the aliases of the births in force. `is_historical`
 * readings are stored and never charted. The gateway publishes nothing on
 * Sparkplug topics, ever.
 */
import type { Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import sparkplug from 'sparkplug-payload';
import type { UMetric } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORDS, TEST_SPARKPLUG } from '../support/pipeline-config.js';
import type { ServiceProcess } from '../support/processes.js';
import { RIG_GATEWAY, RIG_LINE, startSourceRig, type SourceRig } from '../support/source-rig.js';

const codec = sparkplug.get('spBv1.0');
if (codec === null) throw new Error('sparkplug-payload has no spBv1.0 codec');

const GROUP = TEST_SPARKPLUG.group;
const EDGE_NODE = 'extruder-1-edge';
const DEVICE = 'xray';
const HOST_CLIENT_ID = `${RIG_GATEWAY}:sparkplug-host`;
const INSULATION = 'Insulation/Thickness';
const RESISTANCE = 'Conductor/Resistance';

/** An Edge Node as Sparkplug 3.0 describes one: NDEATH as its will, then NBIRTH, DBIRTH, DDATA with one seq. */
class EdgeNode {
  private seq = 0;
  private constructor(readonly client: MqttClient) {}

  static async connect(url: string, bdSeq: number): Promise<EdgeNode> {
    const will = Buffer.from(codec!.encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }] }));
    const client = await mqtt.connectAsync(url, {
      username: TEST_SPARKPLUG.edge,
      password: TEST_PASSWORDS.sparkplugEdge,
      clientId: TEST_SPARKPLUG.edge,
      clean: true,
      reconnectPeriod: 0,
      will: { topic: `spBv1.0/${GROUP}/NDEATH/${EDGE_NODE}`, payload: will, qos: 1, retain: false },
    });
    const edge = new EdgeNode(client);
    await edge.send(
      'NBIRTH',
      undefined,
      [
        { name: 'bdSeq', type: 'UInt64', value: bdSeq },
        { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
      ],
      Date.now(),
    );
    return edge;
  }

  async send(type: string, device: string | undefined, metrics: UMetric[], timestamp: number): Promise<void> {
    const seq = type === 'NBIRTH' ? 0 : this.seq;
    this.seq = (seq + 1) % 256;
    const topic = `spBv1.0/${GROUP}/${type}/${EDGE_NODE}${device ? `/${device}` : ''}`;
    await this.client.publishAsync(topic, Buffer.from(codec!.encodePayload({ timestamp, seq, metrics })), { qos: 1 });
  }
}

/** What the edge published, per characteristic: ts -> value. */
const sent = { insulation_thickness: new Map<number, number>(), conductor_resistance: new Map<number, number>() };
const historicalSent = new Map<number, number>();
let nextTs = Date.now() - 40_000;
let k = 0;

/** One DDATA with both gauges' readings, each at its own metric timestamp; by alias, or by name. */
async function reading(edge: EdgeNode, by: 'alias' | 'name'): Promise<void> {
  const ts = nextTs;
  nextTs += 100;
  k += 1;
  const thickness = Number((0.7 + (k % 10) * 0.001).toFixed(3));
  const resistance = Number((11.9 + (k % 7) * 0.01).toFixed(2));
  sent.insulation_thickness.set(ts, thickness);
  sent.conductor_resistance.set(ts, resistance);
  const id = (name: string, alias: number) => (by === 'alias' ? { alias } : { name });
  await edge.send(
    'DDATA',
    DEVICE,
    [
      { ...id(INSULATION, 1), type: 'Float', value: thickness, timestamp: ts },
      { ...id(RESISTANCE, 2), type: 'Double', value: resistance, timestamp: ts },
    ],
    ts,
  );
}

describe('Sparkplug B source, end to end', () => {
  let rig: SourceRig;
  let edge: EdgeNode;
  const hostPublished: string[] = [];
  let subscribes = 0;

  beforeAll(async () => {
    rig = await startSourceRig({ sparkplug: true });
    const aedes = rig.stack.broker.aedes;
    aedes.on('publish', (packet, client: Client | null) => {
      if (client?.id === HOST_CLIENT_ID) hostPublished.push(packet.topic);
    });
    aedes.on('subscribe', (subs, client) => {
      if (client?.id === HOST_CLIENT_ID && subs.some((s) => s.topic === `spBv1.0/${GROUP}/#`)) subscribes += 1;
    });
  }, 60_000);

  afterAll(async () => {
    await edge?.client.endAsync();
    await rig?.close();
  });

  it('reads births and data, keeps what was published while the gateway was killed, and never publishes', async () => {
    const source = rig.writeSource('sparkplug.json', {
      kind: 'sparkplug',
      mqttUrl: rig.stack.mqttUrl,
      username: RIG_GATEWAY,
      passwordEnv: 'LINEWATCH_GATEWAY_PASSWORD',
      clientId: HOST_CLIENT_ID,
      groups: [GROUP],
      reconnect: { minMs: 100, maxMs: 1000 },
      // The births in force survive the kill, so alias-only data is read after the restart.
      stateFile: `${rig.dir}/sparkplug-births.json`,
      metrics: [
        { group: GROUP, edgeNode: EDGE_NODE, device: DEVICE, metric: INSULATION, line: RIG_LINE, characteristic: 'insulation_thickness' },
        { group: GROUP, edgeNode: EDGE_NODE, device: DEVICE, metric: RESISTANCE, line: RIG_LINE, characteristic: 'conductor_resistance' },
      ],
    });
    let gateway: ServiceProcess = await rig.startGateway(source);
    await rig.eventually(() => expect(subscribes).toBe(1));

    // The edge is born: NBIRTH, then the DBIRTH defining aliases 1 and 2 with their current values (readings too).
    edge = await EdgeNode.connect(rig.stack.mqttUrl, 0);
    const birthTs = nextTs;
    nextTs += 100;
    sent.insulation_thickness.set(birthTs, 0.7);
    sent.conductor_resistance.set(birthTs, 11.95);
    await edge.send(
      'DBIRTH',
      DEVICE,
      [
        { name: INSULATION, alias: 1, type: 'Float', value: 0.7, timestamp: birthTs },
        { name: RESISTANCE, alias: 2, type: 'Double', value: 11.95, timestamp: birthTs },
        { name: 'Temperature', alias: 3, type: 'Double', value: 182, timestamp: birthTs },
      ],
      birthTs,
    );
    for (let i = 0; i < 10; i++) await reading(edge, 'alias');
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBe(11), 20_000);
    await rig.eventually(async () => expect((await rig.stored('conductor_resistance')).length).toBe(11), 20_000);

    // Killed: what the edge publishes now waits in the host's persistent session on the broker.
    await gateway.kill9();
    // By alias: the restarted host reads the aliases from its stateFile (it cannot ask for a rebirth).
    for (let i = 0; i < 10; i++) await reading(edge, 'alias');
    // Backlog the edge flags is_historical: stored, never charted, though only seconds old.
    for (let i = 0; i < 5; i++) {
      const ts = Date.now() - 60_000 + i * 100;
      historicalSent.set(ts, 0.69);
      await edge.send('DDATA', DEVICE, [{ name: INSULATION, type: 'Float', value: 0.69, timestamp: ts, isHistorical: true }], ts);
    }

    gateway = await rig.startGateway(source);
    await rig.eventually(() => expect(subscribes).toBe(2));
    for (let i = 0; i < 5; i++) await reading(edge, 'alias');
    // Names work too, with or without a birth known.
    for (let i = 0; i < 5; i++) await reading(edge, 'name');

    const live = sent.insulation_thickness.size;
    expect(live).toBe(31);
    await rig.eventually(async () => {
      expect(await rig.stored('insulation_thickness')).toHaveLength(live + historicalSent.size);
      expect(await rig.stored('conductor_resistance')).toHaveLength(live);
    }, 25_000);

    // Exactly once, each value what the edge sent at its own timestamp.
    const thickness = await rig.stored('insulation_thickness');
    expect(new Set(thickness.map((p) => p.ts)).size).toBe(thickness.length);
    expect(Object.fromEntries(thickness.map((p) => [p.ts, p.value]))).toEqual(Object.fromEntries([...sent.insulation_thickness, ...historicalSent]));
    const resistance = await rig.stored('conductor_resistance');
    expect(Object.fromEntries(resistance.map((p) => [p.ts, p.value]))).toEqual(Object.fromEntries(sent.conductor_resistance));

    // Charted: every live reading, and none of the historical ones.
    await rig.eventually(() => {
      expect(rig.charted('insulation_thickness')).toBe(live);
      expect(rig.charted('conductor_resistance')).toBe(live);
    });

    // Read-only: the host never published anything, on any topic (no NCMD, DCMD, STATE).
    expect(hostPublished).toEqual([]);
    await gateway.terminate();
  }, 90_000);
});
