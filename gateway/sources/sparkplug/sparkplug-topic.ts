/**
 * Sparkplug B topics (Sparkplug 3.0, section 4.1): `spBv1.0/<group_id>/<message_type>/<edge_node_id>[/<device_id>]`,
 * and a host application's `spBv1.0/STATE/<host_id>`. Pure; never throws.
 */

export const SPARKPLUG_NAMESPACE = 'spBv1.0';

/** Message types an edge node sends: node-level ones have no device level, device-level ones need one. */
export const NODE_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA'] as const;
export const DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDEATH', 'DDATA'] as const;
/** Commands a host sends to edge nodes; a read-only host never sends them, and ignores other hosts' ones. */
export const COMMAND_MESSAGE_TYPES = ['NCMD', 'DCMD'] as const;

export type EdgeMessageType = (typeof NODE_MESSAGE_TYPES)[number] | (typeof DEVICE_MESSAGE_TYPES)[number];

export type SparkplugTopic =
  | { readonly kind: 'edge'; readonly type: EdgeMessageType; readonly group: string; readonly edgeNode: string; readonly device?: string }
  /** NCMD/DCMD of another host, or STATE: not data, not an error. */
  | { readonly kind: 'other'; readonly what: string };

export type TopicResult = { readonly ok: true; readonly topic: SparkplugTopic } | { readonly ok: false; readonly reason: string };

export function parseSparkplugTopic(topic: string): TopicResult {
  const levels = topic.split('/');
  if (levels[0] !== SPARKPLUG_NAMESPACE) return bad(`not a Sparkplug B topic (it does not start with '${SPARKPLUG_NAMESPACE}/')`);
  if (levels[1] === 'STATE') return { ok: true, topic: { kind: 'other', what: 'STATE' } };
  const [, group, type, edgeNode, device, ...rest] = levels;
  if (!group || !type || !edgeNode) return bad(`a Sparkplug topic needs ${SPARKPLUG_NAMESPACE}/<group>/<message type>/<edge node>`);
  if ((COMMAND_MESSAGE_TYPES as readonly string[]).includes(type)) return { ok: true, topic: { kind: 'other', what: type } };
  if (rest.length > 0) return bad('too many topic levels');
  if ((NODE_MESSAGE_TYPES as readonly string[]).includes(type)) {
    if (device !== undefined) return bad(`${type} has no device level`);
    return { ok: true, topic: { kind: 'edge', type: type as EdgeMessageType, group, edgeNode } };
  }
  if ((DEVICE_MESSAGE_TYPES as readonly string[]).includes(type)) {
    if (!device) return bad(`${type} needs a device level`);
    return { ok: true, topic: { kind: 'edge', type: type as EdgeMessageType, group, edgeNode, device } };
  }
  return bad(`unknown message type ${JSON.stringify(type)}`);
}

function bad(reason: string): TopicResult {
  return { ok: false, reason };
}
