/**
 * One kind of register record on the register page: a table with the
 * kind's fields, and for a regulator the add and edit form
 * (record-form.ts), a delete that asks first, and the CSV export of the
 * kind (an enterprise user may export its own).
 */
import type { AppContext } from '../app-context.js';
import { announce, fill, h } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import { cellText, emptyValues, fieldLabel, formFields, KIND_TITLES, recordFields, valuesOf, type FormValues } from '../model/record-form.js';
import type { RecordView } from '../model/supervision-types.js';
import type { RecordKind } from '../../supervision/records.js';
import { recordForm } from './record-form.js';

/** One kind's records: a table, and for a regulator the add/edit form and delete. */
export class RecordKindSection {
  readonly element: HTMLElement;
  private readonly table = h('div', { class: 'record-table-slot' }, h('p', { class: 'loading' }, 'Loading…'));
  private readonly formSlot = h('div', { class: 'record-form-slot' });
  private readonly count = h('span', { class: 'muted record-count' });

  constructor(
    private readonly ctx: AppContext,
    private readonly kind: RecordKind,
    private readonly enterprise: string,
    private readonly editable: boolean,
    private readonly changed: () => Promise<void>,
  ) {
    const titleId = `kind-${kind}`;
    this.element = h(
      'section',
      { class: 'panel record-kind', 'data-kind': kind, 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: titleId }, KIND_TITLES[kind], ' ', this.count),
        h(
          'div',
          { class: 'form-buttons' },
          editable ? h('button', { type: 'button', class: 'button small', 'data-add': kind, onclick: () => this.openCreate() }, 'Add…') : null,
          h('button', { type: 'button', class: 'button small', onclick: () => void this.exportCsv() }, 'Export CSV'),
        ),
      ),
      this.formSlot,
      this.table,
    );
  }

  show(records: readonly RecordView[]): void {
    this.count.textContent = `(${records.length})`;
    if (records.length === 0) {
      fill(this.table, h('p', { class: 'empty' }, 'None recorded.'));
      return;
    }
    const fields = formFields(this.kind);
    fill(
      this.table,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'record-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              fields.map((f) => h('th', { scope: 'col', 'data-field': f.name }, f.name === 'internal' ? 'Internal' : fieldLabel(f.name))),
              h('th', { scope: 'col' }, 'Last change'),
              this.editable ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null,
            ),
          ),
          h(
            'tbody',
            null,
            records.map((r) => {
              const values = r.record as unknown as Record<string, unknown>;
              return h(
                'tr',
                { 'data-record-id': r.id, 'data-version': r.version },
                fields.map((f) => h('td', { 'data-field': f.name }, cellText(f, values[f.name]))),
                h('td', { class: 'muted' }, `v${r.version} · ${r.updatedBy} · ${formatDateTime(Date.parse(r.updatedAt))}`),
                this.editable ? h('td', { class: 'row-actions' }, this.rowActions(r)) : null,
              );
            }),
          ),
        ),
      ),
    );
  }

  failed(message: string): void {
    fill(this.table, h('p', { class: 'form-error' }, `The records could not be loaded: ${message}`));
  }

  private rowActions(r: RecordView): HTMLElement {
    const cell = h('div', { class: 'form-buttons' });
    const normal = () =>
      fill(
        cell,
        h('button', { type: 'button', class: 'button small', onclick: () => this.openEdit(r) }, 'Edit…'),
        h('button', { type: 'button', class: 'button small', onclick: () => confirm() }, 'Delete…'),
      );
    const confirm = () =>
      fill(
        cell,
        h(
          'button',
          {
            type: 'button',
            class: 'button small danger',
            onclick: () => {
              this.ctx.api
                .delete(`/api/register/records/${encodeURIComponent(r.id)}?version=${r.version}`)
                .then(() => {
                  announce('Record deleted.');
                  return this.changed();
                })
                .catch((err: unknown) => {
                  normal();
                  cell.append(h('p', { class: 'form-error' }, (err as Error).message));
                });
            },
          },
          'Delete it',
        ),
        h('button', { type: 'button', class: 'button small', onclick: () => normal() }, 'Keep'),
      );
    normal();
    return cell;
  }

  private openCreate(): void {
    this.openForm('create', emptyValues(this.kind), async (values) => {
      await this.ctx.api.post('/api/register/records', { kind: this.kind, enterprise: this.enterprise, ...recordFields(this.kind, values) });
    });
  }

  private openEdit(r: RecordView): void {
    this.openForm('edit', valuesOf(r.record), async (values) => {
      await this.ctx.api.put(`/api/register/records/${encodeURIComponent(r.id)}`, { version: r.version, record: recordFields(this.kind, values) });
    });
  }

  private openForm(mode: 'create' | 'edit', values: FormValues, send: (values: FormValues) => Promise<void>): void {
    const close = () => fill(this.formSlot);
    const form = recordForm({
      kind: this.kind,
      values,
      mode,
      submitText: mode === 'create' ? 'Save record' : 'Save changes',
      submit: async (v) => {
        await send(v);
        close();
        announce(mode === 'create' ? 'Record saved.' : 'Changes saved.');
        await this.changed();
      },
      cancel: close,
    });
    fill(this.formSlot, h('h3', null, mode === 'create' ? `New: ${KIND_TITLES[this.kind]}` : 'Edit the record'), form);
    form.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }

  private async exportCsv(): Promise<void> {
    try {
      const csv = await this.ctx.api.getText(`/api/register/export?kind=${this.kind}&enterprise=${encodeURIComponent(this.enterprise)}`);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = h('a', { href: url, download: `${this.kind}-${this.enterprise}.csv`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      announce(`The export failed: ${(err as Error).message}`);
      this.table.prepend(h('p', { class: 'form-error' }, `The export failed: ${(err as Error).message}`));
    }
  }
}
