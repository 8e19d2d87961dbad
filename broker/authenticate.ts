/**
 * The CONNECT decision, as a list of steps: credentials, then the client id,
 * then the last will. Independent of aedes, so it is tested without sockets.
 *
 * An unknown user name and a wrong password get the same answer on the wire
 * (CONNACK 4) and take about the same time (a decoy hash is checked), so a
 * client cannot find out which user names exist; the broker's own counters
 * and logs tell them apart.
 */
import { randomBytes } from 'node:crypto';
import { ownsClientId, CLIENT_ID_RULE } from '../protocol/client-id.js';
import { hashPassword, parsePasswordHash } from '../security/password.js';
import type { PasswordVerifier } from '../security/password-verifier.js';
import { checkPublish, type AclLimits } from './acl.js';
import type { BrokerAccount } from './accounts.js';
import type { Principal } from './principal.js';
import type { RefusalCode } from './refusals.js';

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3) used here. */
export const CONNACK = Object.freeze({ identifierRejected: 2, badUserNameOrPassword: 4, notAuthorized: 5 } as const);
export type ConnackRefusal = (typeof CONNACK)[keyof typeof CONNACK];

export interface ConnectRequest {
  readonly clientId: string;
  readonly username?: string;
  readonly password?: Uint8Array;
  readonly will?: { readonly topic: string; readonly retain: boolean; readonly payloadBytes: number } | null;
}

export type ConnectVerdict =
  | { readonly ok: true; readonly username: string; readonly principal: Principal }
  | { readonly ok: false; readonly code: RefusalCode; readonly reason: string; readonly returnCode: ConnackRefusal };

export interface AuthenticatorOptions {
  readonly verifier: PasswordVerifier;
  readonly acl: AclLimits;
  readonly maxPayloadBytes: number;
}

export type Authenticator = (request: ConnectRequest) => Promise<ConnectVerdict>;

export function createAuthenticator(accounts: readonly BrokerAccount[], options: AuthenticatorOptions): Authenticator {
  const byName = new Map(accounts.map((a) => [a.username, a]));
  let decoy: Promise<string> | undefined;
  // The decoy costs what a real account costs, so timing does not tell a missing user from a wrong password.
  const decoyHash = () => (decoy ??= hashPassword(randomBytes(16), costOf(accounts[0]?.passwordHash)));

  return async function authenticate(request) {
    const { username, password } = request;
    if (!username || !password) {
      return refuse('missing-credentials', `CONNECT without ${!username ? 'a user name' : 'a password'}`, CONNACK.badUserNameOrPassword);
    }
    const account = byName.get(username);
    if (!account) {
      await options.verifier.verify(password, await decoyHash());
      return refuse('unknown-user', `no account named ${JSON.stringify(username.slice(0, 80))}`, CONNACK.badUserNameOrPassword);
    }
    if (!(await options.verifier.verify(password, account.passwordHash))) {
      return refuse('bad-password', `wrong password for ${JSON.stringify(username)}`, CONNACK.badUserNameOrPassword);
    }
    if (!ownsClientId(username, request.clientId)) {
      return refuse('client-id-not-owned', `client id ${JSON.stringify(request.clientId.slice(0, 80))} of ${JSON.stringify(username)} must be ${CLIENT_ID_RULE}`, CONNACK.identifierRejected);
    }
    if (request.will) {
      const verdict = checkPublish(account.principal, request.will, options.acl);
      if (!verdict.allowed) return refuse('will-not-permitted', `last will refused: ${verdict.reason}`, CONNACK.notAuthorized);
      if (request.will.payloadBytes > options.maxPayloadBytes) {
        return refuse('will-not-permitted', `last will payload is ${request.will.payloadBytes} bytes; the limit is ${options.maxPayloadBytes}`, CONNACK.notAuthorized);
      }
    }
    return { ok: true, username, principal: account.principal };
  };
}

function costOf(encoded: string | undefined): { N?: number; r?: number; p?: number } {
  const parsed = encoded === undefined ? undefined : parsePasswordHash(encoded);
  return parsed?.ok ? { N: parsed.value.N, r: parsed.value.r, p: parsed.value.p } : {};
}

function refuse(code: RefusalCode, reason: string, returnCode: ConnackRefusal): ConnectVerdict {
  return { ok: false, code, reason, returnCode };
}
