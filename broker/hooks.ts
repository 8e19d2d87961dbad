/**
 * The aedes hooks of the linewatch broker. Each one asks a pure decision
 * (authenticate.ts, acl.ts) and, when the answer is no, counts and logs the
 * refusal before answering aedes:
 *
 * - CONNECT refused: CONNACK with the return code, then aedes closes.
 * - SUBSCRIBE refused: SUBACK 0x80 for that filter; the connection stays up.
 * - PUBLISH refused: the connection is closed. MQTT 3.1.1 has no negative
 *   PUBACK; MQTT-3.3.5-2 lets a server either acknowledge and drop, or close.
 *   Closing is chosen because a silent drop would make a gateway delete from
 *   its outbox data that was never stored, and because a disconnect (and the
 *   gateway's offline will) is something an operator notices. aedes closes
 *   the connection whenever authorizePublish answers with an error.
 */
import type { Socket } from 'node:net';
import type { AedesOptions, Client } from 'aedes';
import { parseTopic } from '../protocol/topics.js';
import { checkPublish, checkReceive, checkSubscribe, type AclLimits } from './acl.js';
import type { Authenticator, ConnectRequest } from './authenticate.js';
import type { ConnectionQuota } from './connection-quota.js';
import type { Principal } from './principal.js';
import type { Refusal, RefusalLog } from './refusal-log.js';
import { RefusalError } from './refusals.js';
import { VerdictCache } from './verdict-cache.js';

export interface Session {
  readonly username: string;
  readonly principal: Principal;
}

export interface HookContext {
  readonly authenticate: Authenticator;
  readonly acl: AclLimits;
  readonly maxPayloadBytes: number;
  readonly refusals: RefusalLog;
  /** Sessions per gateway account (connection-quota.ts). */
  readonly quota: ConnectionQuota;
  /** Who each authenticated client is; weak, so a closed client takes its entry with it. */
  readonly sessions: WeakMap<Client, Session>;
}

type Hooks = Required<Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>>;

export function createHooks(ctx: HookContext): Hooks {
  // aedes hands the will to preConnect only; authenticate needs it to refuse a forbidden one.
  const wills = new WeakMap<Client, ConnectRequest['will']>();
  // Per session, the verdicts already given: the ACL runs once per topic, not once per message.
  // Retained and plain publishes apart, so the topic itself is the key (no string built per message).
  const published = new WeakMap<Client, VerdictCache>();
  const publishedRetained = new WeakMap<Client, VerdictCache>();
  const forwarded = new WeakMap<Client, VerdictCache>();
  const cacheOf = (caches: WeakMap<Client, VerdictCache>, client: Client): VerdictCache => {
    let cache = caches.get(client);
    if (!cache) caches.set(client, (cache = new VerdictCache()));
    return cache;
  };

  const record = (client: Client | null, refusal: Omit<Refusal, 'clientId' | 'username' | 'remoteAddress'>) => {
    const session = client ? ctx.sessions.get(client) : undefined;
    ctx.refusals.record({
      ...refusal,
      ...(client?.id ? { clientId: client.id } : {}),
      ...(session ? { username: session.username } : {}),
      ...(client ? { remoteAddress: (client.conn as Socket).remoteAddress } : {}),
    });
  };

  return {
    preConnect(client, packet, callback) {
      const will = packet.will;
      wills.set(client, will ? { topic: will.topic, retain: will.retain === true, payloadBytes: Buffer.byteLength(will.payload ?? '') } : null);
      callback(null, true);
    },

    authenticate(client, username, password, done) {
      const request: ConnectRequest = { clientId: client.id, username, password, will: wills.get(client) ?? null };
      wills.delete(client);
      ctx.authenticate(request).then(
        (verdict) => {
          if (verdict.ok) {
            // Checked after the password, so a stranger cannot use up a gateway's sessions by naming it.
            const quota = verdict.principal.kind === 'gateway' ? ctx.quota.admit(verdict.username, client) : ({ ok: true } as const);
            if (!quota.ok) {
              const reason = `gateway ${JSON.stringify(verdict.username)} already has ${quota.held} sessions; the limit is ${ctx.quota.perAccount} per gateway`;
              record(client, { code: 'too-many-connections', reason, action: 'connect', ...{ username: verdict.username } });
              // CONNACK 3 (server unavailable): the client retries later, when a session has ended.
              done(new RefusalError('too-many-connections', reason, 3) as RefusalError & { returnCode: number }, false);
              return;
            }
            ctx.sessions.set(client, { username: verdict.username, principal: verdict.principal });
            done(null, true);
            return;
          }
          record(client, { code: verdict.code, reason: verdict.reason, action: 'connect', ...(username ? { username } : {}) });
          done(new RefusalError(verdict.code, verdict.reason, verdict.returnCode) as RefusalError & { returnCode: number }, false);
        },
        (err: Error) => {
          // Not a refusal but a failure (scrypt could not run): answer "server unavailable" so the client retries.
          done(Object.assign(new Error(`authentication failed: ${err.message}`), { returnCode: 3 }), false);
        },
      );
    },

    authorizePublish(client, packet, callback) {
      if (client === null) {
        // A will left by a session of a broker that is gone (clustered persistence);
        // it was checked at that CONNECT, so only its shape is checked again.
        const parsed = parseTopic(packet.topic);
        callback(parsed.ok && parsed.topic.channel === 'status' ? null : new RefusalError('malformed-topic', 'orphaned will outside a status topic'));
        return;
      }
      const session = ctx.sessions.get(client);
      const topic = packet.topic;
      if (!session) {
        // aedes authorises only authenticated clients; refuse rather than assume.
        callback(new RefusalError('channel-not-permitted', 'publish from a client that is not authenticated'));
        return;
      }
      const payloadBytes = packet.payload === undefined ? 0 : Buffer.byteLength(packet.payload);
      if (payloadBytes > ctx.maxPayloadBytes) {
        const reason = `payload is ${payloadBytes} bytes; the limit is ${ctx.maxPayloadBytes}`;
        record(client, { code: 'payload-too-large', reason, action: 'publish', topic: clip(topic) });
        callback(new RefusalError('payload-too-large', reason));
        return;
      }
      const retain = packet.retain === true;
      const verdict = cacheOf(retain ? publishedRetained : published, client).get(topic, () => checkPublish(session.principal, { topic, retain }, ctx.acl));
      if (verdict.allowed) {
        callback(null);
        return;
      }
      record(client, { code: verdict.code, reason: verdict.reason, action: 'publish', topic: clip(topic) });
      callback(new RefusalError(verdict.code, verdict.reason));
    },

    authorizeSubscribe(client, subscription, callback) {
      const session = ctx.sessions.get(client);
      const verdict = session ? checkSubscribe(session.principal, subscription.topic, ctx.acl) : ({ allowed: false, code: 'channel-not-permitted', reason: 'not authenticated' } as const);
      if (verdict.allowed) {
        callback(null, subscription);
        return;
      }
      record(client, { code: verdict.code, reason: verdict.reason, action: 'subscribe', topic: clip(subscription.topic) });
      // A null subscription is answered with SUBACK 0x80 for this filter alone.
      callback(null, null);
    },

    authorizeForward(client, packet) {
      const session = ctx.sessions.get(client);
      if (!session) return null;
      const verdict = cacheOf(forwarded, client).get(packet.topic, () => checkReceive(session.principal, packet.topic, ctx.acl));
      if (verdict.allowed) return packet;
      record(client, { code: 'delivery-not-permitted', reason: verdict.reason, action: 'deliver', topic: clip(packet.topic) });
      return null;
    },
  };
}

/** Topics in log lines are cut short: a refused topic may be the 64 KiB an attacker sent. */
function clip(topic: string): string {
  return topic.length > 200 ? `${topic.slice(0, 200)}... (${topic.length} characters)` : topic;
}
