/**
 * A gateway restarted over a file outbox that holds a backlog sends its live
 * batches beside that backlog, not after it, also when the directory was made
 * with a clock-derived firstSeq and is reopened with a later one (as
 * `linewatch gateway` does at every start: recovery ignores firstSeq for an
 * existing directory, so the outbox's seqs stay below the new option).
 * A real aedes broker on loopback, a real file outbox in a temp directory, a
 * real MQTT.js client in the analytics role that acknowledges nothing, so the
 * backlog cannot finish while the test looks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAccount } from '../../../broker/accounts.js';
import { createBroker, type LinewatchBroker } from '../../../broker/create-broker.js';
import type { BrokerLogger } from '../../../broker/refusal-log.js';
import { BatchBuilder } from '../../../gateway/batch-builder.js';
import { connectGateway } from '../../../gateway/index.js';
import { FileOutbox } from '../../../gateway/outbox/file-outbox.js';
import { createLogger } from '../../../ops/logger.js';
import { decodeMeasurementBatch } from '../../../protocol/measurement-batch.js';
import { measurementsTopic } from '../../../protocol/topics.js';
import { hashPassword } from '../../../security/password.js';

const PASSWORD = 'gateway-catch-up-reopened-test';
const BACKLOG = 20;
let broker: LinewatchBroker;
let url: string;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lw-catch-up-reopened-'));
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
  await rm(root, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function pointsBody(ts: number): string {
  const b = new BatchBuilder();
  b.add({ line: 'L1', characteristic: 'conductor_resistance', ts, value: 11.7 });
  return b.take();
}

describe('GatewayService over a reopened file outbox with a clock-derived firstSeq', () => {
  it('publishes a live batch while the backlog held before the restart is still unacknowledged', async () => {
    const dir = join(root, 'outbox');
    // Made at some earlier start: seqs from a clock-derived firstSeq; a backlog the gateway never sent.
    const firstSeq = 1_700_000_000_000_000;
    const before = await FileOutbox.open({ dir, firstSeq });
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < BACKLOG; i++) await before.append(pointsBody(t0 + i * 1000));
    await before.close();

    // The restart: a later clock gives a larger firstSeq, which the existing directory ignores.
    const outbox = await FileOutbox.open({ dir, firstSeq: firstSeq + 3_600_000_000 });
    expect(outbox.stats()).toMatchObject({ batches: BACKLOG, oldestSeq: firstSeq, newestSeq: firstSeq + BACKLOG - 1 });
    const gateway = connectGateway(
      { mqttUrl: url, enterprise: 'E1', gateway: 'E1-gw1', password: PASSWORD, window: 8, backlogWindow: 2, ackTimeoutMs: 600_000 },
      { outbox, log: createLogger('gateway-catch-up-reopened-test') },
    );
    const analytics: MqttClient = await mqtt.connectAsync(url, { username: 'analytics', password: PASSWORD, clientId: 'analytics:catch-up-reopened-test', reconnectPeriod: 0 });
    const seqs: number[] = [];
    analytics.on('message', (_topic, payload) => {
      const b = decodeMeasurementBatch(payload);
      if (b.ok) seqs.push(b.seq);
    });
    await analytics.subscribeAsync(measurementsTopic('E1', 'E1-gw1'), { qos: 1 });
    gateway.start();
    try {
      await until('the gateway connected', () => gateway.stats().connected);
      expect(gateway.stats().catchingUp, 'what the reopened outbox held is a backlog').toBe(true);

      await gateway.accept([{ line: 'L1', characteristic: 'conductor_resistance', ts: Date.now(), value: 11.8 }]);
      await gateway.flush();
      const live = firstSeq + BACKLOG;
      // Nothing is acknowledged, so the backlog cannot be through: the live batch must go beside it.
      await until('the live batch published', () => seqs.includes(live));
      const backlogSent = new Set(seqs.filter((s) => s < live));
      expect(backlogSent.size, 'backlog batches out, within backlogWindow').toBeLessThanOrEqual(2);
      expect(gateway.stats()).toMatchObject({ catchingUp: true, acknowledged: 0, outbox: { batches: BACKLOG + 1 } });
    } finally {
      await gateway.stop(0);
      await analytics.endAsync(true);
    }
  }, 60_000);
});
