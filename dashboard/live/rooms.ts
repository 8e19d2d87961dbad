/**
 * Which socket.io rooms a user joins and which rooms an enterprise's events
 * go to. Tenant isolation on the live channel is decided here, from the same
 * Principal the HTTP API checks (api/principal.ts):
 *
 *   - a regulator joins `regulators`, which receives every enterprise's events;
 *   - an enterprise user joins only `enterprise:<its id>`;
 *   - an event of enterprise E goes to `regulators` and `enterprise:E`, and
 *     nowhere else.
 *
 * Rooms are joined by the server only (a socket.io client cannot join a
 * room), so a browser cannot widen what it receives.
 */
import type { Principal } from '../api/principal.js';

export const REGULATORS_ROOM = 'regulators';

export function enterpriseRoom(enterprise: string): string {
  return `enterprise:${enterprise}`;
}

/** The rooms a principal's sockets join; empty for a principal that may see nothing. */
export function roomsOf(principal: Principal): string[] {
  if (principal.role === 'regulator') return [REGULATORS_ROOM];
  return principal.enterprise === null ? [] : [enterpriseRoom(principal.enterprise)];
}

/** The rooms an event about `enterprise` is sent to. */
export function roomsFor(enterprise: string): string[] {
  return [REGULATORS_ROOM, enterpriseRoom(enterprise)];
}
