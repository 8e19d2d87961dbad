import type { GatewayEntry, GatewayService } from '../gateway/index.js';
import type { Fleet } from '../simulators/fleet.js';
import type { Logger } from '../ops/logger.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface FleetRunnerOptions {
  /** How often the fleet is advanced, ms; at 10 Hz, 100 ms keeps readings in time order across series. */
  readonly tickMs: number;
  /** Readings a gateway holds while its simulated connection is down, at most (then the oldest go: a real gauge's buffer is finite too). */
  readonly maxHeldPerGateway: number;
  /**
   * Every line winds a new reel this often, ms: the end of the reel before
   * and the start of the next are sent among the readings, as a line's reel
   * tag would, so the demo's trace view has reels to show. 0: no reels.
   */
  readonly reelMs: number;
}

export const DEFAULT_FLEET_RUNNER_OPTIONS: FleetRunnerOptions = Object.freeze({ tickMs: 100, maxHeldPerGateway: 200_000, reelMs: 10 * 60_000 });

/**
 * Plays a simulated fleet in real time into gateways: every tick, each
 * reading due goes to the gateway that carries its series. While the fleet's
 * model says a gateway is offline, its readings are held and handed over
 * when it comes back, as a real gateway's gauges keep measuring through an
 * outage: the analytics side then sees a silent gateway, then a backlog.
 */
export class FleetRunner {
  private readonly options: FleetRunnerOptions;
  private timer: NodeJS.Timeout | null = null;
  private readonly held: GatewayEntry[][];
  private readonly pending: GatewayEntry[][];
  /** Per line ("gateway index/line"), the reel it winds now, by its number since the start. */
  private readonly reels = new Map<string, { readonly gateway: number; readonly line: string; readonly product: string; reel: number }>();
  private readonly startedAt: number;
  private busy = false;
  heldDropped = 0;

  constructor(
    private readonly fleet: Fleet,
    private readonly gateways: ReadonlyMap<string, GatewayService>,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
    options: Partial<FleetRunnerOptions> = {},
  ) {
    this.options = withDefaults(DEFAULT_FLEET_RUNNER_OPTIONS, options);
    this.held = fleet.gateways.map(() => []);
    this.pending = fleet.gateways.map(() => []);
    this.startedAt = clock();
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    // A slow outbox must not make ticks pile up: skip, the next tick catches up.
    if (this.busy) return;
    this.busy = true;
    try {
      const elapsed = this.clock() - this.startedAt;
      const series = this.fleet.series;
      if (this.options.reelMs > 0) this.markReels(elapsed);
      this.fleet.tick(elapsed, (index, ts, value) => {
        const s = series[index];
        this.pending[s.gateway].push({ line: s.line, characteristic: s.characteristic, ts, value });
      });
      await Promise.all(this.fleet.gateways.map((g, i) => this.deliver(i, g.id, g.model.isOnline(elapsed))));
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'demo fleet tick failed');
    } finally {
      this.busy = false;
    }
  }

  /** The lines' reel changes due by `elapsed`: the end of each line's reel before and the start of the next, at the boundary. */
  private markReels(elapsed: number): void {
    if (this.reels.size === 0) {
      for (const s of this.fleet.series) this.reels.set(`${s.gateway}/${s.line}`, { gateway: s.gateway, line: s.line, reel: -1, product: s.product });
    }
    const now = Math.floor(elapsed / this.options.reelMs);
    for (const line of this.reels.values()) {
      if (line.reel === now) continue;
      const ts = this.startedAt + now * this.options.reelMs;
      if (line.reel >= 0) this.pending[line.gateway].push({ line: line.line, reel: this.reelId(line.line, line.reel), event: 'end', ts });
      this.pending[line.gateway].push({ line: line.line, reel: this.reelId(line.line, now), event: 'start', ts, product: line.product });
      line.reel = now;
    }
  }

  /** A reel id unique within the enterprise across demo runs: the line and the reel's start, to the minute. */
  private reelId(line: string, reel: number): string {
    const start = new Date(this.startedAt + reel * this.options.reelMs).toISOString();
    return `${line}-${start.slice(0, 16).replace(/[-:]/g, '')}`;
  }

  private async deliver(index: number, gatewayId: string, online: boolean): Promise<void> {
    const due = this.pending[index];
    if (due.length === 0 && (this.held[index].length === 0 || !online)) return;
    this.pending[index] = [];
    if (!online) {
      const held = this.held[index];
      for (const p of due) held.push(p);
      const excess = held.length - this.options.maxHeldPerGateway;
      if (excess > 0) {
        held.splice(0, excess);
        this.heldDropped += excess;
      }
      return;
    }
    const gateway = this.gateways.get(gatewayId);
    if (!gateway) return;
    const backlog = this.held[index];
    this.held[index] = [];
    await gateway.accept(backlog.length > 0 ? backlog.concat(due) : due);
  }
}
