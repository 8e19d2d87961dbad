import type { Logger } from '../../ops/logger.js';
import type { SourceEvent } from './source-event.js';

/**
 * Why something a source read could not become a reading. Each is counted
 * per source (`linewatch_gateway_source_bad_total{reason}`) and logged with
 * its detail at most once a second; none stops the gateway.
 */
export const BAD_READING_REASONS = [
  /** A telegram or frame that cannot be split or whose field is not a number. */
  'unparsable',
  /** A register or node read failed (timeout, exception code, closed socket). */
  'read-error',
  /** The source said the value is bad (an OPC UA status code other than Good). */
  'bad-status',
  /** A value the source sent again with a timestamp not newer than the last (a re-subscription's initial value). */
  'repeated',
  /** Data for a node, register, field or metric the source's map does not name. */
  'unmapped',
  /** A protocol-level inconsistency: a Sparkplug sequence gap, data before a birth. */
  'protocol',
] as const;

export type BadReadingReason = (typeof BAD_READING_REASONS)[number];

/** Where a source puts what it read. Owned by the gateway; a source only calls it. */
export interface SourceSink {
  /**
   * Takes events in the order read. Resolves once they are in the gateway's
   * open batch (or durable, when they closed a full one): a source that awaits
   * it is held back by a full outbox instead of queueing without bound.
   * Never rejects.
   */
  take(events: readonly SourceEvent[]): Promise<void>;
  /** Counts (and logs, rate-limited) something read that could not become a reading. */
  bad(reason: BadReadingReason, detail: string): void;
  /** The source's connection to its device or server is up (true) or down (false); shown on /readyz. */
  connected(up: boolean): void;
}

export interface SourceDeps {
  readonly log: Logger;
  /** ms UTC; tests pass a clock, sources use it for read times. */
  readonly clock?: () => number;
}

/**
 * A gateway source: connects to its device or server in the background,
 * reconnects with back-off on its own, and reports through the sink. `stop`
 * closes its connections and resolves once no more events will come.
 */
export interface GatewaySource {
  /** The source kind, as in its configuration (`opcua`, `modbus`, `telegram`, `sparkplug`). */
  readonly kind: string;
  start(sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
}
