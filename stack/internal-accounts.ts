import { randomBytes } from 'node:crypto';
import type { BrokerAccount, Principal } from '../broker/index.js';
import { hashPassword } from '../security/password.js';

export interface InternalCredential {
  readonly username: string;
  readonly password: string;
}

/**
 * Accounts for the clients `linewatch start` runs inside its own process
 * (the analytics service, the demo gateways). Their passwords are random,
 * made at start and never written anywhere, so the configuration needs no
 * plaintext and an outside client cannot use them. A random 32-byte secret
 * cannot be guessed, so a cheap scrypt cost is enough for its hash.
 */
export class InternalAccounts {
  readonly accounts: BrokerAccount[] = [];

  async add(name: string, principal: Principal): Promise<InternalCredential> {
    const username = `internal.${name}`;
    const password = randomBytes(32).toString('base64url');
    this.accounts.push({ username, passwordHash: await hashPassword(password, { N: 1024 }), principal });
    return { username, password };
  }
}
