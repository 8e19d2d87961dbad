/**
 * A regulator opens a recall case from the trace on screen: a title, and
 * the trace's own question as the basis; the API traces it again and keeps
 * the affected reels and customers as they were when the case was opened.
 */
import type { AppContext } from '../app-context.js';
import { h } from '../lib/dom.js';
import { basisText, recallBasis, type TraceQuery } from '../model/trace-model.js';
import type { RecallRecord } from '../model/trace-types.js';

export function recallOpenForm(ctx: AppContext, query: TraceQuery, opened: (recall: RecallRecord) => void): HTMLElement {
  const basis = recallBasis(query);
  const title = h('input', { id: 'recall-title', name: 'title', type: 'text', required: true, autocomplete: 'off' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Open a recall case');
  return h(
    'form',
    {
      class: 'recall-open',
      'aria-labelledby': 'recall-open-title',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        if (!title.value.trim()) {
          error.textContent = 'A title is required.';
          return;
        }
        submit.disabled = true;
        try {
          opened(await ctx.api.post<RecallRecord>('/api/trace/recalls', { enterprise: query.enterprise, title: title.value.trim(), basis }));
        } catch (err) {
          error.textContent = (err as Error).message;
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h3', { id: 'recall-open-title' }, 'Open a recall case'),
    h('p', { class: 'muted' }, `Basis: ${basisText(basis)}.`),
    h('div', { class: 'field' }, h('label', { for: 'recall-title' }, 'Title'), title),
    submit,
    error,
  );
}
