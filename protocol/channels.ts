/**
 * The channels of the linewatch MQTT protocol: what flows on each, at which
 * QoS, whether the broker retains it, who may publish it and who may read it.
 * This table is the one source of truth: topic builders, the broker's ACL and
 * protocol/README.md all follow it.
 */

/** Channels that live under one gateway: `linewatch/v1/<enterprise>/<gateway>/<channel>`. */
export const GATEWAY_CHANNELS = ['measurements', 'ack', 'status', 'deadletter'] as const;
/** Channels that live under one enterprise: `linewatch/v1/<channel>/<enterprise>`. */
export const ENTERPRISE_CHANNELS = ['alerts', 'risk', 'findings'] as const;

/**
 * Channels that live under one dashboard service: `linewatch/v1/<channel>/<service>`.
 * A dashboard running on its own asks the analytics service (which owns the
 * alert lifecycle) to act on alerts and gets the answer back. The service id
 * is in both topics so the broker can check it: a dashboard sends commands
 * only under its own id, so the reply address cannot be forged, and it reads
 * only its own replies. Analytics workers announce themselves on `members`,
 * under their worker name.
 */
export const SERVICE_CHANNELS = ['commands', 'replies', 'members'] as const;

export type GatewayChannel = (typeof GATEWAY_CHANNELS)[number];
export type EnterpriseChannel = (typeof ENTERPRISE_CHANNELS)[number];
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];
export type Channel = GatewayChannel | EnterpriseChannel | ServiceChannel;

/**
 * Who takes part: `own-gateway` is the one gateway named in the topic,
 * `own-dashboard` the one dashboard service named in the topic; the services
 * are trusted for every enterprise.
 */
export type Party = 'own-gateway' | 'analytics' | 'dashboard' | 'own-dashboard';

export interface ChannelSpec {
  readonly scope: 'gateway' | 'enterprise' | 'service';
  /** QoS publishers use; 1 everywhere, because every message here must arrive and duplicates are harmless (seq). */
  readonly qos: 0 | 1 | 2;
  /** Whether publishers set the retain flag (the broker refuses it elsewhere). */
  readonly retain: boolean;
  readonly publishers: readonly Party[];
  readonly readers: readonly Party[];
}

export const CHANNELS: Readonly<Record<Channel, ChannelSpec>> = Object.freeze({
  // A batch of points; the gateway keeps it in its outbox until the ack comes.
  measurements: spec('gateway', false, ['own-gateway'], ['analytics', 'dashboard']),
  // End-to-end acknowledgement: sent only once the batch is durably stored.
  ack: spec('gateway', false, ['analytics'], ['own-gateway']),
  // Retained, so whoever subscribes learns at once whether a gateway is up; the
  // last will flips it to offline when the connection dies.
  status: spec('gateway', true, ['own-gateway'], ['analytics', 'dashboard']),
  // Rejected input with the reason, for people to look at (not retained: a log, not a state).
  deadletter: spec('gateway', false, ['analytics'], ['dashboard']),
  // Events: each alert once, never replayed to a late subscriber.
  alerts: spec('enterprise', false, ['analytics'], ['analytics', 'dashboard']),
  // The current risk assessment is a state: retained so a dashboard that starts sees it at once.
  risk: spec('enterprise', true, ['analytics'], ['analytics', 'dashboard']),
  // The regulator's feed: a finding opened, updated or closed (core/findings/); events, not retained.
  findings: spec('enterprise', false, ['analytics'], ['dashboard']),
  // Requests (acknowledge, resolve an alert): not retained, a request must not be replayed to a later subscriber.
  commands: spec('service', false, ['own-dashboard'], ['analytics']),
  // Answers to one dashboard's requests, matched by requestId.
  replies: spec('service', false, ['analytics'], ['own-dashboard']),
  // An analytics worker's presence, `linewatch/v1/members/<worker>`: retained so a worker
  // that starts learns at once who is up; its last will (an empty retained message) clears
  // it when the connection dies, and the others take over its share (analytics/cluster/).
  members: spec('service', true, ['analytics'], ['analytics']),
});

function spec(scope: ChannelSpec['scope'], retain: boolean, publishers: Party[], readers: Party[]): ChannelSpec {
  return Object.freeze({ scope, qos: 1, retain, publishers: Object.freeze(publishers), readers: Object.freeze(readers) });
}

export function isGatewayChannel(name: string): name is GatewayChannel {
  return (GATEWAY_CHANNELS as readonly string[]).includes(name);
}

export function isEnterpriseChannel(name: string): name is EnterpriseChannel {
  return (ENTERPRISE_CHANNELS as readonly string[]).includes(name);
}

export function isServiceChannel(name: string): name is ServiceChannel {
  return (SERVICE_CHANNELS as readonly string[]).includes(name);
}
