/**
 * What an aedes client error means. aedes reports three kinds through the
 * same event: refusals of linewatch's own hooks (RefusalError, already
 * counted), packets aedes refuses by itself before any hook runs (a '+' in a
 * PUBLISH topic, too many levels, a malformed packet), and ordinary ends of
 * connections (reset, keep-alive timeout). Only the second kind is classified
 * here; aedes gives no codes, so its messages are matched.
 */
import { RefusalError, type RefusalCode } from './refusals.js';

export type ClientErrorKind =
  | { readonly kind: 'counted' }
  | { readonly kind: 'refusal'; readonly code: RefusalCode; readonly action: 'publish' | 'subscribe' | 'transport' }
  | { readonly kind: 'connection' };

const AEDES_REFUSALS: readonly [RegExp, RefusalCode, 'publish' | 'subscribe' | 'transport'][] = [
  [/^[#+] is not allowed in PUBLISH/, 'wildcard-in-topic', 'publish'],
  [/^empty topic not allowed in PUBLISH/, 'malformed-topic', 'publish'],
  [/only allowed in (SUBSCRIBE|UNSUBSCRIBE)|impossible to (SUBSCRIBE|UNSUBSCRIBE)/, 'malformed-topic', 'subscribe'],
  [/^topic has too many levels/, 'malformed-topic', 'transport'],
  [/^maxInflightInbound exceeded/, 'protocol-violation', 'transport'],
  // aedes' connectTimeout: the socket opened but its CONNECT never completed (slow loris).
  [/^connect did not arrive in time/, 'connect-timeout', 'transport'],
  // mqtt-packet's parser errors.
  [/^(Invalid|Cannot parse|Packet too short|Malformed|Not supported|Unknown command|Protocol)/i, 'protocol-violation', 'transport'],
];

export function classifyClientError(err: Error): ClientErrorKind {
  if (err instanceof RefusalError) return { kind: 'counted' };
  for (const [pattern, code, action] of AEDES_REFUSALS) {
    if (pattern.test(err.message)) return { kind: 'refusal', code, action };
  }
  return { kind: 'connection' };
}
