/** Alert episodes on the printed report: what was raised (by severity and by rule) and what became of it. */
import { html, type SafeHtml } from './html-escape.js';
import { count, duration } from './html-format.js';
import { levelBadge, num } from './html-parts.js';
import type { EpisodeMonth } from './report-types.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** The month's episodes: by severity, by rule, and what became of them. */
export function episodeTables(a: EpisodeMonth): SafeHtml {
  const rules = Object.entries(a.byRule);
  return html`<div class="grid2">
<table>
<thead><tr><th>Raised in the month, by highest severity</th><th class="num">Episodes</th></tr></thead>
<tbody>
${SEVERITY_ORDER.map((s) => html`<tr><td>${levelBadge(s)}</td>${num(count(a.bySeverity[s]))}</tr>`)}
<tr><th>All severities</th>${num(count(a.raised))}</tr>
</tbody>
</table>
<table>
<thead><tr><th>Rule that fired (once per episode)</th><th class="num">Episodes</th></tr></thead>
<tbody>
${rules.map(([rule, n]) => html`<tr><td>${rule}</td>${num(count(n))}</tr>`)}
</tbody>
</table>
</div>
<table>
<tbody>
<tr><th>Escalated (severity rose after raising)</th>${num(count(a.escalated))}<th>Still open at the month's end</th>${num(count(a.openAtMonthEnd))}</tr>
<tr><th>Acknowledged by a person</th>${num(count(a.acknowledged))}<th>Median time to acknowledge</th>${num(duration(a.medianTimeToAcknowledgeMs))}</tr>
<tr><th>Resolved by a person</th>${num(count(a.resolvedByPerson))}<th>Median time to resolve</th>${num(duration(a.medianTimeToResolveMs))}</tr>
<tr><th>Resolved by themselves</th>${num(count(a.resolvedAutomatically))}<th>Median time to resolve by themselves</th>${num(duration(a.medianTimeToAutoResolveMs))}</tr>
<tr><th>Earlier episodes acted on in the month</th>${num(count(a.earlierEpisodesActedOn))}<th></th><td></td></tr>
</tbody>
</table>`;
}
