/**
 * Risk levels and alert severities share one four-step scale. Each step has
 * a colour (CSS class), a shape and a word, so the page reads the same to a
 * colour-blind regulator and on a greyscale printout.
 */
import { h } from './dom.js';

export type Level = 'low' | 'medium' | 'high' | 'critical';

export const LEVELS: readonly Level[] = ['critical', 'high', 'medium', 'low'];

const RANK: Record<Level, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const SHAPE: Record<Level, string> = { critical: '■', high: '▲', medium: '◆', low: '●' };
const WORD: Record<Level, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export function isLevel(x: unknown): x is Level {
  return typeof x === 'string' && Object.hasOwn(RANK, x);
}

/** Higher is worse; 0 for none. */
export function levelRank(level: Level | null | undefined): number {
  return level ? RANK[level] : 0;
}

export function levelWord(level: Level): string {
  return WORD[level];
}

/** A badge: shape, word and, optionally, a figure (a score). */
export function levelBadge(level: Level, detail?: string): HTMLElement {
  return h(
    'span',
    { class: `badge level-${level}` },
    h('span', { class: 'badge-shape', 'aria-hidden': 'true' }, SHAPE[level]),
    WORD[level],
    detail ? h('span', { class: 'badge-detail' }, detail) : null,
  );
}

/** The neutral badge for "nothing known yet". */
export function neutralBadge(text: string): HTMLElement {
  return h('span', { class: 'badge level-none' }, h('span', { class: 'badge-shape', 'aria-hidden': 'true' }, '○'), text);
}

/** A badge in a level's colour and shape with words of its own (a diagnosis, a state). */
export function toneBadge(level: Level, text: string): HTMLElement {
  return h('span', { class: `badge level-${level}` }, h('span', { class: 'badge-shape', 'aria-hidden': 'true' }, SHAPE[level]), text);
}
