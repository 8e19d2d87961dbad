/**
 * An enterprise's class on its page (GET /api/enterprises/:id/class): the
 * registered class and its history (every decision, by whom and why), the
 * class the standard suggests today with every condition met, failed or
 * unknown and its evidence, and the pending proposal if there is one.
 */
import type { AppContext } from '../app-context.js';
import { fill, h } from '../lib/dom.js';
import type { ClassView } from '../model/supervision-types.js';
import type { SupervisionClass } from '../../supervision/records.js';
import { conditionList } from './condition-list.js';

export class ClassPanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'class-body' }, h('p', { class: 'loading' }, 'Loading the class…'));
  private loading = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly enterprise: string,
    /** Told the registered class once the register answers (the page's other mentions of it follow). */
    private readonly onRegistered: (cls: SupervisionClass) => void = () => {},
  ) {
    this.element = h('section', { class: 'panel class-panel', 'aria-labelledby': 'class-title' }, h('h2', { id: 'class-title' }, 'Supervision class'), this.body);
  }

  async load(): Promise<void> {
    const ticket = ++this.loading;
    if (!this.ctx.session.features.supervision) {
      this.element.hidden = true;
      return;
    }
    try {
      const view = await this.ctx.api.get<ClassView>(`/api/enterprises/${encodeURIComponent(this.enterprise)}/class`);
      if (ticket !== this.loading) return;
      fill(this.body, this.render(view));
      if (view.registered) this.onRegistered(view.registered.class);
    } catch (err) {
      if (ticket === this.loading) fill(this.body, h('p', { class: 'form-error' }, `The class could not be loaded: ${(err as Error).message}`));
    }
  }

  private render(v: ClassView): (HTMLElement | null)[] {
    const s = v.suggestion;
    const regulator = this.ctx.session.user.role === 'regulator';
    const registered = v.registered;
    return [
      h(
        'div',
        { class: 'class-head' },
        h(
          'div',
          { class: 'class-figure', 'data-registered-class': registered?.class ?? '' },
          h('span', { class: 'muted' }, 'Registered'),
          h('strong', { class: `class-badge class-${registered?.class ?? 'none'}` }, registered?.class ?? '—'),
          registered ? h('span', { class: 'muted' }, `since ${registered.effectiveFrom}`) : null,
        ),
        h(
          'div',
          { class: 'class-figure', 'data-suggested-class': s.suggested },
          h('span', { class: 'muted' }, 'Suggested'),
          h('strong', { class: `class-badge class-${s.suggested}` }, s.suggested),
          h('span', { class: 'muted' }, `as of ${s.asOf}`),
        ),
        h('p', { class: 'class-summary' }, s.summary, s.excludedDays > 0 ? ` (${s.excludedDays} series-days measured outside calibration were not counted)` : ''),
      ),
      v.pendingProposal
        ? h(
            'p',
            { class: 'notice pending-proposal', role: 'note' },
            `A proposal to change the class ${v.pendingProposal.fromClass ?? '—'} → ${v.pendingProposal.toClass} awaits the regulator's decision. `,
            regulator ? h('a', { href: '#/proposals' }, 'Decide it →') : null,
          )
        : null,
      h('h3', null, 'Why this suggestion'),
      conditionList(s.conditions),
      h('h3', null, 'Class history'),
      v.history.length === 0
        ? h('p', { class: 'empty' }, 'No class registered yet.')
        : h(
            'table',
            { class: 'class-history' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Class', 'From', 'Decided by', 'Reason'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              null,
              [...v.history]
                .reverse()
                .map((e) => h('tr', { 'data-seq': e.seq, 'data-class': e.class }, h('td', null, e.class), h('td', null, e.effectiveFrom), h('td', null, e.decidedBy), h('td', null, e.reason))),
            ),
          ),
    ];
  }
}
