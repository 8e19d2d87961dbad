/**
 * The ACL verdicts one session has had, by topic. A verdict is a pure
 * function of the principal, the topic (and the retain flag) and the limits,
 * all fixed for a session's life, so the answer given once is the answer
 * every time: a gateway publishes on one topic and a service receives a few
 * thousand, so after the first message each check is one Map look-up
 * instead of a parse of the topic and its ids. Bounded: a client cycling
 * through topics starts the cache afresh rather than growing it.
 */
import type { AclVerdict } from './acl.js';

/** Most topics remembered per session (a county's analytics receives ~2,100 measurement and status topics). */
export const MAX_CACHED_TOPICS = 8192;

export class VerdictCache {
  private readonly verdicts = new Map<string, AclVerdict>();

  constructor(private readonly limit = MAX_CACHED_TOPICS) {}

  /** The verdict for `key`, computed by `decide` only the first time. */
  get(key: string, decide: () => AclVerdict): AclVerdict {
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = decide();
      if (this.verdicts.size >= this.limit) this.verdicts.clear();
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}
