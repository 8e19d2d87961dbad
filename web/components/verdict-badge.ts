/** A reel's verdict as a badge: colour, shape and word (model/trace-model.ts). */
import { neutralBadge, toneBadge } from '../lib/levels.js';
import { verdictBadge } from '../model/trace-model.js';
import type { ReelVerdict } from '../model/trace-types.js';

export function verdictBadgeElement(verdict: ReelVerdict): HTMLElement {
  const badge = verdictBadge(verdict);
  const el = badge.level === null ? neutralBadge(badge.text) : toneBadge(badge.level, badge.text);
  el.classList.add('verdict');
  el.dataset.verdict = verdict;
  return el;
}
