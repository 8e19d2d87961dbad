/**
 * The payload on `linewatch/v1/members/<worker>`: `{"worker":"w1","since":<ms>}`
 * while the worker is up, an empty retained message once it is gone (its
 * own goodbye, or the broker delivering its last will). The workers that
 * read it share the enterprises (analytics/cluster/README.md).
 */
export interface Presence {
  readonly worker: string;
  /** When it started, ms UTC: for operators reading the topic. */
  readonly since: number;
}

export function encodePresence(presence: Presence): string {
  return JSON.stringify(presence);
}

/** The worker is up (true), gone (false), or the payload is not a presence (a reason). */
export function decodePresence(worker: string, payload: Uint8Array | string): boolean | string {
  if (payload.length === 0) return false;
  let value: unknown;
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch {
    return `presence of ${JSON.stringify(worker)} is not JSON`;
  }
  if (typeof value !== 'object' || value === null || (value as { worker?: unknown }).worker !== worker) {
    return `presence of ${JSON.stringify(worker)} does not name the worker of its topic`;
  }
  return true;
}
