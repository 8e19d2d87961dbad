/**
 * Acknowledge or resolve an episode: a cause and a corrective action from
 * the catalogue (GET /api/alerts/causes) plus a comment in free text.
 * Resolving needs both (so causes can be counted); acknowledging takes them
 * if known. An episode that resolved by itself can be given its cause and
 * action afterwards ("Give cause…"). The form says what went wrong in words
 * when the API refuses, and never loses what the user typed or chose.
 */
import type { Alert } from '../model/alerts-model.js';
import type { Catalogue, CatalogueEntry } from '../model/catalogue.js';
import { announce, h } from '../lib/dom.js';
import { needsCause } from '../lib/episodes.js';
import { ApiError, type ApiClient } from '../services/api-client.js';

/** 'cause': give the cause and action of an episode that resolved by itself (the resolve route). */
export type AlertButton = 'ack' | 'resolve' | 'cause';

const WORDS: Record<AlertButton, { button: string; verb: string; done: string; route: 'ack' | 'resolve' }> = {
  ack: { button: 'Acknowledge…', verb: 'Acknowledge', done: 'acknowledged', route: 'ack' },
  resolve: { button: 'Resolve…', verb: 'Resolve', done: 'resolved', route: 'resolve' },
  cause: { button: 'Give cause…', verb: 'Save cause', done: 'given its cause', route: 'resolve' },
};

export function actionButtonText(action: AlertButton): string {
  return WORDS[action].button;
}

export function actionsAllowed(alert: Alert): AlertButton[] {
  if (alert.status === 'active') return ['ack', 'resolve'];
  if (alert.status === 'acknowledged') return ['resolve'];
  return needsCause(alert) ? ['cause'] : [];
}

let formIds = 0;

/** The inline form; `done` gets the alert as the API returned it, `cancel` closes the form. */
export function alertActionForm(alert: Alert, action: AlertButton, api: ApiClient, catalogue: Catalogue, done: (alert: Alert) => void, cancel: () => void): HTMLFormElement {
  const id = `action-${++formIds}`;
  const words = WORDS[action];
  const needed = action !== 'ack';
  // An acknowledgement's cause, if it named one, is where a resolution starts.
  const known = alert.acknowledged;
  const cause = select(`${id}-cause`, 'cause', needed ? 'choose a cause' : 'not known yet', catalogue.causes, known?.cause ?? null, needed);
  const corrective = select(`${id}-action`, 'action', needed ? 'choose an action' : 'none yet', catalogue.actions, known?.action ?? null, needed);
  const comment = h('textarea', {
    id: `${id}-comment`,
    name: 'comment',
    required: true,
    maxlength: 2000,
    rows: 2,
    placeholder: action === 'ack' ? 'e.g. line stopped, die being checked' : 'e.g. worn die tip replaced, wall back at nominal',
  });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, words.verb);
  const hint = needed ? '(required)' : '(optional)';
  const form = h(
    'form',
    { class: 'action-form', 'data-action': action, novalidate: true },
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'field' }, h('label', { for: cause.id }, 'Cause ', h('span', { class: 'hint' }, hint)), cause),
      h('div', { class: 'field' }, h('label', { for: corrective.id }, 'Corrective action ', h('span', { class: 'hint' }, hint)), corrective),
    ),
    h('label', { for: comment.id }, `Comment: what was found and done `, h('span', { class: 'hint' }, '(required)')),
    comment,
    error,
    h('div', { class: 'form-buttons' }, submit, h('button', { type: 'button', class: 'button', onclick: () => cancel() }, 'Cancel')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = comment.value.trim();
    if (needed && (cause.value === '' || corrective.value === '')) {
      error.textContent = `Choose a cause and a corrective action: ${action === 'cause' ? 'giving the cause' : 'resolving'} needs both, so that causes can be counted.`;
      (cause.value === '' ? cause : corrective).focus();
      return;
    }
    if (text.length === 0) {
      error.textContent = 'Write a comment: what was found and what was done.';
      comment.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    const body: Record<string, string> = { comment: text };
    if (cause.value) body.cause = cause.value;
    if (corrective.value) body.action = corrective.value;
    api
      .post<{ alert: Alert }>(`/api/alerts/${encodeURIComponent(alert.id)}/${words.route}`, body)
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
  queueMicrotask(() => (needed ? cause : comment).focus());
  return form;
}

function select(id: string, name: string, placeholder: string, entries: readonly CatalogueEntry[], chosen: string | null, required: boolean): HTMLSelectElement {
  return h(
    'select',
    { id, name, required },
    h('option', { value: '' }, `— ${placeholder} —`),
    entries.map((e) => h('option', { value: e.id, selected: e.id === chosen }, e.label)),
  );
}

export function explain(err: unknown): string {
  if (!(err instanceof ApiError)) return 'The action failed; try again.';
  if (err.status === 409) return `Not possible any more: ${err.message}.`;
  if (err.status === 503) return 'The analytics service did not confirm the action; reload the alert before trying again.';
  return err.message;
}
