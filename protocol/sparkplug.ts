/**
 * The Sparkplug B topic namespace (Sparkplug 3.0, section 4.1):
 * `spBv1.0/<group_id>/<message_type>/<edge_node_id>[/<device_id>]`, and a
 * host application's `spBv1.0/STATE/<host_id>`. Shared by the broker's ACL
 * for Sparkplug accounts and the gateway's Sparkplug source.
 */

export const SPARKPLUG_NAMESPACE = 'spBv1.0';

/** Sent by an edge node about itself: no device level. */
export const NODE_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA'] as const;
/** Sent by an edge node about one of its devices: a device level. */
export const DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDEATH', 'DDATA'] as const;
/** Sent by a host application to an edge node or device. */
export const COMMAND_MESSAGE_TYPES = ['NCMD', 'DCMD'] as const;
/** The level after the namespace that makes a host application's STATE topic; never a group id. */
export const STATE_LEVEL = 'STATE';

export type EdgeMessageType = (typeof NODE_MESSAGE_TYPES)[number] | (typeof DEVICE_MESSAGE_TYPES)[number];

export function isNodeMessageType(type: string): type is (typeof NODE_MESSAGE_TYPES)[number] {
  return (NODE_MESSAGE_TYPES as readonly string[]).includes(type);
}

export function isDeviceMessageType(type: string): type is (typeof DEVICE_MESSAGE_TYPES)[number] {
  return (DEVICE_MESSAGE_TYPES as readonly string[]).includes(type);
}

export function isCommandMessageType(type: string): type is (typeof COMMAND_MESSAGE_TYPES)[number] {
  return (COMMAND_MESSAGE_TYPES as readonly string[]).includes(type);
}
