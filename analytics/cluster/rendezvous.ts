/**
 * Rendezvous (highest-random-weight) hashing: every worker scores every key
 * and the highest score owns it. Each worker computes the same owner from the
 * same member list with no coordination, the shares come out even, and when a
 * worker joins or leaves only the keys it gains or held move; the rest stay
 * where their SPC state already is.
 */

/** The member that owns `key`, or undefined when there is none. */
export function ownerOf(key: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const member of members) {
    const w = weight(member, key);
    // Ties (one in 2^32) go to the smaller name, so every worker breaks them alike.
    if (w > bestWeight || (w === bestWeight && best !== undefined && member < best)) {
      best = member;
      bestWeight = w;
    }
  }
  return best;
}

/** FNV-1a over `member NUL key`, then murmur3's finaliser so similar names still spread. Unsigned 32-bit. */
function weight(member: string, key: string): number {
  let h = 0x811c9dc5;
  h = fnv(h, member);
  h = Math.imul(h, 0x01000193); // the NUL between the two (xor with 0 is a no-op)
  h = fnv(h, key);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
