/**
 * The overview's class counts against the bureau's targets
 * (GET /api/overview/targets): registered A, B and C beside "at least 240",
 * "at least 750", "at most 60" (or "no class C" past its date), each met or
 * missed in words, and how many proposals await a decision.
 */
import type { AppContext } from '../app-context.js';
import { fill, h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import type { TargetsView } from '../model/supervision-types.js';

const CLASS_OF = { 'min-a': 'A', 'min-b': 'B', 'max-c': 'C' } as const;

export class ClassTargetsPanel {
  readonly element = h('section', { class: 'panel class-targets', 'aria-labelledby': 'targets-title', hidden: true });

  constructor(private readonly ctx: AppContext) {}

  async load(): Promise<void> {
    if (!this.ctx.session.features.supervision) return;
    try {
      const t = await this.ctx.api.get<TargetsView>('/api/overview/targets');
      fill(this.element, render(t));
    } catch (err) {
      fill(this.element, h('h2', { id: 'targets-title' }, 'Classes against the targets'), h('p', { class: 'form-error' }, `The class targets could not be loaded: ${(err as Error).message}`));
    }
    this.element.hidden = false;
  }
}

function render(t: TargetsView): HTMLElement[] {
  return [
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'targets-title' }, `Classes against the targets (${t.asOf})`),
      h('a', { href: '#/proposals', class: 'panel-link', 'data-pending': t.pendingProposals }, `${formatCount(t.pendingProposals)} proposal${t.pendingProposals === 1 ? '' : 's'} pending →`),
    ),
    h(
      'div',
      { class: 'target-cards' },
      t.targets.map((r) =>
        h(
          'div',
          { class: `target-card target-${r.status}`, 'data-target': r.id },
          h('span', { class: 'target-class' }, `Class ${CLASS_OF[r.id]}`),
          h('strong', { class: 'target-actual' }, formatCount(r.actual)),
          h('span', { class: 'target-text' }, `target: ${r.text}`),
          h('span', { class: 'target-status' }, r.status === 'met' ? '✓ met' : '✗ missed'),
        ),
      ),
    ),
  ];
}
