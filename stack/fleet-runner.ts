import type { GatewayService, SourcePoint } from '../gateway/index.js';
import type { Fleet } from '../simulators/fleet.js';
import type { Logger } from '../ops/logger.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface FleetRunnerOptions {
  /** How often the fleet is advanced, ms; at 10 Hz, 100 ms keeps readings in time order across series. */
  readonly tickMs: number;
  /** Readings a gateway holds while its simulated connection is down, at most (then the oldest go: a real gauge's buffer is finite too). */
  readonly maxHeldPerGateway: number;
}

export const DEFAULT_FLEET_RUNNER_OPTIONS: FleetRunnerOptions = Object.freeze({ tickMs: 100, maxHeldPerGateway: 200_000 });

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
  private readonly held: SourcePoint[][];
  private readonly pending: SourcePoint[][];
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
