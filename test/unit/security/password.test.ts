import { describe, expect, it } from 'vitest';
import { hashPassword, parsePasswordHash, DEFAULT_PASSWORD_OPTIONS, verifyPassword } from '../../../security/password.js';

// Small cost in tests only; production keeps DEFAULT_PASSWORD_OPTIONS.
const FAST = { N: 16 } as const;

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('s3cret-pass', FAST);
    expect(encoded).toMatch(/^scrypt\$16\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(await verifyPassword('s3cret-pass', encoded)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('treats a password as its UTF-8 bytes, whether given as a string or a Buffer', async () => {
    const encoded = await hashPassword('pässwörd', FAST);
    expect(await verifyPassword(Buffer.from('pässwörd', 'utf8'), encoded)).toBe(true);
    expect(await verifyPassword(Buffer.from('pässwörd', 'latin1'), encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toBe(b);
  });

  it('uses strong defaults when no cost is given', async () => {
    expect(DEFAULT_PASSWORD_OPTIONS).toMatchObject({ N: 16384, r: 8, p: 1 });
    const encoded = await hashPassword('x');
    expect(encoded.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(Object.isFrozen(DEFAULT_PASSWORD_OPTIONS)).toBe(true);
  });

  it('refuses a cost that is not a power of two', async () => {
    await expect(hashPassword('x', { N: 1000 })).rejects.toThrow(/power of two/);
  });

  it('never matches a malformed hash', async () => {
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false);
  });
});

describe('parsePasswordHash', () => {
  it('reads the parts', async () => {
    const parsed = parsePasswordHash(await hashPassword('x', FAST));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject({ N: 16, r: 8, p: 1, salt: expect.any(Buffer), hash: expect.any(Buffer) });
  });

  it.each([
    ['hunter2', /not a password hash of the form scrypt\$N\$r\$p/],
    ['bcrypt$10$abc', /not a password hash/],
    ['scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=', /power of two/],
    [`scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=`, /power of two from 2 to 1048576/],
    ['scrypt$16$8$0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=', /p must be/],
    ['scrypt$16$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2g=', /salt is 4 bytes/],
    ['scrypt$16$8$1$c2FsdHNhbHRzYWx0$aGFzaA==', /hash is 4 bytes/],
  ])('says what is wrong with %s', (encoded, reason) => {
    const parsed = parsePasswordHash(encoded);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
