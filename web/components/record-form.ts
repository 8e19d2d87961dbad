/**
 * The form of one register record, made from its kind's fields
 * (web/model/record-form.ts): a text input per field, a select per choice,
 * a checkbox per flag, a text area per list or note. Dates are typed
 * (YYYY-MM-DD) and judged by the API like every other field; its refusal
 * is shown next to each field it names, the rest above the buttons.
 */
import { h } from '../lib/dom.js';
import { fieldErrors, fieldHint, fieldLabel, formFields, type FormValues } from '../model/record-form.js';
import { ApiError } from '../services/api-client.js';
import type { FieldSpec } from '../../supervision/record-fields.js';
import type { RecordKind } from '../../supervision/records.js';

export interface RecordFormOptions {
  readonly kind: RecordKind;
  readonly values: FormValues;
  /** 'create' or 'edit': names the form for tests and screen readers. */
  readonly mode: 'create' | 'edit';
  readonly submitText: string;
  /** Sends the values; a rejection with an ApiError is shown on the form. */
  submit(values: FormValues): Promise<void>;
  cancel(): void;
}

let formSeq = 0;

export function recordForm(options: RecordFormOptions): HTMLFormElement {
  const prefix = `rf${++formSeq}`;
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();
  const general = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, options.submitText);

  const fieldRows = formFields(options.kind).map((f) => {
    const id = `${prefix}-${f.name}`;
    const errorId = `${id}-error`;
    const input = inputFor(f, id, options.values[f.name]);
    input.setAttribute('aria-describedby', errorId);
    input.dataset.field = f.name;
    inputs.set(f.name, input);
    const error = h('p', { class: 'field-error', id: errorId, 'data-error-for': f.name });
    errors.set(f.name, error);
    const hint = fieldHint(f);
    if (f.type === 'boolean') {
      return h('div', { class: 'field check-field' }, h('label', { for: id }, input, ' ', fieldLabel(f.name)), error);
    }
    return h(
      'div',
      { class: `field${f.type === 'note' || f.type === 'list' ? ' wide-field' : ''}` },
      h('label', { for: id }, fieldLabel(f.name), hint ? h('span', { class: 'hint' }, ` (${hint})`) : null),
      input,
      error,
    );
  });

  const form = h(
    'form',
    { class: 'record-form', 'data-kind': options.kind, 'data-mode': options.mode, novalidate: true },
    h('div', { class: 'record-fields' }, fieldRows),
    general,
    h('div', { class: 'form-buttons' }, submit, h('button', { type: 'button', class: 'button', onclick: () => options.cancel() }, 'Cancel')),
  );

  const clearErrors = () => {
    general.textContent = '';
    for (const [name, el] of errors) {
      el.textContent = '';
      inputs.get(name)?.removeAttribute('aria-invalid');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    const values: FormValues = {};
    for (const [name, input] of inputs) values[name] = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
    submit.disabled = true;
    options
      .submit(values)
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof ApiError && err.status === 400) {
          const found = fieldErrors(options.kind, message);
          for (const [name, text] of found.byField) {
            errors.get(name)!.textContent = text;
            inputs.get(name)!.setAttribute('aria-invalid', 'true');
          }
          general.textContent = found.general.join('; ');
          const first = [...found.byField.keys()][0];
          if (first) inputs.get(first)!.focus();
        } else if (err instanceof ApiError && err.status === 409) {
          general.textContent = `${message}. Someone else changed it since you opened it: cancel and edit it again.`;
        } else general.textContent = message;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}

function inputFor(f: FieldSpec, id: string, value: string | boolean | undefined): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const text = typeof value === 'string' ? value : '';
  switch (f.type) {
    case 'boolean':
      return h('input', { type: 'checkbox', id, checked: value === true });
    case 'enum':
      return h(
        'select',
        { id },
        h('option', { value: '', selected: text === '' }, f.nullable ? '(none)' : 'Choose…'),
        (f.values ?? []).map((v) => h('option', { value: v, selected: v === text }, v)),
      );
    case 'list':
    case 'note':
      return h('textarea', { id, rows: 2 }, text);
    case 'day':
      return h('input', { type: 'text', id, value: text, placeholder: 'YYYY-MM-DD', autocomplete: 'off', inputmode: 'numeric' });
    case 'year':
    case 'amount':
      return h('input', { type: 'text', id, value: text, autocomplete: 'off', inputmode: 'decimal' });
    default:
      return h('input', { type: 'text', id, value: text, autocomplete: 'off' });
  }
}
