/**
 * What the analytics service publishes on `linewatch/v1/findings/<enterprise>`,
 * the regulator's feed: one finding event, `{ "kind", "at", "finding" }`
 * (core/findings/finding.ts), where `finding` is the finding's full state
 * after it was opened, updated or closed.
 */
import type { FindingEvent } from '../core/findings/finding.js';

export function encodeFindingEvent(event: FindingEvent): string {
  return JSON.stringify(event);
}
