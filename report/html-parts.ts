/** Small pieces of the report page used by several sections. */
import type { RiskLevel } from '../risk/options.js';
import { html, type SafeHtml } from './html-escape.js';
import { fixed } from './html-format.js';

/** A level in colour and in words: the words carry it on a grey print or for a colour-blind reader. */
export function levelBadge(level: RiskLevel | null): SafeHtml {
  return level === null ? html`<span class="level level-none">no assessment</span>` : html`<span class="level level-${level}">${level}</span>`;
}

/** A risk score with its level. */
export function scoreWithLevel(score: number | null, level: RiskLevel | null): SafeHtml {
  return score === null ? levelBadge(null) : html`${fixed(score, 1)} ${levelBadge(level)}`;
}

/** "What this figure means": the methods text under a table. */
export function note(text: string | undefined): SafeHtml {
  return text === undefined ? html`` : html`<p class="note">${text}</p>`;
}

/** A number cell (right-aligned, tabular figures). */
export function num(text: string | SafeHtml): SafeHtml {
  return html`<td class="num">${text}</td>`;
}

export function anchorOf(enterprise: string): string {
  return `enterprise-${enterprise}`;
}
