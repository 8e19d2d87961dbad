/**
 * The kinds of record in the stored event log that are not alert episodes.
 * The log is a wire format read back by recovery, the dashboard and the
 * monthly report, so its kinds live here beside the other formats.
 */

/** A stored risk assessment of one enterprise. */
export const RISK_EVENT_KIND = 'risk.assessed';

/**
 * The subject id of an enterprise's stored risk assessments: one subject per
 * enterprise, so a reader can ask the store for that enterprise's
 * assessments alone (EventFilter `id`).
 */
export function riskEventId(enterprise: string): string {
  return `risk.${enterprise}`;
}

/**
 * A stored finding event (opened, updated or closed; protocol/finding-event.ts):
 * the regulator's feed kept, so a dashboard that starts late can restore the
 * open findings. The record's id is the finding's id.
 */
export const FINDING_EVENT_KIND = 'finding.changed';

/**
 * A stored product changeover of one line (protocol/event-log/product-records.ts):
 * from that instant on the line made another product, so its series were
 * judged against that product's spec and limits. The monthly report reads
 * them for the products made per period, the stand-alone dashboard for the
 * product a line makes now.
 */
export const PRODUCT_EVENT_KIND = 'product.changed';

/** The subject id of a line's changeovers: one subject per line, so a reader can ask the store for one line's (EventFilter `id`). */
export function productEventId(line: string): string {
  return `product.${line}`;
}

/**
 * A reel's start or end mark as a gateway reported it (trace/reels/reel-mark.ts),
 * stored by the analytics service before it acknowledges the batch, so a
 * reel's quality record can always be recomputed from the store.
 */
export const REEL_STARTED_KIND = 'reel.started';
export const REEL_ENDED_KIND = 'reel.ended';

/**
 * A reel's quality record (trace/reels/reel-record.ts), written as it grows
 * and when final. It is stored at the reel's start time, so each write
 * replaces the one before (the log keeps one copy per identity): the newest
 * is the record.
 */
export const REEL_RECORD_KIND = 'reel.recorded';

/** The subject id of a reel's marks and record. */
export function reelEventId(reel: string): string {
  return `reel.${reel}`;
}
