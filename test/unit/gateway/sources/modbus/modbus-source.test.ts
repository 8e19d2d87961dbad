/**
 * The Modbus source against a real modbus-serial TCP server on loopback:
 * values of every kind of register, an exception code counted as a read
 * error, the server stopped and restarted on the same port, a device that
 * accepts and never answers, and a sink slower than the poll rate.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BadReadingReason, SourceSink } from '../../../../../gateway/sources/gateway-source.js';
import type { ModbusConfig } from '../../../../../gateway/sources/modbus/modbus-config.js';
import { ModbusSource } from '../../../../../gateway/sources/modbus/modbus-source.js';
import type { SourceEvent } from '../../../../../gateway/sources/source-event.js';
import { createLogger } from '../../../../../ops/logger.js';
import { startModbusServer, type TestModbusServer, writeValue } from '../../../../support/modbus-server.js';
import { freePort } from '../../../../support/ports.js';
import { eventually } from '../../../../support/eventually.js';

const log = createLogger('modbus-source-test', process.env.MODBUS_TEST_LOG ?? 'silent');

interface RecordingSink extends SourceSink {
  readonly takes: SourceEvent[][];
  readonly bads: Array<{ reason: BadReadingReason; detail: string }>;
  readonly connections: boolean[];
  holdTakesFor: number;
}

function recordingSink(): RecordingSink {
  const sink: RecordingSink = {
    takes: [],
    bads: [],
    connections: [],
    holdTakesFor: 0,
    async take(events) {
      sink.takes.push([...events]);
      if (sink.holdTakesFor > 0) await new Promise((r) => setTimeout(r, sink.holdTakesFor));
    },
    bad(reason, detail) {
      sink.bads.push({ reason, detail });
    },
    connected(up) {
      sink.connections.push(up);
    },
  };
  return sink;
}

const readings = (sink: RecordingSink, characteristic: string) =>
  sink.takes.flat().filter((e): e is Extract<SourceEvent, { kind: 'reading' }> => e.kind === 'reading' && e.characteristic === characteristic);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started(config: Omit<ModbusConfig, 'kind' | 'host'>, sink = recordingSink()): Promise<{ source: ModbusSource; sink: RecordingSink }> {
  const source = new ModbusSource({ kind: 'modbus', host: '127.0.0.1', ...config }, { log });
  cleanups.push(() => source.stop());
  await source.start(sink);
  return { source, sink };
}

async function server(): Promise<TestModbusServer> {
  const s = await startModbusServer();
  cleanups.push(() => s.stop());
  return s;
}

describe('the Modbus source against a modbus-serial TCP server', () => {
  it('reads every register type once a poll, groups contiguous registers, and counts an exception as a read error', async () => {
    const device = await server();
    writeValue(device.tables.holding, 0, 'float32', 0.7, 'big', 'big');
    writeValue(device.tables.holding, 2, 'uint16', 11_500);
    writeValue(device.tables.input, 10, 'float32', 2.5, 'little', 'little');
    writeValue(device.tables.input, 12, 'int32', -40, 'big', 'little');
    writeValue(device.tables.input, 20, 'uint16', 15);
    writeValue(device.tables.input, 21, 'float64', 1234.5, 'little', 'big');
    device.exceptions.set('holding:50', 2);
    const requests: string[] = [];
    device.onRead = (table, address, count) => requests.push(`${table} ${address}+${count}`);

    const { sink } = await started({
      port: device.port,
      pollIntervalMs: 50,
      registers: [
        { table: 'holding', address: 0, type: 'float32', wordOrder: 'big', line: 'extruder-1', characteristic: 'insulation_thickness' },
        { table: 'holding', address: 2, type: 'uint16', line: 'extruder-1', characteristic: 'conductor_resistance', scale: 0.001 },
        { table: 'input', address: 10, type: 'float32', byteOrder: 'little', wordOrder: 'little', line: 'extruder-1', characteristic: 'conductor_diameter' },
        { table: 'input', address: 12, type: 'int32', wordOrder: 'little', line: 'extruder-1', characteristic: 'eccentricity', offset: 50 },
        { table: 'input', address: 20, type: 'uint16', line: 'extruder-1', tag: 'product', codes: { '15': 'BV-1.5' } },
        { table: 'input', address: 21, type: 'float64', byteOrder: 'little', wordOrder: 'big', line: 'extruder-1', tag: 'length' },
        { table: 'holding', address: 50, type: 'uint16', line: 'extruder-1', characteristic: 'sheath_thickness' },
      ],
    });
    await eventually(() => expect(sink.takes.length).toBeGreaterThanOrEqual(5));

    expect(sink.connections[0]).toBe(true);
    expect(readings(sink, 'insulation_thickness')[0].value).toBe(Math.fround(0.7));
    expect(readings(sink, 'conductor_resistance')[0].value).toBeCloseTo(11.5, 9);
    expect(readings(sink, 'conductor_diameter')[0].value).toBe(2.5);
    expect(readings(sink, 'eccentricity')[0].value).toBe(10);
    expect(readings(sink, 'sheath_thickness')).toEqual([]);
    // The exception answer for holding 50 is counted with where and why, every poll, and the other reads go on.
    expect(sink.bads.length).toBeGreaterThanOrEqual(sink.takes.length - 1);
    expect(new Set(sink.bads.map((b) => b.reason))).toEqual(new Set(['read-error']));
    expect(sink.bads[0].detail).toMatch(/^holding registers 50\.\.50 \(holding register 50 \(uint16\)\): Modbus exception 2: Illegal data address/);

    for (const events of sink.takes) {
      // One poll: the product and length first, then one reading per register, all at the poll's read time.
      expect(events.map((e) => (e.kind === 'reading' ? e.characteristic : e.kind))).toEqual([
        'product',
        'length',
        'insulation_thickness',
        'conductor_resistance',
        'conductor_diameter',
        'eccentricity',
      ]);
      expect(events[0]).toMatchObject({ product: 'BV-1.5' });
      expect(events[1]).toMatchObject({ metres: 1234.5 });
      expect(new Set(events.map((e) => e.ts)).size).toBe(1);
    }
    const times = sink.takes.map((events) => events[0].ts as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    // Four reads a poll: holding 0..2 and holding 50 (whose exception never reaches onRead), input 10..13 and input 20..24.
    expect(requests.slice(0, 3)).toEqual(['holding 0+3', 'input 10+4', 'input 20+5']);
  });

  it('reconnects and polls on when the server stops and starts again on the same port', async () => {
    const device = await server();
    writeValue(device.tables.input, 0, 'float32', 0.7, 'big', 'big');
    const { sink } = await started({
      port: device.port,
      pollIntervalMs: 50,
      reconnect: { minMs: 50, maxMs: 400 },
      registers: [{ table: 'input', address: 0, type: 'float32', wordOrder: 'big', line: 'extruder-1', characteristic: 'insulation_thickness' }],
    });
    await eventually(() => expect(readings(sink, 'insulation_thickness').length).toBeGreaterThanOrEqual(3));

    await device.stop();
    await eventually(() => expect(sink.connections.at(-1)).toBe(false));
    const before = readings(sink, 'insulation_thickness').length;
    // Down for a while: several refused reconnections, no reading, nothing thrown.
    await new Promise((r) => setTimeout(r, 600));
    expect(readings(sink, 'insulation_thickness').length).toBe(before);

    writeValue(device.tables.input, 0, 'float32', 0.71, 'big', 'big');
    await device.restart();
    await eventually(() => expect(readings(sink, 'insulation_thickness').filter((r) => r.value === Math.fround(0.71)).length).toBeGreaterThanOrEqual(3));
    expect(sink.connections).toEqual([true, false, true]);
    const times = readings(sink, 'insulation_thickness').map((r) => r.ts as number);
    expect(new Set(times).size).toBe(times.length);
    // A stop is not a bad reading; only the read in flight when the device went may have timed out, and is counted as such.
    expect(sink.bads.length).toBeLessThanOrEqual(1);
    for (const bad of sink.bads) expect(bad).toEqual({ reason: 'read-error', detail: expect.stringMatching(/: no answer in time$/) });
  });

  it('counts a read that gets no answer, drops the silent connection and connects again', async () => {
    const sockets: Socket[] = [];
    let accepted = 0;
    const silent: Server = createServer((socket) => {
      accepted += 1;
      sockets.push(socket);
      socket.on('error', () => {});
    });
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    });
    const { sink } = await started({
      port,
      pollIntervalMs: 50,
      timeoutMs: 100,
      reconnect: { minMs: 50 },
      registers: [{ table: 'holding', address: 7, type: 'uint16', line: 'extruder-1', characteristic: 'spark_faults' }],
    });
    await eventually(() => expect(accepted).toBeGreaterThanOrEqual(2));
    expect(sink.bads[0]).toEqual({ reason: 'read-error', detail: 'holding registers 7..7 (holding register 7 (uint16)): no answer in time' });
    expect(sink.connections.slice(0, 3)).toEqual([true, false, true]);
    expect(sink.takes).toEqual([]);
  });

  it('keeps trying a device that refuses, and stops at once when asked', async () => {
    const port = await freePort();
    const source = new ModbusSource(
      {
        kind: 'modbus',
        host: '127.0.0.1',
        port,
        reconnect: { minMs: 20, maxMs: 5000 },
        registers: [{ table: 'holding', address: 0, type: 'uint16', line: 'extruder-1', characteristic: 'spark_faults' }],
      },
      { log },
    );
    const sink = recordingSink();
    await source.start(sink);
    await new Promise((r) => setTimeout(r, 300));
    const asked = Date.now();
    await source.stop();
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(sink.connections).toEqual([]);
  });

  it('survives a poll that throws (which the sink contract forbids): it reconnects and polls on', async () => {
    const device = await server();
    writeValue(device.tables.holding, 0, 'uint16', 700);
    const sink = recordingSink();
    let failures = 1;
    const take = sink.take;
    sink.take = async (events) => {
      if (failures-- > 0) throw new Error('a broken sink');
      return take(events);
    };
    await started(
      {
        port: device.port,
        pollIntervalMs: 50,
        reconnect: { minMs: 20 },
        registers: [{ table: 'holding', address: 0, type: 'uint16', line: 'extruder-1', characteristic: 'insulation_thickness', scale: 0.001 }],
      },
      sink,
    );
    await eventually(() => expect(sink.takes.length).toBeGreaterThanOrEqual(3));
    expect(sink.connections.slice(0, 3)).toEqual([true, false, true]);
  });

  it('skips the polls a slow sink makes it miss instead of queueing them', async () => {
    const device = await server();
    writeValue(device.tables.holding, 0, 'uint16', 700);
    const sink = recordingSink();
    sink.holdTakesFor = 250;
    const { source } = await started(
      { port: device.port, pollIntervalMs: 50, registers: [{ table: 'holding', address: 0, type: 'uint16', line: 'extruder-1', characteristic: 'insulation_thickness', scale: 0.001 }] },
      sink,
    );
    const start = Date.now();
    await eventually(() => expect(sink.takes.length).toBeGreaterThanOrEqual(5));
    const elapsed = Date.now() - start;
    // About one poll per held take, not one per 50 ms slot: the missed slots were skipped and counted.
    expect(source.skippedPolls).toBeGreaterThanOrEqual(sink.takes.length - 1);
    expect(sink.takes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    const times = sink.takes.map((events) => events[0].ts as number);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(240);
  });
});
