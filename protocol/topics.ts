/**
 * Topic names of the linewatch protocol, under a versioned prefix so a future
 * v2 can run beside v1 on the same broker:
 *
 *   linewatch/v1/<enterprise>/<gateway>/measurements | ack | status | deadletter
 *   linewatch/v1/alerts/<enterprise>
 *   linewatch/v1/risk/<enterprise>
 *   linewatch/v1/findings/<enterprise>   (the regulator's feed)
 *   linewatch/v1/commands/<service>      (a dashboard service's requests)
 *   linewatch/v1/replies/<service>       (the answers to them)
 *   linewatch/v1/members/<worker>        (analytics workers that are up)
 *
 * Builders throw a ProtocolError for an invalid id (the ids come from the
 * validated configuration, so that is a bug); the parser never throws and
 * says what is wrong with a topic that came off the wire.
 */
import { CHANNELS, isEnterpriseChannel, isGatewayChannel, isServiceChannel, type EnterpriseChannel, type GatewayChannel, type ServiceChannel } from './channels.js';
import { idProblem, type IdKind } from './ids.js';
import { ProtocolError } from './protocol-error.js';

export const TOPIC_PREFIX = 'linewatch/v1';
const PREFIX_LEVELS = ['linewatch', 'v1'] as const;

export type ParsedTopic =
  | { readonly scope: 'gateway'; readonly channel: GatewayChannel; readonly enterprise: string; readonly gateway: string }
  | { readonly scope: 'enterprise'; readonly channel: EnterpriseChannel; readonly enterprise: string }
  | { readonly scope: 'service'; readonly channel: ServiceChannel; readonly service: string };

export type TopicParse = { ok: true; topic: ParsedTopic } | { ok: false; reason: string };

export function gatewayTopic(channel: GatewayChannel, enterprise: string, gateway: string): string {
  requireId('enterprise', enterprise);
  requireId('gateway', gateway);
  return `${TOPIC_PREFIX}/${enterprise}/${gateway}/${channel}`;
}

export function enterpriseTopic(channel: EnterpriseChannel, enterprise: string): string {
  requireId('enterprise', enterprise);
  return `${TOPIC_PREFIX}/${channel}/${enterprise}`;
}

export function serviceTopic(channel: ServiceChannel, service: string): string {
  requireId('service', service);
  return `${TOPIC_PREFIX}/${channel}/${service}`;
}

export const measurementsTopic = (enterprise: string, gateway: string): string => gatewayTopic('measurements', enterprise, gateway);
export const ackTopic = (enterprise: string, gateway: string): string => gatewayTopic('ack', enterprise, gateway);
export const statusTopic = (enterprise: string, gateway: string): string => gatewayTopic('status', enterprise, gateway);
export const deadLetterTopic = (enterprise: string, gateway: string): string => gatewayTopic('deadletter', enterprise, gateway);
export const alertsTopic = (enterprise: string): string => enterpriseTopic('alerts', enterprise);
export const riskTopic = (enterprise: string): string => enterpriseTopic('risk', enterprise);
export const findingsTopic = (enterprise: string): string => enterpriseTopic('findings', enterprise);
/** Where dashboard service `service` sends its alert commands. */
export const commandsTopic = (service: string): string => serviceTopic('commands', service);
/** Where the analytics service answers the commands of dashboard service `service`. */
export const repliesTopic = (service: string): string => serviceTopic('replies', service);
/** Where analytics worker `worker` announces that it is up (retained; empty once it is gone). */
export const memberTopic = (worker: string): string => serviceTopic('members', worker);

/**
 * Subscription filter for one gateway channel of every gateway, or of every
 * gateway of one enterprise (an analytics worker that owns a share of the
 * enterprises subscribes once per enterprise).
 */
export function gatewayChannelFilter(channel: GatewayChannel, enterprise?: string): string {
  if (enterprise !== undefined) requireId('enterprise', enterprise);
  return `${TOPIC_PREFIX}/${enterprise ?? '+'}/+/${channel}`;
}

/** Subscription filter for an enterprise channel of every enterprise. */
export function enterpriseChannelFilter(channel: EnterpriseChannel): string {
  return `${TOPIC_PREFIX}/${channel}/+`;
}

/** Subscription filter for a service channel of every service (the analytics service reads every dashboard's commands). */
export function serviceChannelFilter(channel: ServiceChannel): string {
  return `${TOPIC_PREFIX}/${channel}/+`;
}

/** Reads a topic name (never a filter) into its parts, or says why it is not a linewatch topic. */
export function parseTopic(topic: string): TopicParse {
  if (typeof topic !== 'string' || topic.length === 0) return fail('empty topic');
  if (topic.startsWith('$')) return fail("topics starting with '$' are reserved for the broker");
  if (/[+#]/.test(topic)) return fail("a topic name must not contain the wildcards '+' or '#'");
  const levels = topic.split('/');
  if (levels[0] !== PREFIX_LEVELS[0] || levels[1] !== PREFIX_LEVELS[1]) return fail(`not under '${TOPIC_PREFIX}/'`);
  if (levels.length === 4) {
    // The last level names an enterprise or, on a service channel, a service.
    const [, , channel, owner] = levels;
    if (isServiceChannel(channel)) {
      const problem = idProblem('service', owner);
      if (problem) return fail(problem);
      return { ok: true, topic: { scope: 'service', channel, service: owner } };
    }
    if (!isEnterpriseChannel(channel)) {
      return fail(`unknown channel ${JSON.stringify(channel)} (expected ${TOPIC_PREFIX}/alerts|risk|findings/<enterprise> or ${TOPIC_PREFIX}/commands|replies|members/<service>)`);
    }
    const problem = idProblem('enterprise', owner);
    if (problem) return fail(problem);
    return { ok: true, topic: { scope: 'enterprise', channel, enterprise: owner } };
  }
  if (levels.length === 5) {
    const [, , enterprise, gateway, channel] = levels;
    const problem = idProblem('enterprise', enterprise) ?? idProblem('gateway', gateway);
    if (problem) return fail(problem);
    if (!isGatewayChannel(channel)) {
      return fail(`unknown channel ${JSON.stringify(channel)} (expected one of ${Object.keys(CHANNELS).filter(isGatewayChannel).join(', ')})`);
    }
    return { ok: true, topic: { scope: 'gateway', channel, enterprise, gateway } };
  }
  return fail(`expected ${TOPIC_PREFIX}/<enterprise>/<gateway>/<channel> or ${TOPIC_PREFIX}/<channel>/<enterprise|service>, got ${levels.length} levels`);
}

function requireId(kind: IdKind, id: string): void {
  const problem = idProblem(kind, id);
  if (problem) throw new ProtocolError('LW_PROTOCOL_BAD_ID', problem);
}

function fail(reason: string): TopicParse {
  return { ok: false, reason };
}
