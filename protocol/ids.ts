import { ENTERPRISE_CHANNELS } from './channels.js';
/**
 * Syntax of the ids that appear in topics and series keys: enterprise,
 * gateway and line ids. One id is exactly one MQTT topic level, so it must
 * not contain the level separator `/`, the wildcards `+` and `#`, or start
 * with `$` (MQTT-4.7.2-1 reserves those topics for the broker); keeping to
 * letters, digits, `_` and `-` also makes ids safe in URLs, file names and
 * InfluxDB tags without escaping.
 */
export const ID_PATTERN_SOURCE = '^[A-Za-z0-9_-]{1,64}$';
export const ID_MAX_LENGTH = 64; // characters
/** How the id syntax reads in an error message ("expected ..."). */
export const ID_SYNTAX_TEXT = "an id of 1 to 64 letters, digits, '_' or '-'";

const ID = new RegExp(ID_PATTERN_SOURCE);

/** Product ids never appear in topics, so they may carry the '.' of a cross-section ("BV-1.5"). */
export const PRODUCT_ID_PATTERN_SOURCE = '^[A-Za-z0-9_.-]{1,64}$';
export const PRODUCT_ID_SYNTAX_TEXT = "a product id of 1 to 64 letters, digits, '.', '_' or '-'";

/** `service`: a service's id from the configuration, which names its own command and reply topics. */
export type IdKind = 'enterprise' | 'gateway' | 'line' | 'service';

/**
 * Enterprise ids that would make `linewatch/v1/<enterprise>/...` look like an
 * enterprise-level channel (`linewatch/v1/alerts/<enterprise>`). Refusing them
 * keeps every topic readable one way only, and keeps a subscription to
 * `linewatch/v1/alerts/+` from ever meaning something else.
 */
export const RESERVED_ENTERPRISE_IDS: readonly string[] = Object.freeze([...ENTERPRISE_CHANNELS]);

export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id);
}

/** Why `id` is not a valid id of this kind, or null when it is. */
export function idProblem(kind: IdKind, id: unknown): string | null {
  if (typeof id !== 'string') return `${kind} id must be a string`;
  if (id.length === 0) return `${kind} id is empty`;
  if (id.length > ID_MAX_LENGTH) return `${kind} id is ${id.length} characters long; the limit is ${ID_MAX_LENGTH}`;
  if (!ID.test(id)) {
    const bad = [...id].find((c) => !/[A-Za-z0-9_-]/.test(c)) ?? '?';
    return `${kind} id ${quote(id)} contains ${quote(bad)}; only letters, digits, '_' and '-' are allowed`;
  }
  if (kind === 'enterprise' && RESERVED_ENTERPRISE_IDS.includes(id)) {
    return `enterprise id ${quote(id)} is reserved (it names a channel: linewatch/v1/${id}/<enterprise>)`;
  }
  return null;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

/** Reel (or lot) ids: as product ids, since makers number reels with dots and dashes ('R26.0301-017'). */
export const REEL_ID_PATTERN_SOURCE = '^[A-Za-z0-9_.-]{1,64}$';
export const REEL_ID_SYNTAX_TEXT = "a reel id of 1 to 64 letters, digits, '.', '_' or '-'";
