/**
 * Who may publish and subscribe what: a pure function of the principal and
 * the topic, derived from the channel table (protocol/channels.ts).
 *
 * - A gateway publishes only its own `measurements` and `status`, and
 *   subscribes only to its own `ack`.
 * - The analytics service publishes acks, dead letters, alerts and risk for
 *   every enterprise and reads measurements and status.
 * - The dashboard publishes nothing but its own alert commands
 *   (`linewatch/v1/commands/<its id>`), reads what it shows and exactly its
 *   own replies (`linewatch/v1/replies/<its id>`); the analytics service
 *   reads every dashboard's commands and answers each one.
 * - Nobody publishes or subscribes to `$` topics; nobody is granted `#`;
 *   nobody touches anything outside `linewatch/v1/`, but for the Sparkplug
 *   B topics (`spBv1.0/`) of a gateway granted them (sparkplug-acl.ts).
 *
 * A filter is granted only if every topic it can match is readable, so a
 * service subscribes with `+` where it reads many (`linewatch/v1/+/+/status`)
 * and a gateway names its single ack topic exactly.
 */
import { CHANNELS, isEnterpriseChannel, isGatewayChannel, isServiceChannel, type Channel, type Party, type ServiceChannel } from '../protocol/channels.js';
import { idProblem, type IdKind } from '../protocol/ids.js';
import { parseTopic, TOPIC_PREFIX, type ParsedTopic } from '../protocol/topics.js';
import type { Principal } from './principal.js';
import type { RefusalCode } from './refusals.js';
import { checkSparkplugPublish, checkSparkplugSubscribe, isSparkplugTopic } from './sparkplug-acl.js';

export interface AclLimits {
  /** Longest topic or filter, in characters. */
  readonly maxTopicLength: number;
}

export const DEFAULT_ACL_OPTIONS: AclLimits = Object.freeze({ maxTopicLength: 512 });

export type AclVerdict = { readonly allowed: true } | { readonly allowed: false; readonly code: RefusalCode; readonly reason: string };

const ALLOW: AclVerdict = Object.freeze({ allowed: true });
const PREFIX = `${TOPIC_PREFIX}/`;

export interface PublishRequest {
  readonly topic: string;
  readonly retain: boolean;
}

export function checkPublish(principal: Principal, request: PublishRequest, limits: AclLimits = DEFAULT_ACL_OPTIONS): AclVerdict {
  const { topic } = request;
  if (isSparkplugTopic(topic)) return shapeChecks(topic, limits) ?? checkSparkplugPublish(principal, request);
  const shape = commonChecks(topic, limits);
  if (shape) return shape;
  if (/[+#]/.test(topic)) return refuse('wildcard-in-topic', `wildcards are not allowed in a PUBLISH topic: ${show(topic)}`);
  const parsed = parseTopic(topic);
  if (!parsed.ok) return refuse('malformed-topic', `${show(topic)}: ${parsed.reason}`);
  const t = parsed.topic;
  const spec = CHANNELS[t.channel];
  if (principal.kind === 'gateway' && t.scope !== 'service') {
    // Tenancy first: naming another enterprise is the refusal that matters, whatever the channel.
    if (t.enterprise !== principal.enterprise)
      return refuse('foreign-enterprise', `gateway of enterprise ${show(principal.enterprise)} may not publish to enterprise ${show(t.enterprise)} (${show(topic)})`);
    if (t.scope === 'gateway' && t.gateway !== principal.gateway) return refuse('foreign-gateway', `gateway ${show(principal.gateway)} may not publish as gateway ${show(t.gateway)} (${show(topic)})`);
  }
  if (t.scope === 'service' && spec.publishers.includes('own-dashboard') && isDashboard(principal) && principal.id !== t.service) {
    return refuse('channel-not-permitted', `the dashboard service ${show(principal.id ?? '(no id)')} may publish ${t.channel} only under its own id, not ${show(t.service)} (${show(topic)})`);
  }
  if (!spec.publishers.includes(partyOn(principal, t))) return refuse('channel-not-permitted', `${who(principal)} may not publish to the ${t.channel} channel; ${publishersText(t.channel)}`);
  if (request.retain && !spec.retain) return refuse('retain-not-permitted', `the ${t.channel} channel is not retained; publish without the retain flag`);
  return ALLOW;
}

export function checkSubscribe(principal: Principal, filter: string, limits: AclLimits = DEFAULT_ACL_OPTIONS): AclVerdict {
  if (isSparkplugTopic(filter)) return shapeChecks(filter, limits) ?? checkSparkplugSubscribe(principal, filter);
  const shape = commonChecks(filter, limits);
  if (shape) return shape;
  if (filter.includes('#')) return refuse('filter-too-broad', `the wildcard '#' is never granted; subscribe to the channels you need (${show(filter)})`);
  const levels = filter.split('/');
  const badWildcard = levels.find((l) => l.includes('+') && l !== '+');
  if (badWildcard !== undefined) return refuse('malformed-topic', `'+' must fill a whole level: ${show(filter)}`);
  if (levels.length === 5) return checkGatewayFilter(principal, filter, levels);
  if (levels.length === 4) return isServiceChannel(levels[2]) ? checkServiceFilter(principal, filter, levels[2], levels[3]) : checkEnterpriseFilter(principal, filter, levels);
  return refuse('malformed-topic', `${show(filter)} does not match the topic layout ${TOPIC_PREFIX}/<enterprise>/<gateway>/<channel> or ${TOPIC_PREFIX}/<channel>/<enterprise|service>`);
}

/**
 * Whether a message on `topic` may reach this principal: the same rule as
 * subscribing to the topic itself. The broker checks it again on delivery as
 * a safety net.
 */
export function checkReceive(principal: Principal, topic: string, limits: AclLimits = DEFAULT_ACL_OPTIONS): AclVerdict {
  return checkSubscribe(principal, topic, limits);
}

function checkGatewayFilter(principal: Principal, filter: string, levels: string[]): AclVerdict {
  const [, , enterprise, gateway, channel] = levels;
  if (channel === '+') return refuse('filter-too-broad', `name the channel instead of '+': ${show(filter)}`);
  if (!isGatewayChannel(channel)) return refuse('malformed-topic', `unknown channel ${show(channel)} in ${show(filter)}`);
  const idBad = levelProblem('enterprise', enterprise) ?? levelProblem('gateway', gateway);
  if (idBad) return refuse('malformed-topic', `${show(filter)}: ${idBad}`);
  const readers = CHANNELS[channel].readers;
  if (principal.kind === 'gateway') {
    if (!readers.includes('own-gateway')) return refuse('channel-not-permitted', `a gateway may not read the ${channel} channel`);
    if (enterprise === '+' || gateway === '+') return refuse('filter-too-broad', `a gateway may read only its own ${channel} topic; name it exactly (${show(filter)})`);
    if (enterprise !== principal.enterprise) return refuse('foreign-enterprise', `gateway of enterprise ${show(principal.enterprise)} may not read enterprise ${show(enterprise)} (${show(filter)})`);
    if (gateway !== principal.gateway) return refuse('foreign-gateway', `gateway ${show(principal.gateway)} may not read gateway ${show(gateway)}'s ${channel} (${show(filter)})`);
    return ALLOW;
  }
  return readers.includes(principal.role) ? ALLOW : refuse('channel-not-permitted', `${who(principal)} may not read the ${channel} channel`);
}

function checkEnterpriseFilter(principal: Principal, filter: string, levels: string[]): AclVerdict {
  const [, , channel, enterprise] = levels;
  if (channel === '+') return refuse('filter-too-broad', `name the channel instead of '+': ${show(filter)}`);
  if (!isEnterpriseChannel(channel)) return refuse('malformed-topic', `unknown channel ${show(channel)} in ${show(filter)}`);
  const idBad = levelProblem('enterprise', enterprise);
  if (idBad) return refuse('malformed-topic', `${show(filter)}: ${idBad}`);
  return CHANNELS[channel].readers.includes(party(principal)) ? ALLOW : refuse('channel-not-permitted', `${who(principal)} may not read the ${channel} channel`);
}

/**
 * A service channel: the analytics service reads every dashboard's commands
 * (`+` allowed); a dashboard reads exactly its own replies, like a gateway
 * its own acks, so a `+` is refused rather than granted for one topic.
 */
function checkServiceFilter(principal: Principal, filter: string, channel: ServiceChannel, service: string): AclVerdict {
  const idBad = levelProblem('service', service);
  if (idBad) return refuse('malformed-topic', `${show(filter)}: ${idBad}`);
  const readers = CHANNELS[channel].readers;
  if (principal.kind === 'service' && readers.includes(principal.role)) return ALLOW;
  if (readers.includes('own-dashboard') && isDashboard(principal)) {
    if (service === '+') return refuse('filter-too-broad', `a dashboard service may read only its own ${channel}; name the topic exactly (${show(filter)})`);
    if (service === principal.id) return ALLOW;
    return refuse('channel-not-permitted', `the dashboard service ${show(principal.id ?? '(no id)')} may not read the ${channel} of ${show(service)}`);
  }
  return refuse('channel-not-permitted', `${who(principal)} may not read the ${channel} channel`);
}

/** Checks shared by topics and filters: length, `$`, namespace. */
function commonChecks(topic: string, limits: AclLimits): AclVerdict | null {
  const shape = shapeChecks(topic, limits);
  if (shape) return shape;
  if (!topic.startsWith(PREFIX)) return refuse('outside-namespace', `${show(topic)} is not under '${PREFIX}'`);
  return null;
}

/** Checks every topic and filter passes, linewatch's or Sparkplug's: not empty, not too long, no `$`. */
function shapeChecks(topic: string, limits: AclLimits): AclVerdict | null {
  if (typeof topic !== 'string' || topic.length === 0) return refuse('malformed-topic', 'empty topic');
  if (topic.length > limits.maxTopicLength) return refuse('topic-too-long', `topic is ${topic.length} characters; the limit is ${limits.maxTopicLength}`);
  if (topic.startsWith('$')) return refuse('reserved-topic', `topics starting with '$' belong to the broker: ${show(topic)}`);
  return null;
}

function levelProblem(kind: IdKind, level: string): string | null {
  return level === '+' ? null : idProblem(kind, level);
}

function party(principal: Principal): Party {
  return principal.kind === 'gateway' ? 'own-gateway' : principal.role;
}

/** The party a principal is on this topic: a dashboard is `own-dashboard` on its own service topics. */
function partyOn(principal: Principal, topic: ParsedTopic): Party {
  if (topic.scope === 'service' && isDashboard(principal) && principal.id === topic.service) return 'own-dashboard';
  return party(principal);
}

function isDashboard(principal: Principal): principal is Extract<Principal, { kind: 'service' }> {
  return principal.kind === 'service' && principal.role === 'dashboard';
}

function who(principal: Principal): string {
  return principal.kind === 'gateway' ? 'a gateway' : `the ${principal.role} service`;
}

function publishersText(channel: Channel): string {
  const names = CHANNELS[channel].publishers.map((p) => (p === 'own-gateway' ? 'its own gateway' : p === 'own-dashboard' ? 'the dashboard service named in the topic' : `the ${p} service`));
  return `only ${names.join(' and ')} does`;
}

function show(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}

function refuse(code: RefusalCode, reason: string): AclVerdict {
  return { allowed: false, code, reason };
}
