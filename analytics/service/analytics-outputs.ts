import type { Ack } from '../../protocol/ack.js';
import type { DeadLetter } from '../../protocol/dead-letter.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { FindingEvent } from '../../core/findings/finding.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';

/**
 * Everything the analytics core sends out, as typed values: the bus adapter
 * (analytics/bus/) encodes each with its protocol/ codec and publishes it; a
 * unit test records them. The core never learns how they travel. Each call
 * returns at once: a send that fails is the port's to log, not the core's.
 */
export interface AnalyticsOutputs {
  /** A batch is settled (stored, or refused and dead-lettered): its gateway may let it go. */
  ack(enterprise: string, gateway: string, ack: Ack): void;
  /** Input refused, with the reason, for people to look at. */
  deadLetter(enterprise: string, gateway: string, letter: DeadLetter): void;
  /** An alert episode changed (journaled first). */
  alert(event: AlertEvent): void;
  /** A regulator's finding opened, changed or closed. */
  finding(event: FindingEvent): void;
  /** An enterprise's current risk assessment. */
  risk(summary: EnterpriseRiskSummary): void;
}
