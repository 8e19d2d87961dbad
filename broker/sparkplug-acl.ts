/**
 * Who may publish and subscribe Sparkplug B topics (`spBv1.0/...`) on
 * linewatch's broker: a pure function of the principal and the topic, like
 * acl.ts, for gateway accounts granted Sparkplug rights in the configuration
 * (`gateways[].sparkplug: { role, groups }`). Nobody else touches `spBv1.0/`.
 *
 * - An `edge` (a plant's Edge Node, or the bridge from a plant's broker)
 *   publishes NBIRTH, NDEATH, NDATA, DBIRTH, DDEATH and DDATA of its own
 *   groups, never retained (Sparkplug 3.0: only STATE is retained), and may
 *   subscribe to the NCMD/DCMD of its groups and to STATE, as Edge Node
 *   software does at connect; on this broker nobody may publish those, so
 *   they carry nothing.
 * - A `host` (the gateway's Sparkplug source) only subscribes, to its own
 *   groups (`spBv1.0/<group>/#` or narrower). It publishes nothing: no NCMD,
 *   no DCMD, no STATE. A regulator's platform asks nothing of a plant.
 * - A group is named exactly: `spBv1.0/#` and `spBv1.0/+/...` are too broad.
 *
 * Tenancy: every account naming a group belongs to one enterprise
 * (config/cross-check.ts), so an edge can feed only its own enterprise's host.
 */
import { isCommandMessageType, isDeviceMessageType, isNodeMessageType, SPARKPLUG_NAMESPACE, STATE_LEVEL } from '../protocol/sparkplug.js';
import type { AclVerdict, PublishRequest } from './acl.js';
import type { Principal, SparkplugRights } from './principal.js';
import type { RefusalCode } from './refusals.js';

const ALLOW: AclVerdict = Object.freeze({ allowed: true });
const PREFIX = `${SPARKPLUG_NAMESPACE}/`;

export function isSparkplugTopic(topic: string): boolean {
  return topic.startsWith(PREFIX);
}

export function checkSparkplugPublish(principal: Principal, request: PublishRequest): AclVerdict {
  const { topic } = request;
  const rights = rightsOf(principal);
  if (rights === undefined) return noRights(principal, topic);
  if (/[+#]/.test(topic)) return refuse('wildcard-in-topic', `wildcards are not allowed in a PUBLISH topic: ${show(topic)}`);
  if (rights.role === 'host') return refuse('channel-not-permitted', `a Sparkplug host account only reads; it may not publish ${show(topic)} (no NCMD, DCMD or STATE)`);
  const levels = topic.split('/');
  const [, group, type] = levels;
  if (group === STATE_LEVEL || type === undefined || isCommandMessageType(type)) return refuse('channel-not-permitted', `a Sparkplug edge publishes births, deaths and data, not ${show(topic)}`);
  const expected = isNodeMessageType(type) ? 4 : isDeviceMessageType(type) ? 5 : 0;
  if (expected === 0) return refuse('malformed-topic', `${show(topic)}: unknown Sparkplug message type ${show(type)}`);
  if (levels.length !== expected || levels.some((l) => l === '')) {
    return refuse('malformed-topic', `${show(topic)}: ${type} is ${SPARKPLUG_NAMESPACE}/<group>/${type}/<edge node>${expected === 5 ? '/<device>' : ''}`);
  }
  if (!rights.groups.includes(group as string)) return foreignGroup(principal, group as string, topic);
  if (request.retain) return refuse('retain-not-permitted', `Sparkplug ${type} messages are not retained (Sparkplug 3.0); publish without the retain flag`);
  return ALLOW;
}

/** Also the delivery check: a concrete topic is a filter that matches itself. */
export function checkSparkplugSubscribe(principal: Principal, filter: string): AclVerdict {
  const rights = rightsOf(principal);
  if (rights === undefined) return noRights(principal, filter);
  const levels = filter.split('/');
  const badWildcard = levels.findIndex((l, i) => (l.includes('+') && l !== '+') || (l.includes('#') && (l !== '#' || i !== levels.length - 1)));
  if (badWildcard !== -1) return refuse('malformed-topic', `'+' and '#' must fill a whole level, '#' the last: ${show(filter)}`);
  const [, group, type] = levels;
  if (group === undefined || group === '') return refuse('malformed-topic', `${show(filter)}: a Sparkplug filter names a group`);
  if (group === '+' || group === '#') return refuse('filter-too-broad', `name each Sparkplug group this account reads instead of '${group}' (${show(filter)})`);
  if (rights.role === 'edge') {
    // What Edge Node software subscribes to at connect; nobody may publish there on this broker.
    if (group === STATE_LEVEL) return ALLOW;
    if (!rights.groups.includes(group)) return foreignGroup(principal, group, filter);
    if (type !== undefined && isCommandMessageType(type)) return ALLOW;
    return refuse('channel-not-permitted', `a Sparkplug edge account reads only the NCMD/DCMD of its groups and STATE, not ${show(filter)}`);
  }
  if (group === STATE_LEVEL) return refuse('channel-not-permitted', `a Sparkplug host account reads its groups, not STATE (${show(filter)})`);
  if (!rights.groups.includes(group)) return foreignGroup(principal, group, filter);
  return ALLOW;
}

function rightsOf(principal: Principal): SparkplugRights | undefined {
  return principal.kind === 'gateway' ? principal.sparkplug : undefined;
}

function noRights(principal: Principal, topic: string): AclVerdict {
  const who = principal.kind === 'gateway' ? `gateway ${show(principal.gateway)}` : `the ${principal.role} service`;
  return refuse('outside-namespace', `${who} has no Sparkplug rights (gateways[].sparkplug in the configuration): ${show(topic)} is outside its namespace`);
}

function foreignGroup(principal: Principal, group: string, topic: string): AclVerdict {
  const groups = principal.kind === 'gateway' ? (principal.sparkplug?.groups ?? []) : [];
  return refuse('foreign-sparkplug-group', `Sparkplug group ${show(group)} is not one of this account's (${groups.join(', ')}): ${show(topic)}`);
}

function show(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}

function refuse(code: RefusalCode, reason: string): AclVerdict {
  return { allowed: false, code, reason };
}
