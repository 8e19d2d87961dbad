/**
 * An in-process BusClient for unit tests of a service's send logic: it
 * records what the service publishes and subscribes to, and lets the test
 * connect, disconnect and deliver messages. No broker: the real-broker tests
 * prove the wire; this proves what is sent when.
 */
import { EventEmitter } from 'node:events';
import type { BusClient, BusMessage, BusPublishOptions, BusQos } from '../../protocol/bus-client.js';

export interface RecordedPublish {
  readonly topic: string;
  readonly payload: string;
  readonly options: BusPublishOptions;
}

export class RecordingBus implements BusClient {
  connected = false;
  ended = false;
  readonly published: RecordedPublish[] = [];
  readonly subscriptions: string[] = [];
  private readonly events = new EventEmitter();

  async publishAsync(topic: string, payload: string | Buffer, options: BusPublishOptions): Promise<unknown> {
    this.published.push({ topic, payload: payload.toString(), options });
    return undefined;
  }

  async subscribeAsync(filters: string | string[], _options: { qos: BusQos }): Promise<unknown> {
    this.subscriptions.push(...(Array.isArray(filters) ? filters : [filters]));
    return undefined;
  }

  async unsubscribeAsync(filters: string | string[]): Promise<unknown> {
    for (const f of Array.isArray(filters) ? filters : [filters]) this.subscriptions.splice(this.subscriptions.indexOf(f) >>> 0, 1);
    return undefined;
  }

  async endAsync(): Promise<void> {
    this.ended = true;
    this.disconnect();
  }

  on(event: string, listener: (...args: never[]) => void): this {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void): this {
    this.events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** The broker accepted the connection. */
  connect(): void {
    this.connected = true;
    this.events.emit('connect');
  }

  /** The connection dropped. */
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.events.emit('close');
  }

  /** A message arrives on a topic the client subscribed to. */
  deliver(topic: string, payload: string): void {
    const packet: BusMessage = { topic, payload: Buffer.from(payload) };
    this.events.emit('message', topic, packet.payload, packet);
  }

  /** What was published on `topic`, oldest first. */
  publishedOn(topic: string): RecordedPublish[] {
    return this.published.filter((p) => p.topic === topic);
  }
}
