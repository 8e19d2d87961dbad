/**
 * The episodes of a book in the order `list()` returns them, newest raised
 * first (then newest first sample), kept as they change instead of sorted on
 * every call. Held ascending so the usual change, a new episode raised now,
 * is an append; `newestFirst()` walks it backwards. Episodes with equal keys
 * keep the order they were added in, as a stable sort of the book would.
 */
import type { Alert } from './alert.js';

/** Negative when `a` lists after `b` (older). */
function compareAge(a: Alert, b: Alert): number {
  return a.raisedAt - b.raisedAt || a.firstSampleTs - b.firstSampleTs;
}

export class EpisodeOrder {
  private readonly ascending: Alert[] = [];

  get size(): number {
    return this.ascending.length;
  }

  add(alert: Alert): void {
    // Before every equal one: walked backwards, an earlier-added episode comes first.
    this.ascending.splice(this.lowerBound(alert), 0, alert);
  }

  /** Puts `next` where `previous` (the same episode's older copy) was. */
  replace(previous: Alert, next: Alert): void {
    const at = this.indexOf(previous);
    if (at >= 0 && compareAge(previous, next) === 0) {
      this.ascending[at] = next;
      return;
    }
    if (at >= 0) this.ascending.splice(at, 1);
    this.add(next);
  }

  remove(alert: Alert): void {
    const at = this.indexOf(alert);
    if (at >= 0) this.ascending.splice(at, 1);
  }

  *newestFirst(): IterableIterator<Alert> {
    for (let i = this.ascending.length - 1; i >= 0; i--) yield this.ascending[i];
  }

  private lowerBound(alert: Alert): number {
    let lo = 0;
    let hi = this.ascending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAge(this.ascending[mid], alert) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(alert: Alert): number {
    for (let i = this.lowerBound(alert); i < this.ascending.length && compareAge(this.ascending[i], alert) === 0; i++) {
      if (this.ascending[i] === alert) return i;
    }
    return -1;
  }
}
