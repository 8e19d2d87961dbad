import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, toHex } from '../../../supervision/sha256.js';

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(toHex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it('agrees with node:crypto across block boundaries and UTF-8', () => {
    for (const text of ['a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'b'.repeat(119), '双随机 2026-Q2 抽查', 'x'.repeat(1000)]) {
      expect(toHex(sha256(text)), `length ${text.length}`).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});
