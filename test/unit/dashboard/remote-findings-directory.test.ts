/**
 * The remote findings directory's logic, with an in-process bus client that
 * hands it messages and a real embedded store holding finding.changed
 * records. The wire itself (broker, ACL, separate processes) is proven by
 * test/feature/compose-layout-risk.test.ts.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, FindingEvent } from '../../../core/findings/finding.js';
import { RemoteFindingsDirectory } from '../../../dashboard/remote-findings-directory.js';
import type { BusClient, BusQos } from '../../../protocol/bus-client.js';
import { FINDING_EVENT_KIND } from '../../../protocol/event-kinds.js';
import { encodeFindingRecord } from '../../../protocol/event-log/finding-records.js';
import type { EventPageReader } from '../../../protocol/event-log/read-event-log.js';
import { encodeFindingEvent } from '../../../protocol/finding-event.js';
import { findingsTopic } from '../../../protocol/topics.js';
import { openStore } from '../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../store/port.js';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const HOUR = 3_600_000;

function finding(enterprise: string, line: string, openedAt: number, overrides: Partial<Finding> = {}): Finding {
  return {
    id: `${enterprise}.off-centre.${line}.thickness.${openedAt}`,
    enterprise,
    kind: 'off-centre',
    severity: 'medium',
    status: 'open',
    openedAt,
    updatedAt: openedAt,
    closedAt: null,
    line,
    characteristic: 'thickness',
    gateway: null,
    summary: `${line} thickness runs off centre`,
    evidence: { cpk: 0.9, cpkLower: 0.8 },
    ...overrides,
  };
}

const opened = (f: Finding): FindingEvent => ({ kind: 'opened', at: f.openedAt, finding: f });
const closedAt = (f: Finding, at: number): FindingEvent => ({ kind: 'closed', at, finding: { ...f, status: 'closed', closedAt: at, updatedAt: at } });

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
const longOpen = finding('acme', 'l1', NOW - 40 * 24 * HOUR);
const shortLived = finding('acme', 'l2', NOW - 3 * HOUR);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-remote-findings-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await store.appendEvents([
    // Opened forty days ago and still open: restored however old.
    encodeFindingRecord(opened(longOpen)),
    // Opened and closed since: restored closed.
    encodeFindingRecord(opened(shortLived)),
    encodeFindingRecord(closedAt(shortLived, NOW - HOUR)),
    // A record whose finding fails the schema: refused with a log line.
    {
      id: 'bent.drift.l1.x.1',
      at: NOW - HOUR,
      kind: FINDING_EVENT_KIND,
      enterprise: 'bent',
      data: { kind: 'opened', at: NOW - HOUR, finding: { ...finding('bent', 'l1', NOW - HOUR, { id: 'bent.drift.l1.x.1' }), severity: 'dire' } },
    },
    // Not configured: never read.
    encodeFindingRecord(opened(finding('stranger', 'l1', NOW - HOUR))),
  ]);
}, 60_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(lines: LogLine[] = []) {
  const bus = new InProcessBus();
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const directory = await RemoteFindingsDirectory.open({ client: bus, store, enterprises: ['acme', 'bent', 'quiet'], log }, { resyncDelayMs: 50 });
  return { bus, directory, lines };
}

describe('RemoteFindingsDirectory', () => {
  it('subscribes to the findings topics and restores each stored finding at its newest state', async () => {
    const lines: LogLine[] = [];
    const { bus, directory } = await open(lines);
    expect(bus.subscriptions).toEqual(['linewatch/v1/findings/+']);
    expect(directory.list({ status: 'open' }).map((f) => f.id)).toEqual([longOpen.id]);
    expect(directory.list({ status: 'closed' }).map((f) => [f.id, f.closedAt])).toEqual([[shortLived.id, NOW - HOUR]]);
    expect(directory.list().map((f) => f.id)).toEqual([shortLived.id, longOpen.id]);
    expect(directory.list({ since: NOW - 2 * HOUR }).map((f) => f.id)).toEqual([shortLived.id]);
    expect(directory.list({ enterprise: 'stranger' })).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'stored finding event refused', enterprise: 'bent', reason: expect.stringContaining('data.finding.severity') }));
    await directory.close();
    expect(bus.subscriptions).toEqual([]);
  });

  it('follows live events: a newer state replaces the held one, an older one is ignored, listeners hear what it took', async () => {
    const { bus, directory } = await open();
    const heard: string[] = [];
    directory.subscribe((e) => heard.push(`${e.kind} ${e.finding.id}`));
    const fresh = finding('quiet', 'l9', NOW);
    bus.deliver(findingsTopic('quiet'), encodeFindingEvent(opened(fresh)));
    bus.deliver(findingsTopic('acme'), encodeFindingEvent(closedAt(longOpen, NOW)));
    // A redelivered opening of a finding it now holds closed: ignored.
    bus.deliver(findingsTopic('acme'), encodeFindingEvent(opened(longOpen)));
    expect(heard).toEqual([`opened ${fresh.id}`, `closed ${longOpen.id}`]);
    expect(directory.list({ status: 'open' }).map((f) => f.id)).toEqual([fresh.id]);
    await directory.close();
  });

  it('refuses, with a log line each, a malformed event, one about another enterprise than its topic, and an unconfigured enterprise', async () => {
    const { bus, directory, lines } = await open();
    const before = directory.list();
    bus.deliver(findingsTopic('acme'), '{"kind":"opened"');
    bus.deliver(findingsTopic('acme'), encodeFindingEvent(opened(finding('quiet', 'l3', NOW))));
    bus.deliver(findingsTopic('stranger'), encodeFindingEvent(opened(finding('stranger', 'l3', NOW))));
    bus.deliver(findingsTopic('acme'), JSON.stringify(opened({ ...finding('acme', 'l4', NOW), closedAt: NOW })));
    expect(directory.list()).toEqual(before);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'finding event refused', topic: 'linewatch/v1/findings/acme' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'finding event refused', reason: expect.stringContaining('finding.closedAt') }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'finding event refused: it is about another enterprise than its topic names', enterprise: 'quiet' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'finding event refused: the enterprise is not in the configuration', enterprise: 'stranger' }));
    await directory.close();
  });

  it('reads the store again after a reconnect, from a minute before the newest event held, and takes what changed meanwhile', async () => {
    // Where each read of the log starts (first pages only).
    const froms: (number | undefined)[] = [];
    const watched: EventPageReader = {
      readEventPage: (q) => {
        if (q.after === undefined) froms.push(q.from);
        return store.readEventPage(q);
      },
    };
    const bus = new InProcessBus();
    const directory = await RemoteFindingsDirectory.open({ client: bus, store: watched, enterprises: ['acme', 'bent', 'quiet'], log: pino({ level: 'silent' }) }, { resyncDelayMs: 50 });
    const heard: string[] = [];
    directory.subscribe((e) => heard.push(`${e.kind} ${e.finding.id}`));
    // Stored while the dashboard was cut off from the broker: the live message never came.
    const missed = finding('quiet', 'l5', NOW - 60_000);
    await store.appendEvents([encodeFindingRecord(opened(missed))]);
    bus.emit('connect');
    const deadline = Date.now() + 5_000;
    while (directory.list({ enterprise: 'quiet' }).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(directory.list({ enterprise: 'quiet' }).map((f) => f.id)).toEqual([missed.id]);
    // The delayed second read finds nothing newer: no further notice.
    await new Promise((r) => setTimeout(r, 150));
    expect(heard).toEqual([`opened ${missed.id}`]);
    // The whole log at open; after the reconnect from the closing an hour ago, then from the missed event.
    expect(froms).toEqual([undefined, NOW - HOUR - 60_000, NOW - 2 * 60_000]);
    await directory.close();
  });

  it('keeps at most closedKept closed findings, the newest', async () => {
    const bus = new InProcessBus();
    const directory = await RemoteFindingsDirectory.open({ client: bus, store, enterprises: ['acme'], log: pino({ level: 'silent' }) }, { closedKept: 1 });
    const a = finding('acme', 'l7', NOW);
    const b = finding('acme', 'l8', NOW);
    bus.deliver(findingsTopic('acme'), encodeFindingEvent(closedAt(a, NOW + 1)));
    bus.deliver(findingsTopic('acme'), encodeFindingEvent(closedAt(b, NOW + 2)));
    expect(directory.list({ status: 'closed' }).map((f) => f.id)).toEqual([b.id]);
    expect(directory.list({ status: 'open' }).map((f) => f.id)).toEqual([longOpen.id]);
    await directory.close();
  });

  it('refuses options that are not positive whole numbers', async () => {
    await expect(RemoteFindingsDirectory.open({ client: new InProcessBus(), store, enterprises: [], log: pino({ level: 'silent' }) }, { closedKept: 0 })).rejects.toThrow(
      /closedKept must be a positive whole number/,
    );
  });
});
