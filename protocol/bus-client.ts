/**
 * The part of an MQTT client the services use, as an interface: a service's
 * bus adapter is given one (MQTT.js's MqttClient satisfies it as it is), so
 * its send and receive logic can be tested with an in-process client and the
 * real broker tests stay what proves the wire.
 */

export type BusQos = 0 | 1 | 2;

export interface BusPublishOptions {
  readonly qos: BusQos;
  readonly retain?: boolean;
}

/** One received message, as MQTT.js hands it to a 'message' listener. */
export interface BusMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain?: boolean;
}

/** What the broker said on (re)connecting: whether it kept this client's session and its queued messages. */
export interface BusConnack {
  readonly sessionPresent: boolean;
}

export interface BusClient {
  readonly connected: boolean;
  publishAsync(topic: string, payload: string | Buffer, options: BusPublishOptions): Promise<unknown>;
  subscribeAsync(filters: string | string[], options: { qos: BusQos }): Promise<unknown>;
  unsubscribeAsync(filters: string | string[]): Promise<unknown>;
  endAsync(force?: boolean): Promise<void>;
  on(event: 'message', listener: (topic: string, payload: Buffer, packet: BusMessage) => void): this;
  on(event: 'connect', listener: (connack: BusConnack) => void): this;
  on(event: 'close' | 'offline' | 'reconnect', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  off(event: string, listener: (...args: never[]) => void): this;
}
