/**
 * Recall cases (`#/recalls?enterprise=<id>`): every case the bureau opened,
 * newest first, with its status and how many reels and customers it names.
 * A regulator sees all (or one enterprise's); an enterprise user its own,
 * read-only.
 */
import type { AppContext, View } from '../app-context.js';
import { fill, h } from '../lib/dom.js';
import { basisText, instantText, recallStatusText } from '../model/trace-model.js';
import type { RecallCaseList } from '../model/trace-types.js';

export function recallsView(ctx: AppContext, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const enterprise = regulator ? (params.get('enterprise') ?? '') : (ctx.session.user.enterprise ?? '');
  const controller = new AbortController();
  const list = h('div', { class: 'recall-list' }, h('p', { class: 'loading' }, 'Loading the recall cases…'));
  const element = h(
    'div',
    { class: 'view recalls', 'data-enterprise': enterprise },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Recall cases'),
      h(
        'p',
        { class: 'subtitle' },
        regulator ? 'Open a case from a trace (Trace page); each lists the affected reels, customers and actions.' : 'The recall cases the bureau opened on your reels, read-only.',
      ),
    ),
    h('section', { class: 'panel' }, list),
  );
  ctx.api
    .get<RecallCaseList>(`/api/trace/recalls${enterprise ? `?enterprise=${encodeURIComponent(enterprise)}` : ''}`, controller.signal)
    .then(({ recalls }) => {
      if (recalls.length === 0) return fill(list, h('p', { class: 'empty' }, 'No recall case.'));
      const sorted = [...recalls].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
      fill(
        list,
        h(
          'table',
          { class: 'record-table recalls-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['Case', 'Enterprise', 'Basis', 'Status', 'Reels', 'Customers', 'Opened'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            null,
            sorted.map((r) =>
              h(
                'tr',
                { 'data-recall-id': r.id, 'data-status': r.status },
                h('td', null, h('a', { href: `#/recalls/${encodeURIComponent(r.id)}` }, r.title)),
                h('td', null, ctx.enterpriseName(r.enterprise)),
                h('td', null, basisText(r.basis)),
                h('td', null, recallStatusText(r.status)),
                h('td', { class: 'num' }, String(r.reels.length)),
                h('td', { class: 'num' }, String(r.customers.length)),
                h('td', null, `${instantText(r.openedAt)} by ${r.openedBy}`),
              ),
            ),
          ),
        ),
      );
    })
    .catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') fill(list, h('p', { class: 'form-error', role: 'alert' }, `The recall cases could not be loaded: ${(err as Error).message}`));
    });
  return { element, destroy: () => controller.abort() };
}
