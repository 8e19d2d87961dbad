/**
 * Alert episodes on the printed report: what was raised (by severity and by
 * rule), what became of it, and the Pareto of causes drawn as bars in inline
 * SVG (no script, nothing loaded; the figures are in the table beside each
 * bar, so the page reads the same without the drawing).
 */
import { ENTERPRISE_SCOPE } from '../monitor/alert.js';
import { html, type SafeHtml } from './html-escape.js';
import { count, duration } from './html-format.js';
import { levelBadge, num } from './html-parts.js';
import type { CausePareto, CharacteristicCauses, EpisodeMonth } from './report-types.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** A share 0-1 as a percentage with one decimal: "66.7%". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A characteristic as people read it; the enterprise's risk level has no characteristic of its own. */
export function characteristicName(characteristic: string): string {
  return characteristic === ENTERPRISE_SCOPE.characteristic ? 'enterprise risk level' : characteristic.replace(/_/g, ' ');
}

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

/** A bar of a cause's share (0-100% of the episodes with a cause) with a tick at the running total. */
function bar(share: number, cumulative: number): SafeHtml {
  const w = (share * 100).toFixed(2);
  const x = Math.min(99.4, cumulative * 100).toFixed(2);
  return html`<svg class="pareto-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${percent(share)}, cumulative ${percent(cumulative)}"><rect class="track" x="0" y="0" width="100" height="10"></rect><rect class="share" x="0" y="1" width="${w}" height="8"></rect><rect class="cumulative" x="${x}" y="0" width="0.6" height="10"></rect></svg>`;
}

/** The Pareto of causes as a table with a bar per cause; `what` names the episodes counted. */
export function paretoTable(p: CausePareto, what: string): SafeHtml {
  if (p.episodes === 0) return html`<p>No episodes raised ${what}.</p>`;
  const assigned = p.episodes - p.unassigned;
  return html`<table class="pareto">
<thead><tr><th>Cause</th><th class="num">Episodes</th><th class="num">Share</th><th class="num">Cumulative</th><th class="bar-cell">Share (bar), cumulative (tick)</th></tr></thead>
<tbody>
${
  p.bars.length === 0
    ? html`<tr><td colspan="5">No cause given to ${p.episodes === 1 ? 'the one episode' : `any of the ${count(p.episodes)} episodes`} ${what}.</td></tr>`
    : p.bars.map((b) => html`<tr><td>${b.label}</td>${num(count(b.count))}${num(percent(b.share))}${num(percent(b.cumulative))}<td class="bar-cell">${bar(b.share, b.cumulative)}</td></tr>`)
}
<tr><th>With a cause</th>${num(count(assigned))}<td colspan="3"></td></tr>
<tr><th>No cause given (unassigned)</th>${num(count(p.unassigned))}<td colspan="3"></td></tr>
</tbody>
</table>`;
}

/** One Pareto per characteristic. */
export function characteristicParetos(list: readonly CharacteristicCauses[]): SafeHtml {
  if (list.length === 0) return html``;
  return html`<h4>Causes by characteristic</h4>
${list.map(
  (c) => html`<h5>${characteristicName(c.characteristic)} <span class="note">(${count(c.episodes)} episode${c.episodes === 1 ? '' : 's'}, all lines)</span></h5>
${paretoTable(c, `on ${characteristicName(c.characteristic)}`)}`,
)}`;
}
