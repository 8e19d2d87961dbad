/**
 * Acknowledge or resolve an alert, with the comment the API requires (cause
 * and corrective action). The form says what went wrong in words when the
 * API refuses, and never loses what the user typed.
 */
import type { Alert } from '../model/alerts-model.js';
import { announce, h } from '../lib/dom.js';
import { ApiError, type ApiClient } from '../services/api-client.js';

export type AlertAction = 'ack' | 'resolve';

const WORDS: Record<AlertAction, { verb: string; done: string }> = {
  ack: { verb: 'Acknowledge', done: 'acknowledged' },
  resolve: { verb: 'Resolve', done: 'resolved' },
};

export function actionsAllowed(alert: Alert): AlertAction[] {
  if (alert.status === 'active') return ['ack', 'resolve'];
  if (alert.status === 'acknowledged') return ['resolve'];
  return [];
}

let formIds = 0;

/** The inline form; `done` gets the alert as the API returned it, `cancel` closes the form. */
export function alertActionForm(alert: Alert, action: AlertAction, api: ApiClient, done: (alert: Alert) => void, cancel: () => void): HTMLFormElement {
  const id = `action-${++formIds}`;
  const words = WORDS[action];
  const comment = h('textarea', { id, name: 'comment', required: true, maxlength: 2000, rows: 2, placeholder: action === 'ack' ? 'e.g. line stopped, die being checked' : 'e.g. worn die replaced, thickness back at nominal' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, words.verb);
  const form = h(
    'form',
    { class: 'action-form', 'data-action': action },
    h('label', { for: id }, `${words.verb}: cause and corrective action `, h('span', { class: 'hint' }, '(required)')),
    comment,
    error,
    h('div', { class: 'form-buttons' }, submit, h('button', { type: 'button', class: 'button', onclick: () => cancel() }, 'Cancel')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = comment.value.trim();
    if (text.length === 0) {
      error.textContent = 'Write a comment: what caused it and what was done.';
      comment.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    api
      .post<{ alert: Alert }>(`/api/alerts/${encodeURIComponent(alert.id)}/${action}`, { comment: text })
      .then(({ alert: changed }) => {
        announce(`Alert ${words.done}.`);
        done(changed);
      })
      .catch(async (err: unknown) => {
        submit.disabled = false;
        error.textContent = explain(err);
        if (err instanceof ApiError && err.status === 409) {
          // Someone else acted first: show the alert as it is now.
          const now = await api.get<{ alert: Alert }>(`/api/alerts/${encodeURIComponent(alert.id)}`).catch(() => null);
          if (now) done(now.alert);
        }
      });
  });
  queueMicrotask(() => comment.focus());
  return form;
}

function explain(err: unknown): string {
  if (!(err instanceof ApiError)) return 'The action failed; try again.';
  if (err.status === 409) return `Not possible any more: ${err.message}.`;
  if (err.status === 503) return 'The analytics service did not confirm the action; reload the alert before trying again.';
  return err.message;
}
