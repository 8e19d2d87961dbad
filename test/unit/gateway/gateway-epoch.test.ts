/**
 * The gateway sends its outbox's epoch with every batch and acts only on acks
 * for that epoch: a late ack for a replaced outbox must never release a new
 * batch that happens to have the same seq. A real aedes broker on loopback,
 * a real MQTT.js client in the analytics role.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAccount } from '../../../broker/accounts.js';
import { createBroker, type LinewatchBroker } from '../../../broker/create-broker.js';
import type { BrokerLogger } from '../../../broker/refusal-log.js';
import { connectGateway } from '../../../gateway/index.js';
import { MemoryOutbox } from '../../../gateway/outbox/memory-outbox.js';
import { createLogger } from '../../../ops/logger.js';
import { encodeAck } from '../../../protocol/ack.js';
import { decodeMeasurementBatch } from '../../../protocol/measurement-batch.js';
import { ackTopic, measurementsTopic } from '../../../protocol/topics.js';
import { hashPassword } from '../../../security/password.js';

const PASSWORD = 'gateway-epoch-test';
let broker: LinewatchBroker;
let url: string;

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD, { N: 16 });
  const accounts: BrokerAccount[] = [
    { username: 'E1-gw1', passwordHash, principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-gw1' } },
    { username: 'analytics', passwordHash, principal: { kind: 'service', role: 'analytics' } },
  ];
  const quiet: BrokerLogger = { info: () => {}, warn: () => {} };
  broker = createBroker({ accounts, settings: { port: 0 }, logger: quiet });
  ({ url } = await broker.listen());
});

afterAll(async () => {
  await broker.close();
});

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('GatewayService and the outbox epoch', () => {
  it("sends its outbox's epoch, ignores and counts an ack for another epoch, and honours its own", async () => {
    const outbox = new MemoryOutbox();
    const gateway = connectGateway({ mqttUrl: url, enterprise: 'E1', gateway: 'E1-gw1', password: PASSWORD, ackTimeoutMs: 600_000 }, { outbox, log: createLogger('gateway-epoch-test') });
    const analytics: MqttClient = await mqtt.connectAsync(url, { username: 'analytics', password: PASSWORD, clientId: 'analytics:epoch-test', reconnectPeriod: 0 });
    const batches: Array<{ epoch: string; seq: number }> = [];
    analytics.on('message', (_topic, payload) => {
      const b = decodeMeasurementBatch(payload);
      if (b.ok) batches.push({ epoch: b.epoch, seq: b.seq });
    });
    await analytics.subscribeAsync(measurementsTopic('E1', 'E1-gw1'), { qos: 1 });
    gateway.start();
    try {
      await until('the gateway connected', () => gateway.stats().connected);
      await gateway.accept([{ line: 'L1', characteristic: 'conductor_resistance', ts: Date.UTC(2026, 0, 1), value: 11.7 }]);
      await gateway.flush();
      await until('the first batch', () => batches.length >= 1);
      expect(batches[0]).toEqual({ epoch: outbox.epoch, seq: 1 });

      // A late ack from a replaced outbox, for the same seq: ignored.
      const counts = { stored: 1, duplicates: 0, rejected: 0 };
      await analytics.publishAsync(ackTopic('E1', 'E1-gw1'), encodeAck({ epoch: 'an-older-outbox', seq: 1, ...counts }), { qos: 1 });
      await until('the foreign ack counted', () => gateway.stats().foreignAcks === 1);
      expect(gateway.stats()).toMatchObject({ acknowledged: 0, outbox: { batches: 1 } });

      await analytics.publishAsync(ackTopic('E1', 'E1-gw1'), encodeAck({ epoch: outbox.epoch, seq: 1, ...counts }), { qos: 1 });
      await until('the batch released', () => gateway.stats().outbox.batches === 0);
      expect(gateway.stats()).toMatchObject({ acknowledged: 1, foreignAcks: 1 });

      // An ack without an epoch comes from an older analytics service: taken as this outbox's.
      await gateway.accept([{ line: 'L1', characteristic: 'conductor_resistance', ts: Date.UTC(2026, 0, 1, 0, 0, 1), value: 11.7 }]);
      await gateway.flush();
      await until('the second batch', () => batches.length >= 2);
      expect(batches[1]).toEqual({ epoch: outbox.epoch, seq: 2 });
      await analytics.publishAsync(ackTopic('E1', 'E1-gw1'), encodeAck({ seq: 2, ...counts }), { qos: 1 });
      await until('the second batch released', () => gateway.stats().outbox.batches === 0);
      expect(gateway.stats()).toMatchObject({ acknowledged: 2, foreignAcks: 1 });
    } finally {
      await gateway.stop(0);
      await analytics.endAsync(true);
    }
  }, 60_000);
});
