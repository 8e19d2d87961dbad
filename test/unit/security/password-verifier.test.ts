import { describe, expect, it, vi } from 'vitest';
import { CredentialCache } from '../../../security/credential-cache.js';
import * as password from '../../../security/password.js';
import { createPasswordVerifier } from '../../../security/password-verifier.js';

const FAST = { N: 16 } as const;

describe('CredentialCache', () => {
  it('remembers a verified credential by password and hash together', () => {
    const cache = new CredentialCache(10);
    cache.add('pw', 'scrypt$hash-1');
    expect(cache.has('pw', 'scrypt$hash-1')).toBe(true);
    expect(cache.has(Buffer.from('pw'), 'scrypt$hash-1')).toBe(true);
    expect(cache.has('other', 'scrypt$hash-1')).toBe(false);
    // A rotated password has a new hash: the old entry no longer answers.
    expect(cache.has('pw', 'scrypt$hash-2')).toBe(false);
  });

  it('is bounded, dropping the least recently used entry', () => {
    const cache = new CredentialCache(2);
    cache.add('a', 'h');
    cache.add('b', 'h');
    expect(cache.has('a', 'h')).toBe(true); // a is now the most recent
    cache.add('c', 'h');
    expect(cache.size).toBe(2);
    expect(cache.has('b', 'h')).toBe(false);
    expect(cache.has('a', 'h')).toBe(true);
    expect(cache.has('c', 'h')).toBe(true);
  });

  it('can be turned off', () => {
    const cache = new CredentialCache(0);
    cache.add('a', 'h');
    expect(cache.has('a', 'h')).toBe(false);
  });
});

describe('createPasswordVerifier', () => {
  it('runs scrypt once for repeated good logins, every time for bad ones', async () => {
    const encoded = await password.hashPassword('good', FAST);
    const spy = vi.spyOn(password, 'verifyPassword');
    try {
      const verifier = createPasswordVerifier({ cacheEntries: 8 });
      // Concurrent checks of the same credentials share one scrypt run.
      expect(await Promise.all([verifier.verify('good', encoded), verifier.verify('good', encoded)])).toEqual([true, true]);
      expect(await verifier.verify(Buffer.from('good'), encoded)).toBe(true);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(await verifier.verify('bad', encoded)).toBe(false);
      expect(await verifier.verify('bad', encoded)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('forgets a credential once the stored hash changes', async () => {
    const verifier = createPasswordVerifier();
    const before = await password.hashPassword('pw1', FAST);
    const after = await password.hashPassword('pw2', FAST);
    expect(await verifier.verify('pw1', before)).toBe(true);
    expect(await verifier.verify('pw1', after)).toBe(false);
    expect(await verifier.verify('pw2', after)).toBe(true);
  });
});
