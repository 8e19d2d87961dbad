import { encodeAck } from '../../protocol/ack.js';
import { encodeAlertEvent } from '../../protocol/alert-event.js';
import type { BusClient } from '../../protocol/bus-client.js';
import { CHANNELS, type Channel } from '../../protocol/channels.js';
import { encodeDeadLetter } from '../../protocol/dead-letter.js';
import { encodeFindingEvent } from '../../protocol/finding-event.js';
import { encodeRiskSummary } from '../../protocol/risk-summary.js';
import { ackTopic, alertsTopic, deadLetterTopic, findingsTopic, riskTopic } from '../../protocol/topics.js';
import type { Logger } from '../../ops/logger.js';
import type { AnalyticsOutputs } from '../service/analytics-outputs.js';

/**
 * The core's outputs on the bus: each value encoded with its protocol/ codec
 * and published with its channel's QoS and retain flag (protocol/channels.ts).
 * A publish that fails is logged and dropped: an unsent ack makes the gateway
 * resend (a duplicate, counted as one), and the rest are events and states a
 * reader gets again with the next change. The service gives it the outputs
 * connection's window (output-window.ts), never the connection the batches
 * arrive on.
 */
export function busOutputs(client: Pick<BusClient, 'publishAsync'>, log: Logger): AnalyticsOutputs {
  const publish = (channel: Channel, topic: string, encode: () => string): void => {
    let payload: string;
    try {
      payload = encode();
    } catch (err) {
      // Our own value failed its codec: a bug, said where it happened rather than thrown into the ingest.
      log.error({ topic, err: (err as Error).message }, 'message not encoded; not published');
      return;
    }
    const { qos, retain } = CHANNELS[channel];
    client.publishAsync(topic, payload, { qos, retain }).catch((err: Error) => log.debug({ topic, err: err.message }, 'not published'));
  };
  return {
    ack: (enterprise, gateway, ack) => publish('ack', ackTopic(enterprise, gateway), () => encodeAck(ack)),
    deadLetter: (enterprise, gateway, letter) => publish('deadletter', deadLetterTopic(enterprise, gateway), () => encodeDeadLetter(letter)),
    alert: (event) => publish('alerts', alertsTopic(event.alert.enterprise), () => encodeAlertEvent(event)),
    finding: (event) => publish('findings', findingsTopic(event.finding.enterprise), () => encodeFindingEvent(event)),
    risk: (summary) => publish('risk', riskTopic(summary.id), () => encodeRiskSummary(summary)),
  };
}
