/**
 * What the attack suites stand on: the whole stack in this process
 * (startEmbeddedStack: the real aedes broker on loopback, the analytics
 * service, the embedded store, the dashboard over HTTP), real MQTT.js
 * clients, and a legitimate gateway whose batches must keep being stored
 * whatever an attacker does ("never stops the pipeline").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { parseConfig } from '../../config/load.js';
import { decodeAck, type Ack } from '../../protocol/ack.js';
import { decodeDeadLetter, type DeadLetter } from '../../protocol/dead-letter.js';
import { encodeMeasurementBatch, type MeasurementPoint } from '../../protocol/measurement-batch.js';
import { ackTopic, gatewayChannelFilter, measurementsTopic } from '../../protocol/topics.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from './pipeline-config.js';

/** The attacker's account: a real gateway of northwind-cable (a stolen password, or a broken gateway). */
export const ATTACKER = { enterprise: 'northwind-cable', gateway: 'northwind-gw1', line: 'extruder-1', password: TEST_PASSWORDS.gateway } as const;
/** The legitimate gateway of another enterprise, whose data must keep flowing. */
export const HONEST = { enterprise: 'eastriver-wire', gateway: 'eastriver-gw1', line: 'L1', password: TEST_PASSWORDS.otherGateway } as const;

export interface AttackStack {
  readonly stack: EmbeddedStack;
  /** A plausible point of the attacker's line, stamped `ts`. */
  point(ts: number, value?: number): MeasurementPoint;
  /** Connects as `who` with MQTT.js; rejects with the CONNACK code when refused. */
  connect(who: { gateway: string; password: string }, options?: Partial<IClientOptions>): Promise<MqttClient>;
  /**
   * The attacker publishes `payload` on its own measurements topic and waits for the analytics
   * service's answers: the ack of `seq` (when it can be read) and a dead letter (when one is due).
   */
  publishAsAttacker(payload: string | Buffer, expect: { seq: number | null; deadLetter: boolean }): Promise<Answer>;
  /** The honest gateway sends `count` fresh points and waits for their ack; resolves with what was stored. */
  honestBatch(count?: number): Promise<Ack>;
  /** Points of `line` in the store, so counts are checked against the store itself, not only the acks. */
  storedPoints(enterprise: string, line: string): Promise<number>;
  /** Broker refusals by code now. */
  refusals(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

export interface Answer {
  readonly ack: Ack | null;
  readonly deadLetter: DeadLetter | null;
}

const log = createLogger('attack-test', 'silent');

export async function startAttackStack(limits: { mqtt?: object; http?: object } = {}): Promise<AttackStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linewatch-attack-'));
  const file = await pipelineTestConfigFile({ dataDir });
  const mqttSection = file.mqtt as Record<string, unknown>;
  const httpSection = file.http as Record<string, unknown>;
  if (limits.mqtt) mqttSection.limits = limits.mqtt;
  if (limits.http) httpSection.limits = limits.http;
  const config = parseConfig(JSON.stringify(file), 'attack-test.json', dataDir);
  const stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, dataDir, log });
  const clients: MqttClient[] = [];

  const connect = (who: { gateway: string; password: string }, options: Partial<IClientOptions> = {}) => {
    const client = mqtt.connect(stack.mqttUrl, { username: who.gateway, password: who.password, clientId: who.gateway, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, ...options });
    clients.push(client);
    client.on('error', () => {});
    return new Promise<MqttClient>((resolve, reject) => {
      client.once('connect', () => resolve(client));
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed before CONNACK')));
    });
  };

  // The attacker's answers arrive on its ack topic and, for the dashboard, on its dead-letter topic.
  const dashboard = await connect({ gateway: 'dashboard', password: TEST_PASSWORDS.dashboard });
  const deadLetters: DeadLetter[] = [];
  dashboard.on('message', (_topic, payload) => {
    const letter = decodeDeadLetter(payload);
    if (letter.ok) deadLetters.push(letter.value);
  });
  await dashboard.subscribeAsync(gatewayChannelFilter('deadletter'), { qos: 1 });

  const acks = new Map<string, Ack[]>();
  const listenAcks = async (who: { enterprise: string; gateway: string; password: string }) => {
    const client = await connect(who, { clientId: `${who.gateway}:acks` });
    const list: Ack[] = [];
    acks.set(who.gateway, list);
    client.on('message', (_topic, payload) => {
      const ack = decodeAck(payload);
      if (ack.ok) list.push(ack.value);
    });
    await client.subscribeAsync(ackTopic(who.enterprise, who.gateway), { qos: 1 });
  };
  await listenAcks(ATTACKER);
  await listenAcks(HONEST);
  const honest = await connect(HONEST);

  let clock = Date.now() - 60_000;
  const nextTs = () => (clock += 10);
  let honestSeq = 1;

  return {
    stack,
    point: (ts, value = 0.7) => ({ line: ATTACKER.line, characteristic: 'insulation_thickness', ts, value }),
    connect,

    async publishAsAttacker(payload, expect) {
      const letters = deadLetters.length;
      const attackerAcks = acks.get(ATTACKER.gateway)!;
      const acksBefore = attackerAcks.length;
      const attacker = await connect(ATTACKER, { clientId: `${ATTACKER.gateway}:attack` });
      await attacker.publishAsync(measurementsTopic(ATTACKER.enterprise, ATTACKER.gateway), payload, { qos: 1 });
      await attacker.endAsync();
      const ack = expect.seq === null ? null : await waitFor(() => attackerAcks.slice(acksBefore).find((a) => a.seq === expect.seq), `the ack of seq ${expect.seq}`);
      const deadLetter = expect.deadLetter ? await waitFor(() => deadLetters[letters], 'a dead letter') : null;
      return { ack, deadLetter };
    },

    async honestBatch(count = 5) {
      const seq = honestSeq++;
      const points = Array.from({ length: count }, () => ({ line: HONEST.line, characteristic: 'insulation_thickness' as const, ts: nextTs(), value: 0.8 }));
      await honest.publishAsync(measurementsTopic(HONEST.enterprise, HONEST.gateway), encodeMeasurementBatch(seq, points), { qos: 1 });
      return waitFor(() => acks.get(HONEST.gateway)!.find((a) => a.seq === seq), `the honest gateway's ack of seq ${seq}`);
    },

    async storedPoints(enterprise, line) {
      const series = await stack.store.readSeries({ enterprise, line, characteristic: 'insulation_thickness' }, { from: 0, to: Date.now() + 3_600_000 });
      return series.ts.length;
    },

    refusals: () => stack.broker.refusals(),

    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns a value; fails naming `what` after 15 s (a hang is a failure, not a wait). */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
