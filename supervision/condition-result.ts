/**
 * One condition of the county's standard, judged for one enterprise: what a
 * class suggestion lists for every condition, so a regulator sees why.
 *
 * `status` says whether the enterprise passes the check the text states. A
 * C condition's text is written as the check ("no failed spot check ..."), so
 * `failed` means the C condition is present and gives C; an A condition's
 * `met` counts toward A. `unknown` (no record, too little data) never gives C
 * and never counts as met.
 */
export type ConditionStatus = 'met' | 'failed' | 'unknown';

export interface ConditionResult {
  /** Stable id, e.g. 'c.spot-check-failed', 'a.quality'. */
  readonly id: string;
  /** The class the condition belongs to in the standard. */
  readonly class: 'A' | 'C';
  /** The check, in the standard's words. */
  readonly text: string;
  readonly status: ConditionStatus;
  /** Why, in plain words, naming the records or data behind it. */
  readonly evidence: string;
  /** Ids of the register records behind the status (the one that gives C, for a failed C condition). */
  readonly records: readonly string[];
}
