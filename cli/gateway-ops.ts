import type { GatewayRuntime } from '../gateway/index.js';
import type { OpsServer } from '../ops/ops-server.js';
import { startOpsFromFlags, type OpsFlags } from './ops-flags.js';

/** The operations endpoints of one gateway (linewatch gateway and replay): ready while connected to the broker. */
export function startGatewayOps(command: string, flags: OpsFlags, runtime: GatewayRuntime): Promise<OpsServer | null> {
  return startOpsFromFlags(command, flags, {
    health: () => ({ ok: true }),
    ready: () => runtime.ready(),
    metrics: () => runtime.metrics.render(),
  });
}
