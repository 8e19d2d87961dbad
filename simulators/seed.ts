/**
 * Seeds for the many random streams of a simulation, derived from one fleet
 * seed and a name (a series key such as `ent-0001/line-1/insulation_thickness`).
 * Deriving from the name rather than from a position keeps every series the
 * same when another enterprise is added to a plan, and keeps each series'
 * values independent of the order in which series are generated.
 */

/** FNV-1a over the UTF-16 code units of `key`, then mixed with the seed. */
export function deriveSeed(seed: number, key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32((h ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}

/**
 * The murmur3 finaliser: spreads nearby inputs (seed 1 and 2, keys that
 * differ in one character) over the whole 32-bit range, so the mulberry32
 * streams they start are far apart.
 */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
