/** The gateways one load process drives: built, connected, clocked and counted together. */
import type { FleetSettings } from './child-messages.js';
import { BatchPayloads, type ReadingOverride } from './batch-payloads.js';
import { enterpriseId, gatewayId } from './county-config.js';
import { CountyClock } from './county-clock.js';
import { addTally, emptyTally, WireGateway, type GatewayTally } from './wire-gateway.js';

/** Logins at once: enough to connect a county in seconds without a SYN flood on the broker's accept queue. */
const CONNECT_CONCURRENCY = 50;

export interface FleetHooks {
  /** Step shifts for one enterprise's gateway (the probe). */
  override?(enterprise: string): ReadingOverride | undefined;
  onPublished?(enterprise: string, timestamps: readonly number[], at: number): void;
}

export class GatewayFleet {
  readonly gateways: WireGateway[] = [];
  private readonly clock: CountyClock;

  constructor(settings: FleetSettings, hooks: FleetHooks = {}) {
    const entries = [];
    for (let i = 0; i < settings.enterpriseCount; i++) {
      const countyIndex = settings.firstEnterprise + i;
      const enterprise = enterpriseId(countyIndex);
      const gateway = new WireGateway({
        host: settings.mqttHost,
        port: settings.mqttPort,
        enterprise,
        gateway: gatewayId(enterprise),
        password: settings.password,
        payloads: new BatchPayloads(settings.lines, countyIndex + 1),
        readingsPerBatch: settings.readingsPerBatch,
        // Spread over the readings of a batch, as independent gateways' timers are.
        phase: countyIndex % settings.readingsPerBatch,
        window: settings.window,
        override: hooks.override?.(enterprise),
        onPublished: hooks.onPublished ? (ts, at) => hooks.onPublished!(enterprise, ts, at) : undefined,
      });
      this.gateways.push(gateway);
      entries.push({ gateway, countyIndex });
    }
    this.clock = new CountyClock(entries, settings.countySize, settings.hz);
  }

  async connect(): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < this.gateways.length) await this.gateways[next++].connect();
    };
    await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, this.gateways.length) }, worker));
  }

  start(t0: number): void {
    this.clock.start(t0);
  }

  /** Stops new readings; what is due still goes out as the window allows. */
  finish(): void {
    this.clock.stop();
    for (const g of this.gateways) g.finish();
  }

  tally(): GatewayTally {
    return this.gateways.reduce((sum, g) => addTally(sum, g.tally()), emptyTally());
  }

  close(): void {
    this.clock.stop();
    for (const g of this.gateways) g.close();
  }
}
