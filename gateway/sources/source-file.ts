import { ConfigError } from '../../config/config-error.js';
import { loadJsonDocument, parseJsonText, readDocumentText } from '../../config/json-document.js';
import type { GatewaySource, SourceDeps } from './gateway-source.js';
import { SOURCE_KINDS, type SourceKind } from './source-kinds.js';

/**
 * Reads a gateway's source file (`linewatch gateway --source FILE`) and
 * builds its source. The file's `kind` picks the schema; every problem is
 * reported at once with its path, as for the configuration file.
 */
export async function sourceFromFile(file: string, deps: SourceDeps): Promise<GatewaySource> {
  const kind = kindOf(parseJsonText(await readDocumentText(file, 'the source file'), file), file);
  const config = await loadJsonDocument<never>(file, 'the source file', kind.schema, kind.check?.bind(kind));
  return kind.create(config, deps);
}

function kindOf(json: unknown, file: string): SourceKind<never> {
  const names = SOURCE_KINDS.map((k) => k.kind);
  const kind = json !== null && typeof json === 'object' ? (json as { kind?: unknown }).kind : undefined;
  const found = SOURCE_KINDS.find((k) => k.kind === kind);
  if (found) return found;
  const got = kind === undefined ? 'none' : JSON.stringify(kind);
  throw new ConfigError('LW_CONFIG_INVALID', file, [{ path: 'kind', message: `expected the source kind, one of ${names.join(', ') || '(none built in)'}, got ${got}` }]);
}
