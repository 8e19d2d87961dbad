import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../../../analytics/cluster/rendezvous.js';
import { decodePresence, encodePresence } from '../../../../protocol/presence.js';
import { shareChange, shareOf } from '../../../../analytics/cluster/shares.js';

const enterprises = Array.from({ length: 1050 }, (_, i) => `ent-${String(i).padStart(4, '0')}`);

describe('rendezvous hashing: which worker owns an enterprise', () => {
  it('gives every enterprise exactly one owner, the same whatever order the members are listed in', () => {
    const members = ['w1', 'w2', 'w3'];
    for (const e of enterprises) {
      const owner = ownerOf(e, members);
      expect(members).toContain(owner);
      expect(ownerOf(e, [...members].reverse())).toBe(owner);
      const owners = members.filter((m) => shareOf(m, members, [e]).has(e));
      expect(owners).toEqual([owner]);
    }
    expect(ownerOf('ent-0001', [])).toBeUndefined();
  });

  it('shares the enterprises evenly', () => {
    for (const members of [
      ['w1', 'w2'],
      ['analytics-a', 'analytics-b', 'analytics-c', 'analytics-d'],
    ]) {
      const fair = enterprises.length / members.length;
      for (const m of members) {
        const n = shareOf(m, members, enterprises).size;
        // Binomial spread: within about 4 standard deviations of the fair share.
        expect(Math.abs(n - fair)).toBeLessThan(4 * Math.sqrt(fair));
      }
    }
  });

  it('moves only what the leaving worker held, and to every survivor', () => {
    const before = ['w1', 'w2', 'w3'];
    const after = ['w1', 'w3'];
    for (const e of enterprises) {
      const was = ownerOf(e, before);
      if (was !== 'w2') expect(ownerOf(e, after)).toBe(was);
    }
    const w2share = shareOf('w2', before, enterprises);
    const toW1 = [...w2share].filter((e) => ownerOf(e, after) === 'w1').length;
    expect(toW1).toBeGreaterThan(w2share.size / 4);
    expect(toW1).toBeLessThan((3 * w2share.size) / 4);
  });

  it('moves to a joining worker only what it takes', () => {
    const held = shareOf('w1', ['w1'], enterprises);
    const target = shareOf('w1', ['w1', 'w2'], enterprises);
    const { release, take } = shareChange(held, target);
    expect(take).toEqual([]);
    expect(release.length + target.size).toBe(enterprises.length);
    for (const e of release) expect(ownerOf(e, ['w1', 'w2'])).toBe('w2');
  });
});

describe('presence on members/<worker>', () => {
  it('reads a presence, an empty goodbye, and says what is wrong with anything else', () => {
    expect(decodePresence('w1', encodePresence({ worker: 'w1', since: 1 }))).toBe(true);
    expect(decodePresence('w1', new Uint8Array())).toBe(false);
    expect(decodePresence('w1', '{')).toMatch(/not JSON/);
    expect(decodePresence('w1', encodePresence({ worker: 'w2', since: 1 }))).toMatch(/does not name the worker/);
  });
});
