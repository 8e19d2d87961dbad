import type { TSchema } from 'typebox';
import type { ConfigProblem } from '../../config/config-error.js';
import type { GatewaySource, SourceDeps } from './gateway-source.js';
import { MODBUS_SOURCE_KIND } from './modbus/modbus-kind.js';
import { TELEGRAM_SOURCE_KIND } from './telegram/telegram-source.js';
import { OPCUA_SOURCE } from './opcua/opcua-source.js';
import { SPARKPLUG_SOURCE } from './sparkplug/sparkplug-kind.js';

/**
 * One kind of gateway source: the schema of its source file (which carries
 * `"kind": "<kind>"`), optional cross-field checks, and how to build it.
 * Every kind lives in its own folder with a README and a sample file.
 */
export interface SourceKind<C = unknown> {
  readonly kind: string;
  /** One line for `linewatch gateway --help`. */
  readonly summary: string;
  readonly schema: TSchema;
  /** Rules the schema cannot say (node ids unique, a word order given for 32-bit types...). */
  check?(config: C): ConfigProblem[];
  create(config: C, deps: SourceDeps): GatewaySource;
}

/** The kinds a source file may name. Each source folder adds its entry here. */
export const SOURCE_KINDS: readonly SourceKind<never>[] = [OPCUA_SOURCE, MODBUS_SOURCE_KIND, TELEGRAM_SOURCE_KIND, SPARKPLUG_SOURCE];
