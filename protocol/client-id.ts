/**
 * MQTT client ids in linewatch: `<user name>` or `<user name>:<instance>`.
 *
 * A broker closes an existing session when a new connection brings the same
 * client id (MQTT-3.1.4-2). If any authenticated client could pick any id, a
 * gateway of one enterprise could knock the analytics service, or another
 * enterprise's gateway, off the bus just by reusing its id. Tying the id to
 * the user name leaves each account able to replace only its own sessions;
 * the instance suffix lets one account run several connections (analytics
 * workers, a gateway and its test tool, the analytics service's outputs).
 * An instance is long enough for any id (64 characters) with `.outputs`.
 */
const INSTANCE = /^[A-Za-z0-9_.-]{1,72}$/;
export const CLIENT_ID_RULE = "the user name, or the user name, ':' and an instance name of 1 to 72 letters, digits, '.', '_' or '-'";

export function clientIdFor(username: string, instance?: string): string {
  return instance === undefined ? username : `${username}:${instance}`;
}

/**
 * The client id of a service's outputs connection (analytics/bus/output-window.ts),
 * made from its intake's: `<user>:<instance>.outputs`, or `<user>:.outputs`
 * when the intake is `<user>`. No id (protocol/ids.ts) has a '.', so it is
 * never another worker's intake id, and the two connections never replace
 * each other's session.
 */
export function outputsClientId(intakeClientId: string): string {
  return intakeClientId.includes(':') ? `${intakeClientId}.outputs` : `${intakeClientId}:.outputs`;
}

/** Whether an account may use this client id. */
export function ownsClientId(username: string, clientId: string): boolean {
  if (clientId === username) return true;
  if (!clientId.startsWith(`${username}:`)) return false;
  return INSTANCE.test(clientId.slice(username.length + 1));
}
