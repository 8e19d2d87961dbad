import type { MetricsRegistry, Sample } from '../ops/metrics.js';
import type { GatewayService, GatewayStats } from './gateway-service.js';

const LABELS = ['enterprise', 'gateway'] as const;
type GatewayLabel = (typeof LABELS)[number];

/** Gateways' metrics from their stats() at scrape time, one sample per gateway (`linewatch start` runs several). */
export function registerGatewayMetrics(registry: MetricsRegistry, gateways: () => Iterable<GatewayService>): MetricsRegistry {
  const each = (value: (s: GatewayStats) => number) => (): Sample<GatewayLabel>[] =>
    [...gateways()].map((g) => ({ labels: { enterprise: g.options.enterprise, gateway: g.options.gateway }, value: value(g.stats()) }));
  return registry
    .gauge(
      'linewatch_outbox_batches',
      'Batches in the outbox, not yet acknowledged.',
      LABELS,
      each((s) => s.outbox.batches),
    )
    .gauge(
      'linewatch_outbox_bytes',
      'Bytes the outbox holds.',
      LABELS,
      each((s) => s.outbox.bytes),
    )
    .counter(
      'linewatch_gateway_published_total',
      'Batches published for the first time.',
      LABELS,
      each((s) => s.published),
    )
    .counter(
      'linewatch_gateway_resent_total',
      'Batches published again (reconnect or ack timeout).',
      LABELS,
      each((s) => s.resent),
    )
    .counter(
      'linewatch_gateway_read_back_total',
      'Batches read back from the outbox to be published (a backlog, a resend, live batches over the memory budget); live batches go from memory.',
      LABELS,
      each((s) => s.readBack),
    )
    .counter(
      'linewatch_gateway_acknowledged_total',
      'Batches acknowledged as stored by the analytics service.',
      LABELS,
      each((s) => s.acknowledged),
    )
    .counter(
      'linewatch_gateway_refused_points_total',
      'Points in batches the outbox refused or failed to store (full under policy reject, too large, I/O): lost at the source, logged.',
      LABELS,
      each((s) => s.refusedPoints),
    )
    .counter(
      'linewatch_gateway_foreign_acks_total',
      'Acknowledgements for another outbox epoch (a replaced outbox), ignored.',
      LABELS,
      each((s) => s.foreignAcks),
    )
    .counter(
      'linewatch_outbox_blocked_total',
      'Appends that waited for room in a full outbox (policy block: the source was held back).',
      LABELS,
      each((s) => s.outbox.blocked),
    )
    .gauge(
      'linewatch_outbox_disk_full',
      '1 while the outbox cannot write (disk full, ENOSPC/EDQUOT, or EIO): it retries, and holds the source back under policy block.',
      LABELS,
      each((s) => (s.outbox.diskFull ? 1 : 0)),
    )
    .counter(
      'linewatch_outbox_disk_full_total',
      'Times the outbox found its disk full (each one logged).',
      LABELS,
      each((s) => s.outbox.diskFullStalls),
    )
    .counter(
      'linewatch_outbox_dropped_total',
      'Batches dropped unacknowledged to make room (policy drop-oldest).',
      LABELS,
      each((s) => s.outbox.dropped),
    )
    .gauge(
      'linewatch_gateway_backlog_in_flight',
      'Backlog batches in flight while the gateway catches up (0 when it has no backlog).',
      LABELS,
      each((s) => s.backlogInFlight),
    )
    .gauge(
      'linewatch_gateway_connected',
      '1 while the gateway is connected to the broker.',
      LABELS,
      each((s) => (s.connected ? 1 : 0)),
    );
}
