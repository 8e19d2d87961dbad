/**
 * The linewatch ACL for an external Mosquitto, written from the same channel
 * table the embedded broker enforces (protocol/channels.ts): each gateway
 * its own topics (and the Sparkplug groups it is granted, as
 * broker/sparkplug-acl.ts), each service what its role reads and writes. Mosquitto
 * cannot tie a client id to a user name, nor refuse a retain flag per topic;
 * the embedded broker does both (see analytics/cluster/README.md).
 */
import { CHANNELS, type Channel, type Party } from '../../protocol/channels.js';
import { DEVICE_MESSAGE_TYPES, NODE_MESSAGE_TYPES, SPARKPLUG_NAMESPACE, STATE_LEVEL } from '../../protocol/sparkplug.js';
import { TOPIC_PREFIX } from '../../protocol/topics.js';
import type { SparkplugRights } from '../principal.js';

export interface AclAccounts {
  readonly gateways: ReadonlyArray<{ readonly id: string; readonly enterprise: string; readonly sparkplug?: SparkplugRights }>;
  readonly services: ReadonlyArray<{ readonly id: string; readonly role: 'analytics' | 'dashboard' }>;
}

export function mosquittoAclFile(accounts: AclAccounts): string {
  const out = ['# linewatch ACL for Mosquitto (acl_file), from protocol/channels.ts', ''];
  for (const service of accounts.services) {
    out.push(`user ${service.id}`);
    for (const [channel, access] of channelAccess(service.role, false))
      out.push(`topic ${access} ${topicFor(channel, '+', '+', service.role === 'dashboard' && isOwnDashboardChannel(channel) ? service.id : '+')}`);
    out.push('');
  }
  for (const gw of accounts.gateways) {
    out.push(`user ${gw.id}`);
    for (const [channel, access] of channelAccess('own-gateway', true)) out.push(`topic ${access} ${topicFor(channel, gw.enterprise, gw.id, '+')}`);
    if (gw.sparkplug) out.push(...sparkplugLines(gw.sparkplug));
    out.push('');
  }
  return out.join('\n');
}

/** The channels a party publishes or reads, with Mosquitto's access word. */
function channelAccess(party: Party, gatewayOnly: boolean): Array<[Channel, 'read' | 'write' | 'readwrite']> {
  const rows: Array<[Channel, 'read' | 'write' | 'readwrite']> = [];
  for (const [name, spec] of Object.entries(CHANNELS) as Array<[Channel, (typeof CHANNELS)[Channel]]>) {
    if (gatewayOnly && spec.scope !== 'gateway') continue;
    const parties = (list: readonly Party[]) => list.includes(party) || (party === 'dashboard' && list.includes('own-dashboard'));
    const write = parties(spec.publishers);
    const read = parties(spec.readers);
    if (write || read) rows.push([name, write && read ? 'readwrite' : write ? 'write' : 'read']);
  }
  return rows;
}

function isOwnDashboardChannel(channel: Channel): boolean {
  const spec = CHANNELS[channel];
  return spec.publishers.includes('own-dashboard') || spec.readers.includes('own-dashboard');
}

function topicFor(channel: Channel, enterprise: string, gateway: string, service: string): string {
  const scope = CHANNELS[channel].scope;
  if (scope === 'gateway') return `${TOPIC_PREFIX}/${enterprise}/${gateway}/${channel}`;
  if (scope === 'enterprise') return `${TOPIC_PREFIX}/${channel}/${enterprise}`;
  return `${TOPIC_PREFIX}/${channel}/${service}`;
}

/** The Sparkplug rows of broker/sparkplug-acl.ts: an edge writes births, deaths and data; a host reads. */
function sparkplugLines(rights: SparkplugRights): string[] {
  const ns = SPARKPLUG_NAMESPACE;
  if (rights.role === 'host') return rights.groups.map((g) => `topic read ${ns}/${g}/#`);
  const lines: string[] = [];
  for (const g of rights.groups) {
    for (const type of NODE_MESSAGE_TYPES) lines.push(`topic write ${ns}/${g}/${type}/+`);
    for (const type of DEVICE_MESSAGE_TYPES) lines.push(`topic write ${ns}/${g}/${type}/+/+`);
    lines.push(`topic read ${ns}/${g}/NCMD/#`, `topic read ${ns}/${g}/DCMD/#`);
  }
  lines.push(`topic read ${ns}/${STATE_LEVEL}/#`);
  return lines;
}
