import type { SourceKind } from '../source-kinds.js';
import { checkSparkplugConfig, SparkplugSourceSchema, type SparkplugSourceConfig } from './sparkplug-config.js';
import { SparkplugSource } from './sparkplug-source.js';

/** `"kind": "sparkplug"`: a read-only Sparkplug B host on an MQTT broker (README.md here). */
export const SPARKPLUG_SOURCE: SourceKind<SparkplugSourceConfig> = {
  kind: 'sparkplug',
  summary: 'Sparkplug B over MQTT, read as a read-only host application (spBv1.0/<group>/#)',
  schema: SparkplugSourceSchema,
  check: checkSparkplugConfig,
  create: (config, deps) => new SparkplugSource(config, deps),
};
