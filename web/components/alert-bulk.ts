/**
 * Acknowledge several episodes at once (POST /api/alerts/ack): the ones
 * selected in the list, one comment (and, if known, one cause) for all.
 * The answer lists the episodes acknowledged and, for each that could not
 * be, why; the bar says both, and the list shows the new states at once.
 */
import type { AppContext } from '../app-context.js';
import type { Alert } from '../model/alerts-model.js';
import { announce, fill, h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import { explain } from './alert-actions.js';

interface BulkAnswer {
  readonly acknowledged: Alert[];
  readonly failures: Array<{ id: string; code: string; message: string }>;
}

export class BulkAcknowledge {
  readonly element: HTMLElement;
  private readonly count = h('span', { class: 'bulk-count', role: 'status' });
  private readonly comment = h('input', { type: 'text', id: 'bulk-comment', name: 'comment', maxlength: 2000, placeholder: 'e.g. seen at the shift handover, line checked', autocomplete: 'off' });
  private readonly cause = h('select', { id: 'bulk-cause', name: 'cause' });
  private readonly submit = h('button', { type: 'submit', class: 'button primary' }, 'Acknowledge selected');
  private readonly selectAll = h('button', { type: 'button', class: 'button small' }, 'Select all active');
  private readonly clear = h('button', { type: 'button', class: 'button small' }, 'Clear');
  private readonly result = h('div', { class: 'bulk-result', role: 'alert' });
  private selected: readonly string[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: AppContext,
    private readonly select: (on: boolean) => void,
  ) {
    const form = h(
      'form',
      { class: 'bulk-form', 'aria-label': 'Acknowledge several episodes', novalidate: true },
      h('div', { class: 'bulk-pick' }, this.count, this.selectAll, this.clear),
      h('div', { class: 'field grow' }, h('label', { for: 'bulk-comment' }, 'Comment for all ', h('span', { class: 'hint' }, '(required)')), this.comment),
      h('div', { class: 'field' }, h('label', { for: 'bulk-cause' }, 'Cause ', h('span', { class: 'hint' }, '(optional)')), this.cause),
      this.submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.selectAll.addEventListener('click', () => this.select(true));
    this.clear.addEventListener('click', () => this.select(false));
    this.element = h('section', { class: 'panel bulk-panel', 'data-bulk': '' }, form, this.result);
    this.fillCauses();
    this.unsubscribe = ctx.catalogue.subscribe(() => this.fillCauses());
    this.setSelection(new Set());
  }

  setSelection(selected: ReadonlySet<string>): void {
    this.selected = [...selected];
    const n = this.selected.length;
    this.count.textContent = n === 0 ? 'No episode selected' : `${formatCount(n)} selected`;
    this.submit.disabled = n === 0;
    this.clear.disabled = n === 0;
  }

  destroy(): void {
    this.unsubscribe();
  }

  private fillCauses(): void {
    const chosen = this.cause.value;
    fill(
      this.cause,
      h('option', { value: '' }, '— not known yet —'),
      this.ctx.catalogue.causes.map((c) => h('option', { value: c.id, selected: c.id === chosen }, c.label)),
    );
  }

  private async send(): Promise<void> {
    const text = this.comment.value.trim();
    if (this.selected.length === 0) return;
    if (text.length === 0) {
      fill(this.result, h('p', { class: 'form-error' }, 'Write a comment for the episodes you acknowledge.'));
      this.comment.focus();
      return;
    }
    this.submit.disabled = true;
    fill(this.result);
    try {
      const answer = await this.ctx.api.post<BulkAnswer>('/api/alerts/ack', { ids: this.selected, comment: text, ...(this.cause.value ? { cause: this.cause.value } : {}) });
      for (const a of answer.acknowledged) this.ctx.alerts.replace(a);
      const done = answer.acknowledged.length;
      fill(
        this.result,
        h('p', { class: 'bulk-done' }, `${formatCount(done)} episode${done === 1 ? '' : 's'} acknowledged.`),
        answer.failures.length > 0
          ? [
              h('p', { class: 'form-error' }, `${formatCount(answer.failures.length)} could not be:`),
              h(
                'ul',
                { class: 'bulk-failures' },
                answer.failures.map((f) => h('li', { 'data-alert-id': f.id }, `${f.id}: ${f.message}`)),
              ),
            ]
          : null,
      );
      announce(`${done} episodes acknowledged${answer.failures.length > 0 ? `, ${answer.failures.length} could not be` : ''}.`);
      this.comment.value = '';
      this.select(false);
    } catch (err) {
      fill(this.result, h('p', { class: 'form-error' }, explain(err)));
    } finally {
      this.submit.disabled = this.selected.length === 0;
    }
  }
}
