import type { FindingEvent } from '../../core/findings/finding.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { AnalyticsOutputs } from './analytics-outputs.js';

type Feed = 'alert' | 'risk' | 'finding';
type Listener<F extends Feed> = (value: Parameters<AnalyticsOutputs[F]>[0]) => void;

/**
 * Alert events, risk summaries and finding events go two ways: to listeners
 * in this process (an in-process dashboard's live channel) and out through
 * the output port (the bus). Listeners hear each first, so an in-process
 * page never lags the bus.
 */
export class LiveFeeds {
  private readonly listeners: { readonly [F in Feed]: Set<Listener<F>> } = { alert: new Set(), risk: new Set(), finding: new Set() };

  constructor(private readonly outputs: AnalyticsOutputs) {}

  listen<F extends Feed>(feed: F, listener: Listener<F>): () => void {
    const set = this.listeners[feed] as Set<Listener<F>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  alert(event: AlertEvent): void {
    for (const listener of this.listeners.alert) listener(event);
    this.outputs.alert(event);
  }

  risk(summary: EnterpriseRiskSummary): void {
    for (const listener of this.listeners.risk) listener(summary);
    this.outputs.risk(summary);
  }

  finding(event: FindingEvent): void {
    for (const listener of this.listeners.finding) listener(event);
    this.outputs.finding(event);
  }
}
