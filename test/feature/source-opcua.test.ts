import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CharacteristicName } from '../../domain/characteristics.js';
import { OpcuaTestServer } from '../support/opcua-test-server.js';
import { RIG_LINE, type SourceRig, startSourceRig } from '../support/source-rig.js';

/**
 * A PLC's OPC UA server on loopback, read by `linewatch gateway --source`
 * as its own process, into the whole stack: every value the server serves
 * while the gateway is subscribed is stored and charted exactly once, across
 * a server restart (its PLC keeps the last value and time, which the gateway
 * must not read twice) and a gateway kill -9 and restart on the same outbox
 * (the new subscription's initial values are readings the store already
 * holds: duplicates, neither stored nor charted again).
 *
 * In the first test the PLC pauses around the kill, so that everything is
 * stored and charted exactly once. In the second the kill comes while values
 * flow: what a kill -9 can lose is the gateway's open batch (at most
 * `maxBatchDelayMs`, not yet durable) and whatever the server served while
 * no gateway was subscribed (OPC UA keeps no history here), so it checks
 * what the outbox promises: nothing made durable is lost, nothing is stored
 * twice, every stored value is the one served, and nothing is charted twice
 * (a batch sent again after the restart may arrive behind the live chart:
 * stored as backlog, not charted).
 */

const NODES: Record<string, CharacteristicName> = { Ins: 'insulation_thickness', Res: 'conductor_resistance' };

class Plc {
  /** What the server has served, per characteristic: source ts -> value. */
  readonly served: Record<CharacteristicName, Map<number, number>> = { insulation_thickness: new Map(), conductor_resistance: new Map() } as Record<CharacteristicName, Map<number, number>>;
  private timer: NodeJS.Timeout | null = null;
  private tick = 0;
  private lastTs = 0;

  constructor(private readonly server: OpcuaTestServer) {}

  /** The values a (re)started server begins with: the last served, at its own time, or a first one. */
  preset(): Record<string, { value: number; sourceTs: number }> {
    const out: Record<string, { value: number; sourceTs: number }> = {};
    for (const [node, characteristic] of Object.entries(NODES)) {
      const served = [...this.served[characteristic]].at(-1);
      if (served) out[node] = { sourceTs: served[0], value: served[1] };
      else {
        const ts = this.nextTs();
        const value = this.valueOf(characteristic, 0);
        this.served[characteristic].set(ts, value);
        out[node] = { sourceTs: ts, value };
      }
    }
    return out;
  }

  start(): void {
    this.timer = setInterval(() => void this.step(), 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A step already under way settles before the caller goes on.
    await new Promise((r) => setTimeout(r, 150));
  }

  /** Serves one new value per node. */
  async step(): Promise<void> {
    if (!this.server.running) return;
    this.tick += 1;
    for (const [node, characteristic] of Object.entries(NODES)) {
      const ts = this.nextTs();
      const value = this.valueOf(characteristic, this.tick);
      await this.server.set(node, value, { sourceTs: ts });
      this.served[characteristic].set(ts, value);
    }
  }

  /** Insulation about 0.70 mm and resistance about 11.5 ohm/km: in spec for BV-1.5, varying a little. */
  private valueOf(characteristic: CharacteristicName, tick: number): number {
    const wobble = ((tick * 7) % 11) - 5;
    return characteristic === 'insulation_thickness' ? Math.round((0.7 + wobble * 0.001) * 1e4) / 1e4 : Math.round((11.5 + wobble * 0.01) * 1e4) / 1e4;
  }

  private nextTs(): number {
    this.lastTs = Math.max(Date.now(), this.lastTs + 1);
    return this.lastTs;
  }
}

describe('an OPC UA source end to end', () => {
  let rig: SourceRig;
  let server: OpcuaTestServer;
  let plc: Plc;
  let sourceFile: string;

  beforeAll(async () => {
    rig = await startSourceRig();
    server = new OpcuaTestServer({
      users: { linewatch: 'plc-secret' },
      variables: [
        { name: 'Ins', dataType: 'Double' },
        { name: 'Res', dataType: 'Double' },
        { name: 'Product', dataType: 'String', initial: 'BV-1.5' },
      ],
    });
    plc = new Plc(server);
    await server.start(plc.preset());
    const passwordFile = join(rig.dir, 'opcua-password');
    writeFileSync(passwordFile, 'plc-secret\n');
    sourceFile = rig.writeSource('opcua.json', {
      kind: 'opcua',
      endpointUrl: server.endpointUrl,
      auth: { type: 'userName', userName: 'linewatch', passwordFile },
      pkiDir: join(rig.dir, 'opcua-pki'),
      publishingIntervalMs: 100,
      samplingIntervalMs: 0,
      reconnect: { minMs: 100, maxMs: 1000 },
      items: [
        { nodeId: `${server.namespacePrefix}s=Ins`, line: RIG_LINE, characteristic: 'insulation_thickness' },
        { nodeId: `${server.namespacePrefix}s=Res`, line: RIG_LINE, characteristic: 'conductor_resistance' },
        { nodeId: `${server.namespacePrefix}s=Product`, line: RIG_LINE, tag: 'product' },
      ],
    });
  }, 90_000);

  afterAll(async () => {
    await plc?.stop();
    await rig?.close();
    await server?.dispose();
  });

  /** Every value served so far is stored, once, as served; and charted once. */
  async function allServedStoredAndCharted(): Promise<void> {
    await rig.eventually(async () => {
      for (const characteristic of Object.values(NODES)) {
        const stored = await rig.stored(characteristic);
        const served = plc.served[characteristic];
        expect(stored.map((p) => [p.ts, p.value])).toEqual([...served].sort((a, b) => a[0] - b[0]));
        expect(rig.charted(characteristic)).toBe(stored.length);
      }
    }, 25_000);
  }

  it('stores and charts every served value exactly once across a server restart and a gateway kill -9', async () => {
    let gateway = await rig.startGateway(sourceFile);
    // The initial values, then a stream at 10 Hz per node.
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBeGreaterThanOrEqual(1));
    plc.start();
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBeGreaterThanOrEqual(15));

    // The server restarts on the same port; its PLC kept the last value and that value's time.
    await plc.stop();
    await server.stop();
    await new Promise((r) => setTimeout(r, 500));
    await server.start(plc.preset());
    await gateway.waitFor(/is not newer than the last one taken/, 20_000);
    plc.start();
    const afterRestart = plc.served.insulation_thickness.size;
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBeGreaterThanOrEqual(afterRestart + 10));
    await plc.stop();
    await allServedStoredAndCharted();

    // kill -9, then the same gateway on the same outbox: its first values are the ones already stored.
    await gateway.kill9();
    gateway = await rig.startGateway(sourceFile);
    // One new value, stored only through a subscription (as a change or as its initial value): from then on the
    // gateway is subscribed, and a value served before that would be lost to any OPC UA client, not only this one.
    await plc.step();
    const probe = plc.served.insulation_thickness.size;
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBe(probe));
    plc.start();
    const afterKill = plc.served.insulation_thickness.size;
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBeGreaterThanOrEqual(afterKill + 10));
    await plc.stop();
    await allServedStoredAndCharted();

    for (const characteristic of Object.values(NODES)) {
      const stored = await rig.stored(characteristic);
      expect(new Set(stored.map((p) => p.ts)).size).toBe(stored.length);
      expect(stored.length).toBeGreaterThanOrEqual(30);
    }
    expect(gateway.output()).not.toMatch(/unhandled|TypeError/i);
    expect(await gateway.terminate()).toBe(0);
  }, 120_000);

  it('loses nothing durable and duplicates nothing when the gateway is killed -9 while values flow', async () => {
    const gateway = await rig.startGateway(sourceFile);
    await plc.step();
    const probe = plc.served.insulation_thickness.size;
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBe(probe));
    plc.start();
    await new Promise((r) => setTimeout(r, 4000));
    const killedAt = Date.now();
    await gateway.kill9();
    await plc.stop();
    // Durable long before the kill (a batch closes within a second): in the outbox, if not yet stored, and sent again.
    const durable = Object.fromEntries(Object.values(NODES).map((c) => [c, [...plc.served[c]].filter(([ts]) => ts < killedAt - 3000)]));
    const restarted = await rig.startGateway(sourceFile);
    await plc.step();
    const reprobe = plc.served.insulation_thickness.size;
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).map((p) => p.ts)).toContain([...plc.served.insulation_thickness.keys()][reprobe - 1]));
    plc.start();
    await new Promise((r) => setTimeout(r, 2000));
    await plc.stop();
    const afterRestart = Object.fromEntries(Object.values(NODES).map((c) => [c, [...plc.served[c]].slice(reprobe - 1)]));
    await rig.eventually(async () => {
      for (const characteristic of Object.values(NODES)) {
        const stored = await rig.stored(characteristic);
        const storedTs = new Set(stored.map((p) => p.ts));
        // Nothing twice, and each value the one the server served at that time.
        expect(storedTs.size).toBe(stored.length);
        for (const p of stored) expect(p.value).toBe(plc.served[characteristic].get(p.ts));
        for (const [ts] of [...durable[characteristic], ...afterRestart[characteristic]]) expect(storedTs.has(ts)).toBe(true);
        // A reading is charted at most once (a batch sent again is a duplicate, or backlog stored behind the live chart).
        expect(rig.charted(characteristic)).toBeLessThanOrEqual(stored.length);
      }
    }, 30_000);
    expect(restarted.output()).not.toMatch(/unhandled|TypeError/i);
  }, 90_000);
});
