/**
 * A regulator records a step of a recall case: what was done, a note and,
 * optionally, the case's new status. The API appends it with who and when.
 */
import type { AppContext } from '../app-context.js';
import { h } from '../lib/dom.js';
import { recallStatusText } from '../model/trace-model.js';
import { RECALL_STATUSES, type RecallRecord } from '../../trace/records/trace-records.js';

export function recallActionForm(ctx: AppContext, recall: RecallRecord, saved: (recall: RecallRecord) => void): HTMLElement {
  const action = h('input', { id: 'recall-action', name: 'action', type: 'text', required: true, autocomplete: 'off' });
  const note = h('textarea', { id: 'recall-note', name: 'note', rows: 2 });
  const status = h(
    'select',
    { id: 'recall-status', name: 'status' },
    h('option', { value: '' }, `unchanged (${recallStatusText(recall.status)})`),
    RECALL_STATUSES.filter((s) => s !== recall.status).map((s) => h('option', { value: s }, recallStatusText(s))),
  );
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Add the action');
  return h(
    'form',
    {
      class: 'recall-action-form',
      'aria-labelledby': 'recall-action-title',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        if (!action.value.trim()) {
          error.textContent = 'Say what was done.';
          return;
        }
        submit.disabled = true;
        try {
          const body = { action: action.value.trim(), note: note.value.trim(), ...(status.value ? { status: status.value } : {}) };
          saved(await ctx.api.post<RecallRecord>(`/api/trace/recalls/${encodeURIComponent(recall.id)}/actions`, body));
        } catch (err) {
          error.textContent = (err as Error).message;
          submit.disabled = false;
        }
      },
    },
    h('h3', { id: 'recall-action-title' }, 'Add an action'),
    h('div', { class: 'field' }, h('label', { for: 'recall-action' }, 'Action'), action),
    h('div', { class: 'field' }, h('label', { for: 'recall-note' }, 'Note'), note),
    h('div', { class: 'field' }, h('label', { for: 'recall-status' }, 'New status'), status),
    submit,
    error,
  );
}
