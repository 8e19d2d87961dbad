/**
 * A gateway's presence on `linewatch/v1/<enterprise>/<gateway>/status`, always
 * published retained so a subscriber learns the current state at once.
 *
 * - On connect the gateway publishes `{ "state": "online", "at": <ms> }`.
 * - In its CONNECT packet it registers a last will
 *   `{ "state": "offline", "at": <ms> }` (retained, QoS 1), which the broker
 *   publishes when the connection dies without a DISCONNECT. The will is
 *   written at connect time, so its `at` is when that session *started*; a
 *   reader that needs the moment of death uses its own receive time.
 * - On a clean shutdown the gateway publishes the offline status itself
 *   (a DISCONNECT discards the will, MQTT-3.1.2-10).
 */
import Type from 'typebox';
import { createJsonDecoder, type Decoded } from './json-decoder.js';

export const GatewayStatusSchema = Type.Object({
  state: Type.Enum(['online', 'offline']),
  /** ms UTC; see above for what it means in a last will. */
  at: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
});

export type GatewayStatus = Type.Static<typeof GatewayStatusSchema>;

const decoder = createJsonDecoder(GatewayStatusSchema);

export function decodeGatewayStatus(payload: Uint8Array | string): Decoded<GatewayStatus> {
  return decoder(payload);
}

export function encodeGatewayStatus(status: GatewayStatus): string {
  return JSON.stringify({ state: status.state, at: status.at });
}

/**
 * The MQTT.js `will` option for a gateway, ready to pass to `connect()`:
 * retained QoS 1 offline status on the gateway's own status topic.
 */
export function gatewayWill(topic: string, at: number): { topic: string; payload: Buffer; qos: 1; retain: true } {
  return { topic, payload: Buffer.from(encodeGatewayStatus({ state: 'offline', at })), qos: 1, retain: true };
}
