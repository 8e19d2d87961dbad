/**
 * The analytics core with no broker: batches go in, points land in a real
 * embedded store, and the acks, dead letters, alerts and risk it sends come
 * out through its output port, recorded here as the typed values the bus
 * adapter would encode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsCore } from '../../../analytics/service/analytics-core.js';
import type { AnalyticsOutputs } from '../../../analytics/service/analytics-outputs.js';
import { catalogFromConfig, enterpriseProfiles } from '../../../core/catalog/config-catalog.js';
import type { EnterpriseRiskSummary } from '../../../core/enterprise-risk/risk-views.js';
import type { FindingEvent } from '../../../core/findings/finding.js';
import type { AlertEvent } from '../../../monitor/alert.js';
import type { Ack } from '../../../protocol/ack.js';
import type { DeadLetter } from '../../../protocol/dead-letter.js';
import { createMeasurementBatchDecoder, encodeMeasurementBatch, type MeasurementPoint } from '../../../protocol/measurement-batch.js';
import { openStore } from '../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../store/port.js';
import { pipelineTestConfig } from '../../support/pipeline-config.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const ENTERPRISE = 'northwind-cable';
const GATEWAY = 'northwind-gw1';

/** Everything the core sent, in order, as values. */
class RecordedOutputs implements AnalyticsOutputs {
  readonly acks: Array<{ enterprise: string; gateway: string; ack: Ack }> = [];
  readonly deadLetters: Array<{ enterprise: string; gateway: string; letter: DeadLetter }> = [];
  readonly alerts: AlertEvent[] = [];
  readonly findings: FindingEvent[] = [];
  readonly risks: EnterpriseRiskSummary[] = [];
  ack(enterprise: string, gateway: string, ack: Ack): void {
    this.acks.push({ enterprise, gateway, ack });
  }
  deadLetter(enterprise: string, gateway: string, letter: DeadLetter): void {
    this.deadLetters.push({ enterprise, gateway, letter });
  }
  alert(event: AlertEvent): void {
    this.alerts.push(event);
  }
  finding(event: FindingEvent): void {
    this.findings.push(event);
  }
  risk(summary: EnterpriseRiskSummary): void {
    this.risks.push(summary);
  }
}

let dir: string;
let store: TimeSeriesStore;
let outputs: RecordedOutputs;
let core: AnalyticsCore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-core-'));
  const config = await pipelineTestConfig({ dataDir: join(dir, 'data') });
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  outputs = new RecordedOutputs();
  core = new AnalyticsCore(
    { live: config.live, risk: config.risk, checkpointPath: null },
    { store, catalog: catalogFromConfig(config), enterprises: enterpriseProfiles(config), decodeBatch: createMeasurementBatchDecoder(), outputs, log: pino({ level: 'silent' }), clock: () => NOW },
  );
  await core.open();
});

afterEach(async () => {
  await core.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const resistance = (ts: number, value: number): MeasurementPoint => ({ line: 'extruder-1', characteristic: 'conductor_resistance', ts, value });

describe('AnalyticsCore', () => {
  it('stores a batch, acknowledges it, dead-letters the bad point and raises the alert, all through its outputs', async () => {
    const points = [resistance(NOW - 3000, 11.7), resistance(NOW - 2000, 11.8), { ...resistance(NOW - 1500, 0), value: 'eleven' as unknown as number }, resistance(NOW - 1000, 12.6)];
    await core.ingest(ENTERPRISE, GATEWAY, encodeMeasurementBatch(7, points));
    await core.drain();

    const stored = await store.readSeries({ enterprise: ENTERPRISE, line: 'extruder-1', characteristic: 'conductor_resistance' }, { from: NOW - 60_000, to: NOW });
    expect([...stored.ts]).toEqual([NOW - 3000, NOW - 2000, NOW - 1000]);
    expect([...stored.value]).toEqual([11.7, 11.8, 12.6]);
    expect(outputs.acks).toEqual([{ enterprise: ENTERPRISE, gateway: GATEWAY, ack: { seq: 7, stored: 3, duplicates: 0, rejected: 1, historical: 0 } }]);
    expect(outputs.deadLetters).toHaveLength(1);
    expect(outputs.deadLetters[0].letter).toMatchObject({ seq: 7, enterprise: ENTERPRISE, gateway: GATEWAY, rejected: [{ index: 2, point: { value: 'eleven' } }] });
    // 12.6 is above the 12.1 upper spec limit: an out-of-spec episode opens at once.
    expect(outputs.alerts.map((e) => `${e.kind} ${e.alert.rule} ${e.alert.enterprise}`)).toEqual([`raised outOfSpec ${ENTERPRISE}`]);
    expect(core.counters.stored).toBe(3);
    expect(core.counters.rejectedPoints).toBe(1);
  });

  it('acknowledges a resent batch again, its points counted as duplicates and stored once', async () => {
    const batch = encodeMeasurementBatch(1, [resistance(NOW - 2000, 11.7), resistance(NOW - 1000, 11.8)]);
    await core.ingest(ENTERPRISE, GATEWAY, batch);
    await core.ingest(ENTERPRISE, GATEWAY, batch);
    expect(outputs.acks.map((a) => a.ack)).toEqual([
      { seq: 1, stored: 2, duplicates: 0, rejected: 0, historical: 0 },
      { seq: 1, stored: 0, duplicates: 2, rejected: 0, historical: 0 },
    ]);
    const stored = await store.readSeries({ enterprise: ENTERPRISE, line: 'extruder-1', characteristic: 'conductor_resistance' }, { from: NOW - 60_000, to: NOW });
    expect(stored.ts).toHaveLength(2);
  });

  it('dead-letters a message that is not a batch, with the reason, and counts it refused', async () => {
    await core.ingest(ENTERPRISE, GATEWAY, 'not json');
    expect(outputs.acks).toEqual([]);
    expect(outputs.deadLetters).toHaveLength(1);
    expect(outputs.deadLetters[0].letter).toMatchObject({ enterprise: ENTERPRISE, gateway: GATEWAY, payloadPreview: 'not json', payloadBytes: 8 });
    expect((outputs.deadLetters[0].letter as { reason: string }).reason).toMatch(/JSON/);
    expect([...core.counters.rejectsByReason.values()].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('leaves a batch of an enterprise it does not own unacknowledged, so the gateway sends it to the owner', async () => {
    core.restrictTo((enterprise) => enterprise !== ENTERPRISE);
    await core.ingest(ENTERPRISE, GATEWAY, encodeMeasurementBatch(1, [resistance(NOW - 1000, 11.7)]));
    expect(outputs.acks).toEqual([]);
    expect(core.counters.notOwnedBatches).toBe(1);
    expect(core.ownedEnterprises()).toEqual(['eastriver-wire']);
    const stored = await store.readSeries({ enterprise: ENTERPRISE, line: 'extruder-1', characteristic: 'conductor_resistance' }, { from: NOW - 60_000, to: NOW });
    expect(stored.ts).toHaveLength(0);
  });

  it('sends every enterprise its risk summary when it assesses, and the in-process listeners see the same', async () => {
    const heard: string[] = [];
    core.riskDirectory.subscribe((summary) => heard.push(summary.id));
    await core.assessRisk(true);
    expect(outputs.risks.map((r) => r.id).sort()).toEqual(['eastriver-wire', 'northwind-cable']);
    expect(heard.sort()).toEqual(['eastriver-wire', 'northwind-cable']);
  });

  it('acknowledges an alert through its directory and sends the change out', async () => {
    await core.ingest(ENTERPRISE, GATEWAY, encodeMeasurementBatch(1, [resistance(NOW - 1000, 12.6)]));
    await core.drain();
    const id = outputs.alerts[0].alert.id;
    const alert = core.acknowledgeAlert(id, 'qa', 'gauge checked');
    await core.drain();
    expect(alert.status).toBe('acknowledged');
    expect(outputs.alerts.map((e) => e.kind)).toEqual(['raised', 'acknowledged']);
    expect(core.answersFor(id)).toBe(true);
  });
});
