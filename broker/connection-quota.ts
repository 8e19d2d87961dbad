/**
 * How many sessions each gateway account holds, so one gateway's credentials
 * (a stolen password, a gateway stuck in a reconnect loop with new instance
 * ids) cannot take a broker's connections from everybody else.
 *
 * A session counts from its accepted CONNECT until its socket closes. A
 * CONNECT that reuses the client id of a live session is a takeover (aedes
 * ends the old one, MQTT-3.1.4-2), so it is always admitted: a gateway that
 * reconnects before the broker noticed its old socket died is never locked out.
 */
import type { Client } from 'aedes';

export type QuotaVerdict = { readonly ok: true } | { readonly ok: false; readonly held: number };

export class ConnectionQuota {
  private readonly live = new Map<string, Set<Client>>();

  constructor(readonly perAccount: number) {}

  /** Admits `client` as a session of `account`, or says how many other sessions the account holds. */
  admit(account: string, client: Client): QuotaVerdict {
    const held = this.live.get(account) ?? new Set<Client>();
    let others = 0;
    for (const c of held) if (c.id !== client.id && !c.closed) others++;
    if (others >= this.perAccount) return { ok: false, held: others };
    held.add(client);
    this.live.set(account, held);
    client.conn.once('close', () => {
      held.delete(client);
      if (held.size === 0 && this.live.get(account) === held) this.live.delete(account);
    });
    return { ok: true };
  }

  /** Sessions `account` holds now (tests, metrics). */
  sessions(account: string): number {
    return this.live.get(account)?.size ?? 0;
  }
}
