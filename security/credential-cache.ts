/**
 * A bounded LRU set of credentials that have already passed scrypt, so a
 * reconnect storm (a whole factory's gateways coming back after a network
 * cut) costs one scrypt per gateway rather than one per attempt.
 *
 * Entries are keyed by an HMAC, under a key that lives only in this process,
 * of the stored hash and the password: no plaintext is kept, and changing an
 * account's hash (rotating its password) makes every old entry unreachable.
 * Only successes are cached; a wrong password always pays the full scrypt.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const DEFAULT_CREDENTIAL_CACHE_OPTIONS: Readonly<{ maxEntries: number }> = Object.freeze({
  /** Entries kept; beyond it the least recently used is dropped (about 100 bytes each). */
  maxEntries: 4096,
});

export class CredentialCache {
  private readonly secret = randomBytes(32);
  private readonly entries = new Map<string, true>();

  constructor(readonly maxEntries: number = DEFAULT_CREDENTIAL_CACHE_OPTIONS.maxEntries) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError(`maxEntries must be a whole number >= 0, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  has(password: string | Uint8Array, encodedHash: string): boolean {
    const key = this.key(password, encodedHash);
    if (!this.entries.has(key)) return false;
    // Move to the most recently used end (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, true);
    return true;
  }

  add(password: string | Uint8Array, encodedHash: string): void {
    if (this.maxEntries === 0) return;
    const key = this.key(password, encodedHash);
    this.entries.delete(key);
    this.entries.set(key, true);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private key(password: string | Uint8Array, encodedHash: string): string {
    // The NUL separates the two parts: a hash never contains one.
    return createHmac('sha256', this.secret).update(encodedHash).update('\u0000').update(password).digest('base64');
  }
}
