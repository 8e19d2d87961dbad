/**
 * Just enough of each service for its register*Metrics collectors to read:
 * the metric names, types, HELP texts, labels and buckets are what the
 * exposition test pins down, not the services' behaviour (the feature tests
 * in test/feature/ops-endpoints.test.ts scrape the real ones).
 */
import type { FastifyInstance } from 'fastify';
import type { AnalyticsBus } from '../../../analytics/bus/analytics-bus.js';
import type { AnalyticsCore } from '../../../analytics/service/analytics-core.js';
import type { LinewatchBroker } from '../../../broker/create-broker.js';
import type { GatewayService } from '../../../gateway/gateway-service.js';

export function fakeBroker(): LinewatchBroker {
  return { aedes: { connectedClients: 3 }, refusals: () => ({ 'bad-password': 2, 'topic-denied': 0 }) } as unknown as LinewatchBroker;
}

export function fakeDashboard(): FastifyInstance {
  return { refusals: () => ({ 'rate-limited': 4, 'body-too-large': 1 }) } as unknown as FastifyInstance;
}

export function fakeGateway(enterprise: string, gateway: string, n: number): GatewayService {
  const outbox = { batches: n, bytes: 100 * n, blocked: 0, diskFull: n === 2, diskFullStalls: 1, dropped: 0 };
  const stats = {
    published: 10 * n,
    resent: n,
    readBack: 3 * n,
    sentFromMemory: 7 * n,
    liveOverBudget: 0,
    acknowledged: 9 * n,
    refusedPoints: 0,
    foreignAcks: 0,
    backlogInFlight: 0,
    connected: true,
    outbox,
  };
  return { options: { enterprise, gateway }, stats: () => stats } as unknown as GatewayService;
}

export function fakeAnalytics(storeWriteSeconds: unknown): { core: AnalyticsCore; bus: AnalyticsBus } {
  const counters = {
    stored: 11,
    duplicates: 2,
    rejectedPoints: 1,
    historical: 3,
    charted: 8,
    batches: 4,
    storeFailures: 0,
    notOwnedBatches: 0,
    rejectsByReason: new Map([['value: not-a-number', 1]]),
  };
  const core = {
    counters,
    writeHealth: { state: () => ({ consecutiveFailures: 0 }) },
    alerts: { openAlerts: () => [{}, {}] },
    risk: { list: () => [{}] },
    storeWriteSeconds,
    reels: { openCount: 2, pendingCount: 1, lateReadings: 5, markProblems: 1 },
    reelJournal: { written: 7, waiting: 0 },
  } as unknown as AnalyticsCore;
  const bus = { cluster: null, connected: true, outputsInFlight: 3 } as unknown as AnalyticsBus;
  return { core, bus };
}
