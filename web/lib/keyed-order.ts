/**
 * Puts keyed children of `parent` into `wanted` order with the fewest DOM
 * moves: the children that are already in order (a longest increasing
 * subsequence of their current positions) stay, only the others move. A
 * re-ranking that moves one row out of a thousand then moves one row, not
 * every row behind it.
 */
export function reorder(parent: Element, wanted: readonly Element[]): void {
  const position = new Map<Element, number>();
  let i = 0;
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) position.set(c, i++);
  const current = wanted.map((el) => position.get(el) ?? -1);
  const stay = longestIncreasing(current);
  // From the end, so each element's successor is already where it belongs.
  let next: Element | null = null;
  for (let k = wanted.length - 1; k >= 0; k--) {
    const el = wanted[k];
    if (!stay.has(k)) parent.insertBefore(el, next);
    next = el;
  }
}

/** Indexes of a longest strictly increasing subsequence of `a`, ignoring -1 (new elements). O(n log n). */
function longestIncreasing(a: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(a.length).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[tails[mid]] < a[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = previous[k]) keep.add(k);
  return keep;
}
