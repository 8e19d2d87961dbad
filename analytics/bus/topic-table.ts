import type { Channel, EnterpriseChannel, GatewayChannel } from '../../protocol/channels.js';
import type { ParsedTopic } from '../../protocol/topics.js';

/** A parsed topic of one channel: a gateway channel names its enterprise and gateway, a service channel its service. */
export type ChannelTopic<C extends Channel> = C extends GatewayChannel
  ? Extract<ParsedTopic, { scope: 'gateway' }>
  : C extends EnterpriseChannel
    ? Extract<ParsedTopic, { scope: 'enterprise' }>
    : Extract<ParsedTopic, { scope: 'service' }>;

/**
 * Handles one message of its channel, given the topic already parsed. A
 * handler that returns a promise is paced: the next message is taken only
 * while few enough are in flight (intake.ts).
 */
export type TopicHandler<C extends Channel> = (topic: ChannelTopic<C>, payload: Buffer) => void | Promise<void>;

/** What a service does with each channel it reads; a channel not listed is refused. */
export type TopicTable = { readonly [C in Channel]?: TopicHandler<C> };

/** The handler for a parsed topic, or null when the table has none for its channel. */
export function handlerFor(table: TopicTable, topic: ParsedTopic): ((payload: Buffer) => void | Promise<void>) | null {
  // The table is keyed by channel and the channel fixes the topic's scope, so the handler takes this topic: the one cast the mapped type needs.
  const handler = table[topic.channel] as TopicHandler<Channel> | undefined;
  return handler ? (payload) => handler(topic as ChannelTopic<Channel>, payload) : null;
}
