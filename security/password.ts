/**
 * Password hashing with scrypt (RFC 7914), stored as
 * `scrypt$N$r$p$<salt base64>$<hash base64>` so the cost travels with the
 * hash and can be raised later without invalidating old entries.
 *
 * A password is its UTF-8 bytes (MQTT carries passwords as binary data), with
 * no Unicode normalisation: what the hash-password command read is what a
 * client must send.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { withDefaults } from '../domain/with-defaults.js';

export interface ScryptCost {
  /** CPU/memory cost, a power of two; memory is about 128 * N * r bytes. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelism. */
  readonly p: number;
}

export const DEFAULT_PASSWORD_OPTIONS: Readonly<ScryptCost & { saltBytes: number; keyBytes: number }> = Object.freeze({
  /** 2^14: about 16 MiB and some tens of ms per hash, affordable per MQTT connect yet slow to brute-force. */
  N: 16_384,
  r: 8,
  p: 1,
  /** Salt length, bytes. */
  saltBytes: 16,
  /** Derived key length, bytes. */
  keyBytes: 32,
});

/** Bounds on what a stored hash may ask for, so a bad entry cannot make one check take gigabytes. */
export const SCRYPT_LIMITS = Object.freeze({
  minN: 2,
  maxN: 2 ** 20,
  maxR: 32,
  maxP: 16,
  minSaltBytes: 8,
  minKeyBytes: 16,
  maxKeyBytes: 64,
});

export interface ParsedPasswordHash extends ScryptCost {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export type PasswordHashParse = { ok: true; value: ParsedPasswordHash } | { ok: false; reason: string };

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
export const PASSWORD_HASH_FORMAT = 'scrypt$N$r$p$<salt base64>$<hash base64>';

/** Reads a stored hash, or says what is wrong with it (never throws). */
export function parsePasswordHash(encoded: string): PasswordHashParse {
  const m = typeof encoded === 'string' ? FORMAT.exec(encoded) : null;
  if (!m) return { ok: false, reason: `not a password hash of the form ${PASSWORD_HASH_FORMAT} (make one with 'linewatch hash-password')` };
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4], 'base64');
  const hash = Buffer.from(m[5], 'base64');
  const problem = costProblem({ N, r, p }) ?? lengthProblem(salt.length, hash.length);
  return problem ? { ok: false, reason: problem } : { ok: true, value: { N, r, p, salt, hash } };
}

/** Hashes a password with a fresh random salt. `cost` overrides the defaults (tests use a small N). */
export async function hashPassword(password: string | Uint8Array, cost: Partial<ScryptCost> = {}): Promise<string> {
  const { N, r, p } = withDefaults(DEFAULT_PASSWORD_OPTIONS, { N: cost.N, r: cost.r, p: cost.p });
  const c: ScryptCost = { N, r, p };
  const problem = costProblem(c);
  if (problem) throw new RangeError(problem);
  const salt = randomBytes(DEFAULT_PASSWORD_OPTIONS.saltBytes);
  const hash = await derive(password, salt, DEFAULT_PASSWORD_OPTIONS.keyBytes, c);
  return `scrypt$${c.N}$${c.r}$${c.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `password` matches the stored hash; a malformed hash matches nothing. */
export async function verifyPassword(password: string | Uint8Array, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (!parsed.ok) return false;
  const { salt, hash } = parsed.value;
  const candidate = await derive(password, salt, hash.length, parsed.value);
  // Same length by construction; timingSafeEqual so the comparison leaks nothing about the stored hash.
  return timingSafeEqual(candidate, hash);
}

function derive(password: string | Uint8Array, salt: Buffer, keyBytes: number, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    // scrypt needs 128 * r * (N + p + 2) bytes; the margin covers OpenSSL's own bookkeeping.
    maxmem: 128 * cost.r * (cost.N + cost.p + 2) + 1_048_576,
  };
  const bytes = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  return new Promise((resolve, reject) => {
    scrypt(bytes, salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function costProblem({ N, r, p }: ScryptCost): string | null {
  if (!Number.isInteger(N) || N < SCRYPT_LIMITS.minN || N > SCRYPT_LIMITS.maxN || (N & (N - 1)) !== 0) {
    return `scrypt N must be a power of two from ${SCRYPT_LIMITS.minN} to ${SCRYPT_LIMITS.maxN}, got ${N}`;
  }
  if (!Number.isInteger(r) || r < 1 || r > SCRYPT_LIMITS.maxR) return `scrypt r must be a whole number from 1 to ${SCRYPT_LIMITS.maxR}, got ${r}`;
  if (!Number.isInteger(p) || p < 1 || p > SCRYPT_LIMITS.maxP) return `scrypt p must be a whole number from 1 to ${SCRYPT_LIMITS.maxP}, got ${p}`;
  return null;
}

function lengthProblem(saltBytes: number, keyBytes: number): string | null {
  if (saltBytes < SCRYPT_LIMITS.minSaltBytes) return `salt is ${saltBytes} bytes; at least ${SCRYPT_LIMITS.minSaltBytes} are needed`;
  if (keyBytes < SCRYPT_LIMITS.minKeyBytes || keyBytes > SCRYPT_LIMITS.maxKeyBytes) {
    return `hash is ${keyBytes} bytes; expected ${SCRYPT_LIMITS.minKeyBytes} to ${SCRYPT_LIMITS.maxKeyBytes}`;
  }
  return null;
}
