import { afterEach, describe, expect, it } from 'vitest';
import type { BadReadingReason, SourceSink } from '../../../../../gateway/sources/gateway-source.js';
import type { SourceEvent, SourceReading } from '../../../../../gateway/sources/source-event.js';
import type { TelegramConfig } from '../../../../../gateway/sources/telegram/telegram-config.js';
import { TelegramSource } from '../../../../../gateway/sources/telegram/telegram-source.js';
import { createLogger } from '../../../../../ops/logger.js';
import { startTelegramServer, type TelegramServer } from '../../../../support/telegram-server.js';
import { eventually } from '../../../../support/eventually.js';

/** A sink that records what the source reported, as the gateway's runner would take it. */
function recordingSink() {
  const events: SourceEvent[] = [];
  const bad: Array<{ reason: BadReadingReason; detail: string }> = [];
  const ups: boolean[] = [];
  const sink: SourceSink = {
    take: async (e) => {
      events.push(...e);
    },
    bad: (reason, detail) => bad.push({ reason, detail }),
    connected: (up) => ups.push(up),
  };
  const readings = (characteristic: string) => events.filter((e): e is SourceReading => e.kind === 'reading' && e.characteristic === characteristic);
  return { sink, events, bad, ups, readings };
}

const configFor = (port: number, extra: Partial<TelegramConfig> = {}): TelegramConfig => ({
  kind: 'telegram',
  host: '127.0.0.1',
  port,
  line: 'extruder-1',
  terminator: 'crlf',
  maxTelegramBytes: 128,
  reconnect: { minMs: 50, maxMs: 400 },
  idleTimeoutMs: 3000,
  ...extra,
  parse: {
    prefix: 'D;',
    delimiter: ';',
    fields: [
      { index: 0, role: 'timestamp', format: 'iso' },
      { index: 1, characteristic: 'insulation_thickness' },
      { index: 2, characteristic: 'conductor_resistance' },
    ],
  },
});

let server: TelegramServer | undefined;
let source: TelegramSource | undefined;
afterEach(async () => {
  await source?.stop();
  await server?.close();
  source = undefined;
  server = undefined;
});

describe('TelegramSource against a real TCP server on loopback', () => {
  it('reads the stream, counts garbage with its reason, and reconnects after a server restart', async () => {
    server = await startTelegramServer({ intervalMs: 50 });
    const rec = recordingSink();
    source = new TelegramSource(configFor(server.port), { log: createLogger('telegram-test', 'silent') });
    await source.start(rec.sink);

    await eventually(() => expect(rec.readings('insulation_thickness').length).toBeGreaterThanOrEqual(5));
    expect(rec.ups).toEqual([true]);

    // Garbage: a non-number, line noise above 0x7F, an over-long run without a terminator, another kind of telegram.
    server.writeRaw('D;2026-12-04T17:00:00.000Z;x0.7;11.8\r\n');
    server.writeRaw('D;\xff\xfe\x01;0.7\r\n');
    server.writeRaw(`${'#'.repeat(300)}\r\n`);
    server.writeRaw('S;STATUS;0000\r\n');
    await eventually(() => expect(rec.bad.filter((b) => b.reason === 'unparsable').length).toBe(3));
    await eventually(() => expect(rec.bad.filter((b) => b.reason === 'unmapped').length).toBe(1));
    const details = rec.bad.map((b) => b.detail).join('\n');
    expect(details).toMatch(/field 1 'x0.7' is not a number/);
    expect(details).toMatch(/byte 0xff at 2 is not ASCII/);
    expect(details).toMatch(/longer than 128 bytes without a terminator/);
    const before = rec.readings('insulation_thickness').length;
    await eventually(() => expect(rec.readings('insulation_thickness').length).toBeGreaterThan(before + 3));

    // The server goes away and comes back on the same port.
    await server.stop();
    await eventually(() => expect(rec.ups).toEqual([true, false]));
    await new Promise((r) => setTimeout(r, 300));
    await server.restart();
    await eventually(() => expect(rec.ups).toEqual([true, false, true]));
    const afterRestart = rec.readings('insulation_thickness').length;
    await eventually(() => expect(rec.readings('insulation_thickness').length).toBeGreaterThan(afterRestart + 5));
    expect(server.connections()).toBe(2);

    await source.stop();
    const count = rec.events.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(rec.events.length).toBe(count);

    // Exactly what the server wrote, once each, at the telegrams' own timestamps.
    for (const characteristic of ['insulation_thickness', 'conductor_resistance'] as const) {
      const readings = rec.readings(characteristic);
      expect(new Set(readings.map((r) => r.ts)).size).toBe(readings.length);
      for (const r of readings) {
        const served = server.served.get(r.ts as number);
        expect(served, `reading at ${r.ts}`).toBeDefined();
        expect(r.value).toBe(characteristic === 'insulation_thickness' ? served!.insulation : served!.resistance);
      }
    }
    // Nothing written to a live connection was missed (the stop may cut the last one).
    const taken = new Set(rec.readings('insulation_thickness').map((r) => r.ts));
    const missed = [...server.served.values()].filter((s) => !taken.has(s.ts));
    expect(missed.length).toBeLessThanOrEqual(2);
    expect(rec.bad.filter((b) => b.reason === 'read-error')).toEqual([]);
  });

  it('drops a silent connection after idleTimeoutMs and connects again', async () => {
    server = await startTelegramServer({ intervalMs: 50 });
    server.pause(true);
    const rec = recordingSink();
    source = new TelegramSource(configFor(server.port, { idleTimeoutMs: 300 }), { log: createLogger('telegram-test', 'silent') });
    await source.start(rec.sink);
    await eventually(() => expect(server!.connections()).toBeGreaterThanOrEqual(2));
    expect(rec.bad.find((b) => b.reason === 'read-error')?.detail).toMatch(/^no data for 300 ms from 127\.0\.0\.1:\d+; reconnecting$/);
    server.pause(false);
    await eventually(() => expect(rec.readings('conductor_resistance').length).toBeGreaterThan(3));
  });

  it('does not take a sink that holds it back (a full outbox) for a silent gauge', async () => {
    server = await startTelegramServer({ intervalMs: 50 });
    const rec = recordingSink();
    let held = false;
    const take = rec.sink.take;
    const sink: SourceSink = {
      ...rec.sink,
      take: async (events) => {
        if (!held) {
          held = true;
          await new Promise((r) => setTimeout(r, 1000));
        }
        return take(events);
      },
    };
    source = new TelegramSource(configFor(server.port, { idleTimeoutMs: 300 }), { log: createLogger('telegram-test', 'silent') });
    await source.start(sink);
    await eventually(() => expect(held).toBe(true));
    // 60 kB while held: past the socket's read buffer, so it really stops reading.
    const burst = Array.from({ length: 1500 }, (_, i) => `D;${new Date(Date.UTC(2020, 0, 1) + i).toISOString()};0.700;11.80\r\n`).join('');
    server.writeRaw(burst);
    await eventually(() => expect(rec.readings('insulation_thickness').length).toBeGreaterThan(1510));
    expect(rec.bad).toEqual([]);
    expect(server.connections()).toBe(1);
    // Then the gauge goes silent for real: the idle timeout still fires.
    server.pause(true);
    await eventually(() => expect(server!.connections()).toBe(2));
    expect(rec.bad.map((b) => b.reason)).toContain('read-error');
  });

  it('keeps trying with back-off while nothing listens, and counts a telegram cut off by a disconnect', async () => {
    server = await startTelegramServer({ intervalMs: 50 });
    const port = server.port;
    await server.stop();
    const rec = recordingSink();
    source = new TelegramSource(configFor(port), { log: createLogger('telegram-test', 'silent') });
    await source.start(rec.sink);
    await new Promise((r) => setTimeout(r, 500));
    expect(rec.ups).toEqual([]);
    server.pause(true);
    await server.restart();
    await eventually(() => expect(rec.ups).toEqual([true]), 5_000);
    server.writeRaw('D;2026-12-04T17:00:00.000Z;0.7');
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    await eventually(() => expect(rec.bad.map((b) => b.detail)).toEqual(['telegram cut off by the disconnect (30 bytes without a terminator); discarded']));
    expect(rec.events).toEqual([]);
  });

  it('sends its stream request on every connect', async () => {
    server = await startTelegramServer({ intervalMs: 50 });
    const rec = recordingSink();
    source = new TelegramSource(configFor(server.port, { sendOnConnect: '#2\r\n' }), { log: createLogger('telegram-test', 'silent') });
    await source.start(rec.sink);
    await eventually(() => expect(server!.received()).toBe('#2\r\n'));
    await server.stop();
    await server.restart();
    await eventually(() => expect(server!.received()).toBe('#2\r\n#2\r\n'));
    await eventually(() => expect(rec.ups).toEqual([true, false, true]));
  });

  it('stamps telegrams without a timestamp field with strictly increasing arrival times', async () => {
    server = await startTelegramServer({ intervalMs: 1000 });
    server.pause(true);
    const rec = recordingSink();
    const config = configFor(server.port);
    source = new TelegramSource({ ...config, parse: { delimiter: ';', fields: [{ index: 1, characteristic: 'eccentricity' }] } }, { log: createLogger('telegram-test', 'silent'), clock: () => 1_000 });
    await source.start(rec.sink);
    await eventually(() => expect(rec.ups).toEqual([true]));
    server.writeRaw('A;1.5\r\nA;1.6\r\nA;1.7\r\n');
    await eventually(() =>
      expect(rec.readings('eccentricity').map((r) => [r.ts, r.value])).toEqual([
        [1000, 1.5],
        [1001, 1.6],
        [1002, 1.7],
      ]),
    );
  });
});
