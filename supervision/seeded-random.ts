/**
 * A reproducible stream of uniform numbers from a text seed: sfc32 (Chris
 * Doty-Humphrey's Small Fast Counter, as in PractRand) seeded with the first
 * 16 bytes of the seed's SHA-256. The same seed gives the same stream in any
 * JavaScript engine, so a published draw can be recomputed by anyone.
 */
import { sha256 } from './sha256.js';

export type Uniform = () => number;

/** Uniform numbers strictly inside (0, 1). */
export function seededUniform(seed: string, hash: (text: string) => Uint8Array = sha256): Uniform {
  const digest = hash(seed);
  if (digest.length < 16) throw new RangeError('seededUniform: the hash must give at least 16 bytes');
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  let a = view.getUint32(0);
  let b = view.getUint32(4);
  let c = view.getUint32(8);
  let d = view.getUint32(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // sfc32's authors discard the first outputs so a seed's bits mix in.
  for (let i = 0; i < 12; i++) next();
  return () => (next() + 0.5) / 4294967296;
}
