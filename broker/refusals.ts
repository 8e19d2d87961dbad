/**
 * Every reason the broker refuses something, with a stable code. Codes label
 * the refusal counters and log lines; protocol/README.md documents each one
 * (a test keeps the two in step).
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';
export const REFUSALS = Object.freeze({
  // CONNECT
  'missing-credentials': 'CONNECT without a user name or password',
  'unknown-user': 'no account has this user name (the client is told only "bad user name or password")',
  'bad-password': 'the password does not match the account (the client is told only "bad user name or password")',
  'client-id-not-owned': 'the client id is not the user name or "<user name>:<instance>"',
  'will-not-permitted': 'the last will names a topic the account may not publish to',
  'too-many-connections': 'a gateway account already has as many sessions as the broker allows one gateway (CONNACK 3)',
  // PUBLISH and SUBSCRIBE
  'topic-too-long': 'the topic or filter is longer than the broker allows',
  'reserved-topic': "topics starting with '$' belong to the broker",
  'wildcard-in-topic': "a PUBLISH topic contains '+' or '#'",
  'outside-namespace': "the topic is not under 'linewatch/v1/' (nor under 'spBv1.0/' for an account with Sparkplug rights)",
  'malformed-topic': 'the topic does not follow the linewatch topic layout',
  'foreign-enterprise': "a gateway named another enterprise's topic",
  'foreign-gateway': "a gateway named another gateway's topic of its own enterprise",
  'foreign-sparkplug-group': 'a Sparkplug topic or filter of a group the account is not granted (gateways[].sparkplug.groups)',
  'channel-not-permitted': 'the account may not publish (or read) this channel',
  'retain-not-permitted': 'the retain flag on a channel that is not retained',
  'filter-too-broad': 'a subscription filter would match topics the account may not read',
  'payload-too-large': 'the PUBLISH payload is larger than the broker allows',
  'delivery-not-permitted': 'a message was about to reach a client that may not read it (a safety net; should stay at 0)',
  // Transport
  'packet-too-large': 'an MQTT packet larger than the broker accepts (the connection is cut before it is buffered)',
  'protocol-violation': 'aedes refused a malformed packet',
  'connect-timeout': 'a connection sent no complete CONNECT in time (a silent or slow-loris client)',
  'server-full': 'a connection arrived while the broker had its most connections; it was closed unread',
});

export type RefusalCode = keyof typeof REFUSALS;

export const REFUSAL_CODES = Object.freeze(Object.keys(REFUSALS) as RefusalCode[]);

/**
 * The error given to aedes to refuse a CONNECT or a PUBLISH. aedes closes
 * the connection on either (MQTT 3.1.1 has no negative PUBACK) and reports
 * the error as a client error; the class lets the broker's error listener
 * tell its own refusals, already counted, from everything else.
 */
export class RefusalError extends LinewatchError<'LW_BROKER_REFUSED'> {
  constructor(
    /** Which refusal; the refusal counters and log lines are labelled with it. */
    readonly refusal: RefusalCode,
    reason: string,
    /** For a refused CONNECT: the CONNACK return code aedes sends. */
    readonly returnCode?: number,
  ) {
    super('LW_BROKER_REFUSED', reason);
    this.name = 'RefusalError';
  }
}
