/**
 * A gateway reads a gauge's ASCII telegram stream from a real TCP server on
 * loopback, and every reading arrives stored and charted exactly once: across
 * a garbage telegram (counted, never a crash), a gateway kill -9 and restart
 * on the same outbox, and a server stop and restart on the same port. Every
 * telegram carries its own timestamp, so each stored point can be checked
 * against the very telegram the server wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CharacteristicName } from '../../domain/characteristics.js';
import { RIG_LINE, type SourceRig, startSourceRig } from '../support/source-rig.js';
import { startTelegramServer, type TelegramServer } from '../support/telegram-server.js';

let rig: SourceRig;
let server: TelegramServer;
beforeAll(async () => {
  rig = await startSourceRig();
  server = await startTelegramServer({ intervalMs: 100 });
});
afterAll(async () => {
  await rig?.close();
  await server?.close();
});

const CHARACTERISTICS: readonly CharacteristicName[] = ['insulation_thickness', 'conductor_resistance'];

describe('telegram source end to end', () => {
  it('stores and charts each telegram exactly once across garbage, a gateway kill -9 and a server restart', async () => {
    const file = rig.writeSource('telegram.json', {
      kind: 'telegram',
      host: '127.0.0.1',
      port: server.port,
      line: RIG_LINE,
      terminator: 'crlf',
      reconnect: { minMs: 100, maxMs: 1000 },
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
    const storedCount = async () => (await rig.stored('insulation_thickness')).length;

    let gateway = await rig.startGateway(file);
    await rig.eventually(async () => expect(await storedCount()).toBeGreaterThanOrEqual(10));

    // A telegram with a field that is not a number: counted and logged with its reason, the stream goes on.
    server.writeRaw('D;2026-12-04T17:00:00.000Z;x0.7;11.80\r\n');
    await rig.eventually(() => expect(gateway.output()).toMatch(/"reason":"unparsable".*field 1 'x0\.7' is not a number/));
    const afterGarbage = await storedCount();
    await rig.eventually(async () => expect(await storedCount()).toBeGreaterThan(afterGarbage + 5));

    // kill -9, then a new gateway process on the same outbox.
    await gateway.kill9();
    gateway = await rig.startGateway(file);
    const afterKill = await storedCount();
    await rig.eventually(async () => expect(await storedCount()).toBeGreaterThan(afterKill + 10));

    // The server stops (between telegrams) and comes back on the same port.
    server.pause(true);
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    await new Promise((r) => setTimeout(r, 500));
    await server.restart();
    server.pause(false);
    const afterRestart = await storedCount();
    await rig.eventually(async () => expect(await storedCount()).toBeGreaterThan(afterRestart + 10));
    expect(server.connections()).toBe(3);
    server.pause(true);

    // Everything served to the live gateway (connections 2 and 3) is stored; from the killed one, whatever it kept.
    const servedLive = [...server.served.values()].filter((s) => s.connection >= 2);
    await rig.eventually(async () => {
      const stored = new Set((await rig.stored('insulation_thickness')).map((p) => p.ts));
      expect(servedLive.filter((s) => !stored.has(s.ts))).toEqual([]);
    });
    for (const characteristic of CHARACTERISTICS) {
      const stored = await rig.stored(characteristic);
      expect(new Set(stored.map((p) => p.ts)).size).toBe(stored.length);
      for (const point of stored) {
        const served = server.served.get(point.ts);
        expect(served, `stored ${characteristic} at ${point.ts}`).toBeDefined();
        expect(point.value).toBeCloseTo(characteristic === 'insulation_thickness' ? served!.insulation : served!.resistance, 9);
      }
      await rig.eventually(async () => expect(rig.charted(characteristic)).toBe((await rig.stored(characteristic)).length));
    }
    expect(gateway.output()).not.toMatch(/Unhandled|TypeError|RangeError/);
  }, 60_000);
});
