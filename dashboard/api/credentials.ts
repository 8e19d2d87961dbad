/**
 * Checks a user name and password against the configured users. An unknown
 * user name costs the same scrypt work as a known one (a hash with the
 * configured users' cost, made once), so neither the answer nor its timing
 * tells an attacker which user names exist.
 */
import { randomBytes } from 'node:crypto';
import type { User } from '../../config/resolve.js';
import { hashPassword, parsePasswordHash, DEFAULT_PASSWORD_OPTIONS, type ScryptCost } from '../../security/password.js';
import type { PasswordVerifier } from '../../security/password-verifier.js';

export interface CredentialChecker {
  /** The user these credentials belong to, or null. */
  check(username: string, password: string): Promise<User | null>;
}

export function createCredentialChecker(users: readonly User[], verifier: PasswordVerifier): CredentialChecker {
  const byId = new Map(users.map((u) => [u.id, u]));
  let decoy: Promise<string> | undefined;
  return {
    async check(username, password) {
      const user = byId.get(username);
      if (!user) {
        decoy ??= hashPassword(randomBytes(24).toString('base64'), typicalCost(users));
        await verifier.verify(password, await decoy);
        return null;
      }
      return (await verifier.verify(password, user.passwordHash)) ? user : null;
    },
  };
}

/** The cost of the configured users' hashes (the first readable one), else the default cost. */
function typicalCost(users: readonly User[]): Partial<ScryptCost> {
  for (const u of users) {
    const parsed = parsePasswordHash(u.passwordHash);
    if (parsed.ok) return { N: parsed.value.N, r: parsed.value.r, p: parsed.value.p };
  }
  return { N: DEFAULT_PASSWORD_OPTIONS.N, r: DEFAULT_PASSWORD_OPTIONS.r, p: DEFAULT_PASSWORD_OPTIONS.p };
}
