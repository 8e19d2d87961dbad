/**
 * The gateway's public entry: what the CLI, the embedded stack and the tests
 * of whole services use. Everything else in this folder is internal.
 */
export {
  connectBus,
  connectGateway,
  gatewayFromConfig,
  type GatewayConfig,
  type GatewayConnectOptions,
  type GatewayOverrides,
  type GatewayReadiness,
  type GatewayRuntime,
  OutboxOpenError,
} from './from-config.js';
export { GatewayService, type GatewayDeps, type GatewaySettings, type GatewayStats } from './gateway-service.js';
export { registerGatewayMetrics } from './metrics.js';
export { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from './options.js';
export { FileOutbox, type FileOutboxOptions } from './outbox/file-outbox.js';
export { MemoryOutbox } from './outbox/memory-outbox.js';
export type { FullPolicy, Outbox, OutboxStats } from './outbox/outbox.js';
export { newReplayProgress, replayCsv, type ReplayOptions, type ReplayProgress, type ReplayResult } from './replay.js';
export { readCsvPoints } from './sources/csv-source.js';
export type { GatewayEntry, SourcePoint } from './sources/source-point.js';
export type { BadReadingReason, GatewaySource, SourceDeps, SourceSink } from './sources/gateway-source.js';
export type { SourceEvent } from './sources/source-event.js';
export { sourceFromFile } from './sources/source-file.js';
export { SOURCE_KINDS } from './sources/source-kinds.js';
export { SourceRunner, type SourceStats } from './source-runner.js';
export { registerSourceMetrics } from './source-metrics.js';
export { StdinSource } from './sources/stdin-source.js';
export { parseStdinLine } from './sources/stdin-lines.js';
export * as opcua from './sources/opcua/index.js';
