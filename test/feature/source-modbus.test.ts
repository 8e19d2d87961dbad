/**
 * A Modbus TCP device into linewatch, end to end: a real modbus-serial
 * server on loopback, `linewatch gateway --source modbus.json` as its own
 * process, the embedded stack storing and charting. The device serves a new
 * value every poll, so each stored value names the poll it came from: every
 * one is stored and charted exactly once, across a restart of the device and
 * a kill -9 of the gateway restarted on the same outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIG_LINE, type SourceRig, startSourceRig } from '../support/source-rig.js';
import { startModbusServer, type TestModbusServer, writeValue } from '../support/modbus-server.js';

let rig: SourceRig;
let device: TestModbusServer;
/** The poll number each served insulation value stands for (float32, as the gauge would send it). */
const servedPoll = new Map<number, number>();
let polls = 0;

const insulationOf = (poll: number) => Math.fround(0.65 + poll * 1e-5);
const resistanceRawOf = (poll: number) => 11_000 + (poll % 1000);

beforeAll(async () => {
  rig = await startSourceRig();
  device = await startModbusServer();
  writeValue(device.tables.input, 0, 'uint16', 15);
  device.onRead = (table, address) => {
    if (table !== 'holding' || address !== 0) return;
    // A new value for each poll, served from one moment: both registers of the read belong to the same poll.
    polls += 1;
    writeValue(device.tables.holding, 0, 'float32', insulationOf(polls), 'big', 'little');
    writeValue(device.tables.holding, 2, 'uint16', resistanceRawOf(polls));
    servedPoll.set(insulationOf(polls), polls);
  };
}, 60_000);

afterAll(async () => {
  await device?.stop();
  await rig?.close();
});

describe('a Modbus TCP source through the gateway', () => {
  it('stores and charts every polled value exactly once across a device restart and a gateway kill -9', async () => {
    const file = rig.writeSource('modbus.json', {
      kind: 'modbus',
      host: '127.0.0.1',
      port: device.port,
      unitId: 1,
      pollIntervalMs: 100,
      timeoutMs: 2000,
      reconnect: { minMs: 100, maxMs: 1000 },
      registers: [
        { table: 'input', address: 0, type: 'uint16', line: RIG_LINE, tag: 'product', codes: { '15': 'BV-1.5' } },
        { table: 'holding', address: 0, type: 'float32', byteOrder: 'big', wordOrder: 'little', line: RIG_LINE, characteristic: 'insulation_thickness' },
        { table: 'holding', address: 2, type: 'uint16', line: RIG_LINE, characteristic: 'conductor_resistance', scale: 0.001 },
      ],
    });
    const gateway = await rig.startGateway(file);
    const gateways = [gateway];
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).length).toBeGreaterThanOrEqual(10));

    // The device restarts (a PLC reboot): the gateway reconnects on its own and polls on.
    await device.stop();
    const lastBeforeStop = polls;
    await new Promise((r) => setTimeout(r, 800));
    await device.restart();
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).some((p) => (servedPoll.get(p.value) ?? 0) > lastBeforeStop + 5)).toBe(true));

    // Everything polled before the device went away is stored, without a gap (the read in flight as it closed may be lost).
    const first = await rig.stored('insulation_thickness');
    const storedPolls = new Set(first.map((p) => servedPoll.get(p.value)));
    const firstPoll = Math.min(...first.map((p) => servedPoll.get(p.value) ?? Number.POSITIVE_INFINITY));
    for (let poll = firstPoll; poll < lastBeforeStop; poll++) expect(storedPolls.has(poll), `poll ${poll} stored`).toBe(true);

    // The gateway is killed mid-stream and started again on the same outbox.
    await gateway.kill9();
    const lastBeforeKill = polls;
    gateways.push(await rig.startGateway(file));
    await rig.eventually(async () => expect((await rig.stored('insulation_thickness')).some((p) => (servedPoll.get(p.value) ?? 0) > lastBeforeKill + 5)).toBe(true));
    await device.stop();

    // Settled: what is stored is what is charted, once each.
    let insulation: Array<{ ts: number; value: number }> = [];
    let resistance: Array<{ ts: number; value: number }> = [];
    await rig.eventually(async () => {
      insulation = await rig.stored('insulation_thickness');
      resistance = await rig.stored('conductor_resistance');
      expect(rig.charted('insulation_thickness')).toBe(insulation.length);
      expect(rig.charted('conductor_resistance')).toBe(resistance.length);
      expect(resistance.length).toBe(insulation.length);
    }, 25_000);

    // Exactly once: no two stored readings share a time, and no served value is stored twice.
    expect(new Set(insulation.map((p) => p.ts)).size).toBe(insulation.length);
    expect(new Set(insulation.map((p) => p.value)).size).toBe(insulation.length);
    // Each value is one the device served, and each poll's two registers are stored at the same read time.
    const resistanceAt = new Map(resistance.map((p) => [p.ts, p.value]));
    for (const p of insulation) {
      const poll = servedPoll.get(p.value);
      expect(poll, `insulation ${p.value} at ${p.ts} was served`).toBeDefined();
      expect(resistanceAt.get(p.ts)).toBeCloseTo(resistanceRawOf(poll!) / 1000, 9);
    }
    expect(insulation.length).toBeGreaterThanOrEqual(25);
    // The device going away was a warning, never a crash or an unhandled rejection.
    for (const g of gateways) expect(g.output()).not.toMatch(/unexpected error|unhandled|uncaught/i);
  }, 90_000);
});
