import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadReadingReason, GatewaySource, SourceSink } from '../../../../../gateway/sources/gateway-source.js';
import type { SourceEvent } from '../../../../../gateway/sources/source-event.js';
import type { OpcuaSourceConfig } from '../../../../../gateway/sources/opcua/opcua-config.js';
import { OPCUA_SOURCE } from '../../../../../gateway/sources/opcua/opcua-source.js';
import { createLogger } from '../../../../../ops/logger.js';
import { OpcuaTestServer } from '../../../../support/opcua-test-server.js';
import { eventually } from '../../../../support/eventually.js';

/** What a source told its sink, in order. */
class RecordingSink implements SourceSink {
  readonly events: SourceEvent[] = [];
  readonly bads: Array<{ reason: BadReadingReason; detail: string }> = [];
  readonly connections: boolean[] = [];
  async take(events: readonly SourceEvent[]): Promise<void> {
    this.events.push(...events);
  }
  bad(reason: BadReadingReason, detail: string): void {
    this.bads.push({ reason, detail });
  }
  connected(up: boolean): void {
    this.connections.push(up);
  }
  get up(): boolean {
    return this.connections.at(-1) === true;
  }
  readings(characteristic: string) {
    return this.events.filter((e) => e.kind === 'reading' && e.characteristic === characteristic) as Array<Extract<SourceEvent, { kind: 'reading' }>>;
  }
}

const LINE = 'extruder-1';
const work = mkdtempSync(join(tmpdir(), 'linewatch-opcua-source-'));
const passwordFile = join(work, 'password');
writeFileSync(passwordFile, 'plc-pass\n');
// One server for the file: a node-opcua server takes seconds to start.
const server = new OpcuaTestServer({
  users: { linewatch: 'plc-pass' },
  variables: [
    { name: 'Wall', dataType: 'Double', initial: 700 },
    { name: 'Res', dataType: 'Double', initial: 11.5 },
    { name: 'Product', dataType: 'UInt32', initial: 15 },
  ],
});
const sources: GatewaySource[] = [];

function config(overrides: Partial<OpcuaSourceConfig> = {}): OpcuaSourceConfig {
  return {
    kind: 'opcua',
    endpointUrl: server.endpointUrl,
    auth: { type: 'userName', userName: 'linewatch', passwordFile },
    pkiDir: join(work, 'client-pki'),
    acceptUnknownServerCertificate: true,
    publishingIntervalMs: 50,
    samplingIntervalMs: 0,
    reconnect: { minMs: 100, maxMs: 400 },
    items: [
      { nodeId: 'ns=1;s=Wall', line: LINE, characteristic: 'insulation_thickness', scale: 0.001 },
      { nodeId: 'ns=1;s=Res', line: LINE, characteristic: 'conductor_resistance' },
      { nodeId: 'ns=1;s=Product', line: LINE, tag: 'product', codes: { '15': 'BV-1.5', '25': 'BV-2.5' } },
    ],
    ...overrides,
  };
}

async function startSource(c: OpcuaSourceConfig): Promise<RecordingSink> {
  const sink = new RecordingSink();
  const problems = OPCUA_SOURCE.check?.(c) ?? [];
  expect(problems).toEqual([]);
  const source = OPCUA_SOURCE.create(c, { log: createLogger('opcua-test', 'silent') });
  sources.push(source);
  await source.start(sink);
  return sink;
}

beforeAll(async () => {
  // The port is chosen, but the server is not up yet: the first source starts against nothing.
  const { createServer } = await import('node:net');
  server.port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
});

afterAll(async () => {
  for (const s of sources) await s.stop();
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('the OPC UA source against a real node-opcua server on loopback', () => {
  let sink: RecordingSink;

  it('starts while the server is down, then connects and reads once it is up', async () => {
    sink = await startSource(config());
    await new Promise((r) => setTimeout(r, 700));
    expect(sink.up).toBe(false);
    expect(sink.events).toEqual([]);
    const t0 = Date.now() - 60_000;
    await server.start({ Wall: { value: 701, sourceTs: t0 } });
    await eventuallyLong(() => expect(sink.up).toBe(true));
    // The initial values: the wall thickness at its source time, scaled; the product by its code.
    await eventuallyLong(() =>
      expect(sink.readings('insulation_thickness')).toEqual([{ kind: 'reading', line: LINE, characteristic: 'insulation_thickness', ts: t0, value: expect.closeTo(0.701, 12) }]),
    );
    await eventuallyLong(() => expect(sink.events).toContainEqual({ kind: 'product', line: LINE, ts: expect.any(Number), product: 'BV-1.5' }));
  }, 40_000);

  it('keeps each value source timestamp and passes the values on in order', async () => {
    const base = Date.now();
    for (let i = 1; i <= 5; i++) {
      await server.set('Wall', 700 + i, { sourceTs: base + i * 10 });
      await new Promise((r) => setTimeout(r, 120));
    }
    await eventuallyLong(() => expect(sink.readings('insulation_thickness').filter((r) => (r.ts as number) > base)).toHaveLength(5));
    const got = sink.readings('insulation_thickness').filter((r) => (r.ts as number) > base);
    expect(got.map((r) => r.ts)).toEqual([1, 2, 3, 4, 5].map((i) => base + i * 10));
    expect(got.map((r) => r.value)).toEqual([701, 702, 703, 704, 705].map((v) => expect.closeTo(v / 1000, 12)));
  });

  it('counts a bad status code as bad-status with the node and the status name, and reads no value', async () => {
    const before = sink.readings('conductor_resistance').length;
    await server.set('Res', 99, { status: 'BadSensorFailure', sourceTs: Date.now() });
    await eventuallyLong(() => expect(sink.bads).toContainEqual({ reason: 'bad-status', detail: 'ns=1;s=Res: status BadSensorFailure, no reading' }));
    expect(sink.readings('conductor_resistance').filter((r) => r.value === 99)).toEqual([]);
    // The source carries on: the next good value is a reading.
    const ts = Date.now();
    await server.set('Res', 11.7, { sourceTs: ts });
    await eventuallyLong(() => expect(sink.readings('conductor_resistance').length).toBe(before + 1));
    expect(sink.readings('conductor_resistance').at(-1)).toMatchObject({ ts, value: 11.7 });
    expect(sink.up).toBe(true);
  });

  it('reconnects after a server restart on the same port; the value re-sent on re-subscribing is counted repeated, not read again', async () => {
    const lastTs = Date.now();
    await server.set('Wall', 720, { sourceTs: lastTs });
    await eventuallyLong(() => expect(sink.readings('insulation_thickness').at(-1)?.ts).toBe(lastTs));
    const readingsBefore = sink.readings('insulation_thickness').length;
    const repeatedBefore = sink.bads.filter((b) => b.reason === 'repeated').length;
    await server.stop();
    await eventuallyLong(() => expect(sink.up).toBe(false));
    // The PLC behind the server kept its last value and time.
    await server.start({ Wall: { value: 720, sourceTs: lastTs } });
    await eventuallyLong(() => expect(sink.up).toBe(true));
    await eventuallyLong(() => expect(sink.bads.filter((b) => b.reason === 'repeated').length).toBeGreaterThan(repeatedBefore));
    expect(sink.bads.filter((b) => b.reason === 'repeated').at(-1)?.detail).toMatch(/^ns=1;s=Wall: value at .* is not newer/);
    expect(sink.readings('insulation_thickness')).toHaveLength(readingsBefore);
    // The monitored items came back with the new session: new values arrive.
    const after = Date.now();
    await server.set('Wall', 730, { sourceTs: after });
    await eventuallyLong(() => expect(sink.readings('insulation_thickness').at(-1)).toMatchObject({ ts: after, value: expect.closeTo(0.73, 12) }));
    const stamps = sink.readings('insulation_thickness').map((r) => r.ts);
    expect(new Set(stamps).size).toBe(stamps.length);
    // The sink hears changes only: up, down while the server was away, up again.
    expect(sink.connections).toEqual([true, false, true]);
  }, 40_000);

  it('reads over a signed and encrypted channel', async () => {
    const secure = await startSource(config({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' }));
    await eventuallyLong(() => expect(secure.up).toBe(true));
    const ts = Date.now();
    await server.set('Wall', 740, { sourceTs: ts });
    await eventuallyLong(() => expect(secure.readings('insulation_thickness').at(-1)).toMatchObject({ ts, value: expect.closeTo(0.74, 12) }));
  }, 30_000);

  it('keeps trying, without crashing, when the server refuses its user; a node the server lacks is a read-error', async () => {
    const wrong = join(work, 'wrong-password');
    writeFileSync(wrong, 'nope');
    const refused = await startSource(config({ auth: { type: 'userName', userName: 'linewatch', passwordFile: wrong } }));
    const missing = await startSource(config({ items: [{ nodeId: 'ns=1;s=NoSuchNode', line: LINE, characteristic: 'eccentricity' }] }));
    await eventuallyLong(() => expect(missing.bads).toContainEqual({ reason: 'read-error', detail: expect.stringMatching(/^ns=1;s=NoSuchNode: cannot monitor: BadNodeIdUnknown/) }));
    await new Promise((r) => setTimeout(r, 1000));
    expect(refused.up).toBe(false);
    expect(refused.events).toEqual([]);
  }, 30_000);
});

/** eventually(), with the longer default wait a real server here needs on a loaded machine. */
function eventuallyLong(check: () => unknown, timeoutMs = 20_000): Promise<void> {
  return eventually(check, timeoutMs, 100);
}
