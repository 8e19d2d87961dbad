/**
 * The life of a load process (gateways or probe), driven by the benchmark
 * over IPC: connect every gateway, say so, start on the common clock when
 * told, report the tally every second, finish (no new readings) and exit.
 */
import type { FleetSettings, FromChild, ToChild } from './child-messages.js';
import { GatewayFleet, type FleetHooks } from './gateway-fleet.js';
import type { ProbeFigures } from './probe-figures.js';

const TALLY_EVERY_MS = 1000;

export interface ChildExtras extends FleetHooks {
  /** Called when the benchmark opens or closes the measured window. */
  onMeasure?(on: boolean): void;
  figures?(): ProbeFigures;
  /** Runs after the fleet is connected (the probe's alert watcher). */
  ready?(): Promise<void>;
  close?(): Promise<void>;
}

export function readSettings(): FleetSettings {
  return JSON.parse(process.argv[2]) as FleetSettings;
}

export async function runFleetChild(settings: FleetSettings, extras: ChildExtras = {}): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  const fleet = new GatewayFleet(settings, extras);
  let timer: NodeJS.Timeout | null = null;
  process.on('message', (m: ToChild) => {
    switch (m.type) {
      case 'start':
        fleet.start(m.t0);
        timer = setInterval(() => send({ type: 'tally', tally: fleet.tally(), probe: extras.figures?.() }), TALLY_EVERY_MS);
        return;
      case 'measure':
        extras.onMeasure?.(m.on);
        return;
      case 'finish':
        fleet.finish();
        return;
      case 'exit':
        if (timer) clearInterval(timer);
        send({ type: 'tally', tally: fleet.tally(), probe: extras.figures?.() });
        fleet.close();
        void (extras.close?.() ?? Promise.resolve()).finally(() => process.disconnect?.());
        return;
    }
  });
  try {
    const started = performance.now();
    await fleet.connect();
    await extras.ready?.();
    send({ type: 'connected', gateways: fleet.gateways.length, ms: performance.now() - started });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message });
    fleet.close();
    process.exitCode = 1;
    process.disconnect?.();
  }
}
