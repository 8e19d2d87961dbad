/**
 * One recall case (`#/recalls/<id>`): what it was traced from, its status,
 * the affected reels (each opens the reel) and customers, and its actions
 * with who and when. A regulator adds actions (and changes the status with
 * one); an enterprise user reads its own case.
 */
import type { AppContext, View } from '../app-context.js';
import { recallActionForm } from '../components/recall-action-form.js';
import { reelHref } from '../components/trace-results.js';
import { fill, h } from '../lib/dom.js';
import { actionByText, basisText, recallStatusText } from '../model/trace-model.js';
import type { RecallRecord } from '../model/trace-types.js';

export function recallView(ctx: AppContext, id: string): View {
  const regulator = ctx.session.user.role === 'regulator';
  const controller = new AbortController();
  const title = h('h1', null, 'Recall case');
  const body = h('div', { class: 'recall-body' }, h('p', { class: 'loading' }, 'Loading the recall case…'));
  const element = h(
    'div',
    { class: 'view recall', 'data-recall-id': id },
    h('header', { class: 'view-head' }, title, h('p', null, h('a', { href: '#/recalls', class: 'panel-link' }, '← All recall cases'))),
    body,
  );

  const show = (r: RecallRecord) => {
    title.textContent = `Recall: ${r.title}`;
    element.dataset.status = r.status;
    fill(
      body,
      h(
        'section',
        { class: 'panel recall-summary' },
        h('p', null, h('strong', { class: 'recall-status', 'data-status': r.status }, recallStatusText(r.status)), ` · ${ctx.enterpriseName(r.enterprise)} · traced from ${basisText(r.basis)}`),
        h('p', { class: 'muted' }, `Opened ${actionByText({ by: r.openedBy, at: r.openedAt })}`),
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'recall-reels-title' },
        h('h2', { id: 'recall-reels-title' }, `Affected reels (${r.reels.length})`),
        r.reels.length === 0
          ? h('p', { class: 'empty' }, 'None.')
          : h(
              'ul',
              { class: 'recall-reels' },
              r.reels.map((reel) => h('li', { 'data-reel': reel }, h('a', { href: reelHref(r.enterprise, reel) }, reel))),
            ),
        h('h2', null, `Customers (${r.customers.length})`),
        r.customers.length === 0
          ? h('p', { class: 'empty' }, 'None: no affected reel was shipped.')
          : h(
              'ul',
              { class: 'recall-customers' },
              r.customers.map((c) => h('li', { 'data-customer': c }, c)),
            ),
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'recall-actions-title' },
        h('h2', { id: 'recall-actions-title' }, 'Actions'),
        r.actions.length === 0
          ? h('p', { class: 'empty' }, 'No action yet.')
          : h(
              'ol',
              { class: 'recall-actions' },
              r.actions.map((a) =>
                h(
                  'li',
                  { class: 'recall-action', 'data-by': a.by, 'data-at': a.at },
                  h('strong', { class: 'action-text' }, a.action),
                  ' ',
                  h('span', { class: 'action-who' }, actionByText(a)),
                  a.note ? h('p', { class: 'action-note' }, a.note) : null,
                ),
              ),
            ),
        regulator ? recallActionForm(ctx, r, show) : null,
      ),
    );
  };

  ctx.api
    .get<RecallRecord>(`/api/trace/recalls/${encodeURIComponent(id)}`, controller.signal)
    .then(show)
    .catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') fill(body, h('p', { class: 'form-error', role: 'alert' }, `The recall case could not be loaded: ${(err as Error).message}`));
    });
  return { element, destroy: () => controller.abort() };
}
