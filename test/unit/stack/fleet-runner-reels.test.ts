import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import type { GatewayEntry, GatewayService } from '../../../gateway/index.js';
import { createLogger } from '../../../ops/logger.js';
import { demoPlanFromConfig } from '../../../simulators/demo-from-config.js';
import { Fleet } from '../../../simulators/fleet.js';
import { FleetRunner } from '../../../stack/fleet-runner.js';

const MINUTE = 60_000;

describe('the demo fleet runner', () => {
  it('sends each line a new reel every reelMs: the end of the one before and the start of the next, at the boundary', async () => {
    const config = await loadConfig(new URL('../../../config/demo.json', import.meta.url).pathname);
    const start = Date.UTC(2026, 11, 4, 8, 0, 0);
    const fleet = new Fleet(demoPlanFromConfig(config, { startEpochMs: start }).plan);
    const taken: GatewayEntry[] = [];
    const byGateway = new Map(fleet.gateways.map((g) => [g.id, [] as GatewayEntry[]]));
    const gatewayOf = (id: string) =>
      ({
        accept: async (entries: readonly GatewayEntry[]) => {
          taken.push(...entries);
          byGateway.get(id)!.push(...entries);
        },
      }) as unknown as GatewayService;
    let now = start;
    const runner = new FleetRunner(fleet, new Map(fleet.gateways.map((g) => [g.id, gatewayOf(g.id)])), createLogger('fleet', 'silent'), () => now, { tickMs: 1, reelMs: 10 * MINUTE });
    runner.start();
    try {
      // Three ticks, each in a reel of its own: minutes 0, 10 and 21.
      for (const at of [0, 10, 21]) {
        now = start + at * MINUTE;
        const before = taken.length;
        for (let waited = 0; taken.length === before && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      runner.stop();
    }
    const marks = taken.filter((e) => 'reel' in e);
    const first = fleet.series[0];
    const ofLine = byGateway
      .get(fleet.gateways[first.gateway].id)!
      .filter((m) => 'reel' in m && m.line === first.line)
      .map((m) => ('reel' in m ? [m.event, m.ts - start, m.reel] : []));
    expect(ofLine).toEqual([
      ['start', 0, `${first.line}-20261204T0800`],
      ['end', 10 * MINUTE, `${first.line}-20261204T0800`],
      ['start', 10 * MINUTE, `${first.line}-20261204T0810`],
      ['end', 20 * MINUTE, `${first.line}-20261204T0810`],
      ['start', 20 * MINUTE, `${first.line}-20261204T0820`],
    ]);
    expect(marks.find((m) => 'reel' in m && m.event === 'start')).toMatchObject({ product: first.product });
  });
});
