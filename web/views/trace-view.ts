/**
 * The trace (`#/trace?enterprise=&line=&from=&to=`, `&episode=` or `&lot=`):
 * every reel a line made in a time range, or made during an alert episode,
 * or from a material lot, with its verdict and where it was shipped; the
 * customers to recall from; the CSV. A regulator picks the enterprise and
 * may open a recall case from the trace; an enterprise user traces its own.
 */
import type { AppContext, View } from '../app-context.js';
import { recallOpenForm } from '../components/recall-open.js';
import { traceForm } from '../components/trace-form.js';
import { traceResults } from '../components/trace-results.js';
import { fill, h } from '../lib/dom.js';
import { traceApiPath, traceQueryOf } from '../model/trace-model.js';
import type { ForwardTrace } from '../model/trace-types.js';

export function traceView(ctx: AppContext, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const enterprises = ctx.session.enterprises;
  const asked = params.get('enterprise');
  const id = regulator ? (asked && ctx.enterprise(asked) ? asked : (enterprises[0]?.id ?? '')) : (ctx.session.user.enterprise ?? '');
  const lines = ctx.enterprise(id)?.lines.map((l) => l.id) ?? [];
  const controller = new AbortController();
  const go = (hash: string) => (location.hash = hash);

  const picker = regulator
    ? h(
        'div',
        { class: 'filter' },
        h('label', { for: 'trace-enterprise' }, 'Enterprise'),
        h(
          'select',
          { id: 'trace-enterprise', onchange: (e: Event) => go(`#/trace?enterprise=${encodeURIComponent((e.target as HTMLSelectElement).value)}`) },
          enterprises.map((e) => h('option', { value: e.id, selected: e.id === id }, e.name)),
        ),
      )
    : null;
  const results = h('section', { class: 'panel', 'aria-labelledby': 'trace-results-title' }, h('h2', { id: 'trace-results-title' }, 'Affected reels'));
  const body = h('div', { class: 'trace-body' });
  const element = h(
    'div',
    { class: 'view trace', 'data-enterprise': id },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, regulator ? `Trace · ${ctx.enterpriseName(id)}` : 'Trace'),
      h('p', { class: 'subtitle' }, 'Every reel made on a line in a time range, during an alert episode or from a material lot: its verdict, and where it went.'),
      picker,
      h('p', null, h('a', { href: '#/recalls', class: 'panel-link' }, 'Recall cases →')),
    ),
    body,
  );

  const asks = traceQueryOf(params, id);
  fill(body, h('section', { class: 'panel' }, h('h2', null, 'What to trace'), traceForm({ enterprise: id, lines, params, go })), results);
  if (!asks.query) results.append(h('p', { class: 'empty' }, `Nothing traced yet: ${asks.reason}.`));
  else {
    const query = asks.query;
    const loading = h('p', { class: 'loading' }, 'Tracing…');
    results.append(loading);
    ctx.api
      .get<ForwardTrace>(traceApiPath(query), controller.signal)
      .then((answer) => {
        loading.replaceWith(traceResults(ctx, query, answer), regulator ? recallOpenForm(ctx, query, (recall) => go(`#/recalls/${encodeURIComponent(recall.id)}`)) : '');
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') loading.replaceWith(h('p', { class: 'form-error', role: 'alert' }, `The trace failed: ${(err as Error).message}`));
      });
  }
  return { element, destroy: () => controller.abort() };
}
