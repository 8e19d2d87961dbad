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
