/**
 * Password checks for servers: scrypt behind the verified-credential cache,
 * with concurrent checks of the same credentials sharing one scrypt run
 * (a gateway that retries while its first CONNECT is still being checked).
 */
import { CredentialCache, DEFAULT_CREDENTIAL_CACHE_OPTIONS } from './credential-cache.js';
import { verifyPassword } from './password.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface PasswordVerifier {
  verify(password: string | Uint8Array, encodedHash: string): Promise<boolean>;
}

export interface PasswordVerifierOptions {
  /** Size of the cache of verified credentials (0 turns it off). */
  readonly cacheEntries?: number;
}

export function createPasswordVerifier(options: PasswordVerifierOptions = {}): PasswordVerifier {
  const cache = new CredentialCache(withDefaults(DEFAULT_CREDENTIAL_CACHE_OPTIONS, { maxEntries: options.cacheEntries }).maxEntries);
  const pending = new Map<string, Promise<boolean>>();
  return {
    async verify(password, encodedHash) {
      if (cache.has(password, encodedHash)) return true;
      const bytes = typeof password === 'string' ? Buffer.from(password, 'utf8') : Buffer.from(password);
      // In-flight checks are keyed by the raw bytes only while they run; nothing outlives the promise.
      const key = `${encodedHash}\u0000${bytes.toString('base64')}`;
      let check = pending.get(key);
      if (!check) {
        check = verifyPassword(bytes, encodedHash).finally(() => pending.delete(key));
        pending.set(key, check);
      }
      const ok = await check;
      if (ok) cache.add(bytes, encodedHash);
      return ok;
    },
  };
}
