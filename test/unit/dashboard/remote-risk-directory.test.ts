/**
 * The remote risk directory's logic, with an in-process bus client that
 * hands it messages and a real embedded store holding risk.assessed
 * records. The wire itself (broker, ACL, separate processes) is proven by
 * test/feature/compose-layout-risk.test.ts.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseRiskSummary } from '../../../core/enterprise-risk/risk-views.js';
import { RemoteRiskDirectory } from '../../../dashboard/remote-risk-directory.js';
import type { BusClient, BusQos } from '../../../protocol/bus-client.js';
import { RISK_EVENT_KIND, riskEventId } from '../../../protocol/event-kinds.js';
import { encodeRiskSummary } from '../../../protocol/risk-summary.js';
import { riskTopic } from '../../../protocol/topics.js';
import { openStore } from '../../../store/open-store.js';
import type { JsonValue, TimeSeriesStore } from '../../../store/port.js';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const HOUR = 3_600_000;

function summary(id: string, at: number, score: number, level: EnterpriseRiskSummary['level'] = 'low'): EnterpriseRiskSummary {
  return {
    id,
    name: `Enterprise ${id}`,
    score,
    level,
    registeredClass: 'B',
    suggestedClass: 'B',
    classDiffers: false,
    lastInspection: '2025-11-01',
    nextInspection: '2026-11-01',
    inspectionDue: false,
    activeAlerts: 0,
    topContributors: [],
    dataAgeMs: 1000,
    at,
  };
}

/** Records what the directory asks of the bus; the test delivers messages and reconnects. */
class InProcessBus extends EventEmitter implements BusClient {
  connected = true;
  readonly subscriptions: string[] = [];
  publishAsync(): Promise<unknown> {
    return Promise.resolve();
  }
  subscribeAsync(filters: string | string[], _options: { qos: BusQos }): Promise<unknown> {
    this.subscriptions.push(...[filters].flat());
    return Promise.resolve();
  }
  unsubscribeAsync(filters: string | string[]): Promise<unknown> {
    for (const f of [filters].flat()) this.subscriptions.splice(this.subscriptions.indexOf(f), 1);
    return Promise.resolve();
  }
  endAsync(): Promise<void> {
    return Promise.resolve();
  }
  override off(event: string, listener: (...args: never[]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }
  deliver(topic: string, payload: string): void {
    this.emit('message', topic, Buffer.from(payload), { topic, payload: Buffer.from(payload) });
  }
}

interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

let dir: string;
let store: TimeSeriesStore;

function stored(s: EnterpriseRiskSummary | Record<string, JsonValue>, enterprise = String(s.id)) {
  return { id: riskEventId(enterprise), at: Number(s.at), kind: RISK_EVENT_KIND, enterprise, data: { summary: JSON.parse(JSON.stringify(s)) as { [key: string]: JsonValue }, classState: null } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-remote-risk-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await store.appendEvents([
    // Two days ago and an hour ago: the newer one is restored.
    stored(summary('acme', NOW - 48 * HOUR, 70, 'high')),
    stored(summary('acme', NOW - HOUR + 60_000, 30, 'low')),
    // Only a month-old assessment: found by widening the lookback.
    stored(summary('old', NOW - 40 * 24 * HOUR, 55, 'medium')),
    // A newer record that fails the schema: refused, and the older valid one is used.
    stored(summary('bent', NOW - 2 * HOUR, 20)),
    stored({ ...summary('bent', NOW - 30 * 60_000, 99), level: 'severe' }, 'bent'),
    // Not configured: never read.
    stored(summary('stranger', NOW - 60_000, 90, 'critical')),
  ]);
}, 60_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(lines: LogLine[] = []) {
  const bus = new InProcessBus();
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const directory = await RemoteRiskDirectory.open({ client: bus, store, enterprises: ['acme', 'old', 'bent', 'quiet'], log, clock: () => NOW }, { resyncDelayMs: 50 });
  return { bus, directory, lines };
}

describe('RemoteRiskDirectory', () => {
  it('subscribes to every enterprise risk topic and restores the newest valid stored summary of each configured enterprise', async () => {
    const lines: LogLine[] = [];
    const { bus, directory } = await open(lines);
    expect(bus.subscriptions).toEqual(['linewatch/v1/risk/+']);
    expect(directory.list().map((s) => [s.id, s.score, s.level])).toEqual([
      ['old', 55, 'medium'],
      ['acme', 30, 'low'],
      ['bent', 20, 'low'],
    ]);
    expect(directory.get('quiet')).toBeUndefined();
    expect(directory.get('stranger')).toBeUndefined();
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'stored risk assessment refused', enterprise: 'bent', reason: expect.stringContaining('level') }));
    await directory.close();
    expect(bus.subscriptions).toEqual([]);
  });

  it('takes a newer live summary, ignores an older one, and tells listeners only of what it took', async () => {
    const { bus, directory } = await open();
    const heard: EnterpriseRiskSummary[] = [];
    directory.subscribe((s) => heard.push(s));
    bus.deliver(riskTopic('acme'), encodeRiskSummary(summary('acme', NOW, 80, 'high')));
    bus.deliver(riskTopic('acme'), encodeRiskSummary(summary('acme', NOW - 1, 10, 'low')));
    bus.deliver(riskTopic('quiet'), encodeRiskSummary(summary('quiet', NOW, 5)));
    expect(heard.map((s) => [s.id, s.score])).toEqual([
      ['acme', 80],
      ['quiet', 5],
    ]);
    expect(directory.list().map((s) => s.id)).toEqual(['acme', 'old', 'bent', 'quiet']);
    await directory.close();
  });

  it('refuses, with a log line each, a malformed summary, one about another enterprise than its topic, and an unconfigured enterprise', async () => {
    const { bus, directory, lines } = await open();
    const before = directory.list();
    bus.deliver(riskTopic('acme'), '{"id":"acme"');
    bus.deliver(riskTopic('acme'), encodeRiskSummary(summary('old', NOW, 99, 'critical')));
    bus.deliver(riskTopic('stranger'), encodeRiskSummary(summary('stranger', NOW, 99, 'critical')));
    expect(directory.list()).toEqual(before);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'risk summary refused', topic: 'linewatch/v1/risk/acme' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'risk summary refused: it is about another enterprise than its topic names', id: 'old' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'risk summary refused: the enterprise is not in the configuration', enterprise: 'stranger' }));
    await directory.close();
  });

  it('reads the store again after a reconnect and takes what changed meanwhile', async () => {
    const { bus, directory } = await open();
    const heard: EnterpriseRiskSummary[] = [];
    directory.subscribe((s) => heard.push(s));
    // Stored while the dashboard was cut off from the broker: the live message never came.
    await store.appendEvents([stored(summary('quiet', NOW - 60_000, 65, 'high'))]);
    bus.emit('connect');
    const deadline = Date.now() + 5_000;
    while (!directory.get('quiet') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(directory.get('quiet')).toMatchObject({ score: 65, level: 'high' });
    expect(heard.map((s) => s.id)).toEqual(['quiet']);
    // The delayed second read finds nothing newer: no further notice.
    await new Promise((r) => setTimeout(r, 150));
    expect(heard.map((s) => s.id)).toEqual(['quiet']);
    await directory.close();
  });

  it('refuses options that are not positive whole numbers', async () => {
    const bus = new InProcessBus();
    await expect(RemoteRiskDirectory.open({ client: bus, store, enterprises: [], log: pino({ level: 'silent' }) }, { resyncDelayMs: 0 })).rejects.toThrow(
      /resyncDelayMs must be a positive whole number/,
    );
  });
});
