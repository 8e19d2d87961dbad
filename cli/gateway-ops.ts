import type { GatewayService } from '../gateway/gateway-service.js';
import { registerGatewayMetrics } from '../gateway/metrics.js';
import { MetricsRegistry } from '../ops/metrics.js';
import type { OpsServer } from '../ops/ops-server.js';
import { startOpsFromFlags, type OpsFlags } from './ops-flags.js';

/** The operations endpoints of one gateway (linewatch gateway and replay): ready while connected to the broker. */
export function startGatewayOps(command: string, flags: OpsFlags, gateway: GatewayService): Promise<OpsServer | null> {
  const metrics = registerGatewayMetrics(new MetricsRegistry(), () => [gateway]);
  return startOpsFromFlags(command, flags, {
    health: () => ({ ok: true }),
    ready: async () => {
      const { connected, outbox } = gateway.stats();
      return { ok: connected, detail: { connected, outboxBatches: outbox.batches } };
    },
    metrics: () => metrics.render(),
  });
}
