/**
 * MQTT client ids in linewatch: `<user name>` or `<user name>:<instance>`.
 *
 * A broker closes an existing session when a new connection brings the same
 * client id (MQTT-3.1.4-2). If any authenticated client could pick any id, a
 * gateway of one enterprise could knock the analytics service, or another
 * enterprise's gateway, off the bus just by reusing its id. Tying the id to
 * the user name leaves each account able to replace only its own sessions;
 * the instance suffix lets one account run several connections (analytics
 * workers, a gateway and its test tool).
 */
const INSTANCE = /^[A-Za-z0-9_.-]{1,64}$/;
export const CLIENT_ID_RULE = "the user name, or the user name, ':' and an instance name of 1 to 64 letters, digits, '.', '_' or '-'";

export function clientIdFor(username: string, instance?: string): string {
  return instance === undefined ? username : `${username}:${instance}`;
}

/** Whether an account may use this client id. */
export function ownsClientId(username: string, clientId: string): boolean {
  if (clientId === username) return true;
  if (!clientId.startsWith(`${username}:`)) return false;
  return INSTANCE.test(clientId.slice(username.length + 1));
}
