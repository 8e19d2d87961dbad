/**
 * Parses the topic of a message a Sparkplug host receives (protocol/sparkplug.ts
 * has the layout). Pure; never throws.
 */
import { isCommandMessageType, isDeviceMessageType, isNodeMessageType, SPARKPLUG_NAMESPACE, STATE_LEVEL, type EdgeMessageType } from '../../../protocol/sparkplug.js';

export type SparkplugTopic =
  | { readonly kind: 'edge'; readonly type: EdgeMessageType; readonly group: string; readonly edgeNode: string; readonly device?: string }
  /** NCMD/DCMD of another host, or STATE: not data, not an error. */
  | { readonly kind: 'other'; readonly what: string };

export type TopicResult = { readonly ok: true; readonly topic: SparkplugTopic } | { readonly ok: false; readonly reason: string };

export function parseSparkplugTopic(topic: string): TopicResult {
  const levels = topic.split('/');
  if (levels[0] !== SPARKPLUG_NAMESPACE) return bad(`not a Sparkplug B topic (it does not start with '${SPARKPLUG_NAMESPACE}/')`);
  if (levels[1] === STATE_LEVEL) return { ok: true, topic: { kind: 'other', what: STATE_LEVEL } };
  const [, group, type, edgeNode, device, ...rest] = levels;
  if (!group || !type || !edgeNode) return bad(`a Sparkplug topic needs ${SPARKPLUG_NAMESPACE}/<group>/<message type>/<edge node>`);
  if (isCommandMessageType(type)) return { ok: true, topic: { kind: 'other', what: type } };
  if (rest.length > 0) return bad('too many topic levels');
  if (isNodeMessageType(type)) {
    if (device !== undefined) return bad(`${type} has no device level`);
    return { ok: true, topic: { kind: 'edge', type, group, edgeNode } };
  }
  if (isDeviceMessageType(type)) {
    if (!device) return bad(`${type} needs a device level`);
    return { ok: true, topic: { kind: 'edge', type, group, edgeNode, device } };
  }
  return bad(`unknown message type ${JSON.stringify(type)}`);
}

function bad(reason: string): TopicResult {
  return { ok: false, reason };
}
