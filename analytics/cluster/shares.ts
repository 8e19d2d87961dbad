import { ownerOf } from './rendezvous.js';

/** The enterprises `self` owns among `members` (which must include it to own any). */
export function shareOf(self: string, members: readonly string[], enterprises: readonly string[]): Set<string> {
  const share = new Set<string>();
  for (const enterprise of enterprises) if (ownerOf(enterprise, members) === self) share.add(enterprise);
  return share;
}

/** What moves from `held` to `target`: what to hand over and what to take over. */
export function shareChange(held: ReadonlySet<string>, target: ReadonlySet<string>): { readonly release: string[]; readonly take: string[] } {
  return {
    release: [...held].filter((e) => !target.has(e)),
    take: [...target].filter((e) => !held.has(e)),
  };
}
