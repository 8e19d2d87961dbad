/**
 * The supervision register of one enterprise (`#/register?enterprise=<id>`):
 * its records by kind, each kind a table with the fields of
 * supervision/record-fields.ts. A regulator adds, edits and deletes records
 * with forms the API validates, imports a CSV of one kind (all or nothing:
 * a refused file lists its bad rows and nothing is stored), exports each
 * kind, and reads the audit trail. An enterprise user sees its own records
 * here, read-only ("My records"), and may export them.
 */
import type { AppContext, View } from '../app-context.js';
import { AuditTrail } from '../components/audit-trail.js';
import { recordForm } from '../components/record-form.js';
import { announce, fill, h } from '../lib/dom.js';
import { formatDateTime, plural } from '../lib/format.js';
import { cellText, emptyValues, fieldLabel, formFields, KIND_TITLES, recordFields, valuesOf, type FormValues } from '../model/record-form.js';
import type { RecordView } from '../model/supervision-types.js';
import { ApiError } from '../services/api-client.js';
import { RECORD_KINDS, type RecordKind } from '../../supervision/records.js';

export function registerView(ctx: AppContext, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const enterprises = ctx.session.enterprises;
  const asked = params.get('enterprise');
  const id = regulator ? (asked && ctx.enterprise(asked) ? asked : (enterprises[0]?.id ?? '')) : (ctx.session.user.enterprise ?? '');
  const name = ctx.enterpriseName(id);
  let destroyed = false;

  const picker = regulator
    ? h(
        'div',
        { class: 'filter' },
        h('label', { for: 'register-enterprise' }, 'Enterprise'),
        h(
          'select',
          { id: 'register-enterprise', onchange: (e: Event) => (location.hash = `#/register?enterprise=${encodeURIComponent((e.target as HTMLSelectElement).value)}`) },
          enterprises.map((e) => h('option', { value: e.id, selected: e.id === id }, e.name)),
        ),
      )
    : null;
  const body = h('div', { class: 'register-body' }, h('p', { class: 'loading' }, 'Loading the register…'));
  const element = h(
    'div',
    { class: 'view register', 'data-enterprise': id, 'data-readonly': regulator ? 'false' : 'true' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, regulator ? `Register · ${name}` : 'My records'),
      h(
        'p',
        { class: 'subtitle' },
        regulator
          ? 'The records the classification standard names. Every change is validated and audited: who, when, before and after.'
          : `${name}: the records the bureau keeps on you, read-only. Tell the bureau if one is wrong.`,
      ),
      picker,
    ),
    body,
  );

  const sections = new Map<RecordKind, KindSection>();
  const audit = regulator && id ? new AuditTrail(ctx, id) : null;

  const reload = async () => {
    try {
      const answer = await ctx.api.get<{ records: RecordView[] }>(`/api/register/records?enterprise=${encodeURIComponent(id)}`);
      if (destroyed) return;
      for (const kind of RECORD_KINDS) sections.get(kind)?.show(answer.records.filter((r) => r.kind === kind));
    } catch (err) {
      if (!destroyed) for (const s of sections.values()) s.failed((err as Error).message);
    }
  };
  const changed = async () => {
    await reload();
    await audit?.load();
  };

  if (!id) fill(body, h('p', { class: 'empty' }, 'No enterprise to show.'));
  else if (!ctx.session.features.supervision) fill(body, h('div', { class: 'notice', role: 'note' }, 'This server keeps no supervision register.'));
  else {
    for (const kind of RECORD_KINDS) sections.set(kind, new KindSection(ctx, kind, id, regulator, changed));
    fill(
      body,
      regulator ? importPanel(ctx, changed) : null,
      h('div', { class: 'record-kinds' }, [...sections.values()].map((s) => s.element)),
      audit ? h('section', { class: 'panel', 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit trail'), audit.element) : null,
    );
    void reload();
    void audit?.load();
  }

  return {
    element,
    destroy() {
      destroyed = true;
    },
  };
}

/** One kind's records: a table, and for a regulator the add/edit form and delete. */
class KindSection {
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
          h('thead', null, h('tr', null, fields.map((f) => h('th', { scope: 'col', 'data-field': f.name }, f.name === 'internal' ? 'Internal' : fieldLabel(f.name))), h('th', { scope: 'col' }, 'Last change'), this.editable ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
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

/** A CSV file of one kind, imported all or nothing; a refusal lists every bad row. */
function importPanel(ctx: AppContext, changed: () => Promise<void>): HTMLElement {
  const kind = h('select', { id: 'import-kind' }, RECORD_KINDS.map((k) => h('option', { value: k }, k)));
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv' });
  const button = h('button', { type: 'submit', class: 'button primary' }, 'Import');
  const result = h('div', { class: 'import-result', role: 'status' });
  const form = h(
    'form',
    { class: 'import-form' },
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'field' }, h('label', { for: 'import-kind' }, 'Kind of records'), kind),
      h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'CSV file'), file),
      h('div', { class: 'field' }, h('span', { 'aria-hidden': 'true' }, '\u00a0'), button),
    ),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      fill(result, h('p', { class: 'form-error' }, 'Choose a CSV file first.'));
      return;
    }
    button.disabled = true;
    fill(result, h('p', { class: 'loading' }, `Importing ${chosen.name}…`));
    chosen
      .text()
      .then((text) => ctx.api.postText<{ imported: number }>(`/api/register/import?kind=${encodeURIComponent(kind.value)}`, text, 'text/csv'))
      .then(async (answer) => {
        fill(result, h('p', { class: 'import-ok', 'data-imported': answer.imported }, `Imported ${plural(answer.imported, 'record')} from ${chosen.name}.`));
        file.value = '';
        await changed();
      })
      .catch((err: unknown) => {
        const rows = err instanceof ApiError ? err.rows : [];
        fill(
          result,
          h('div', { class: 'import-refused' }, h('p', { class: 'form-error' }, rows.length > 0 ? `Nothing was imported: ${plural(rows.length, 'bad row')} in ${chosen.name}.` : `Nothing was imported: ${(err as Error).message}`)),
          rows.length > 0 ? h('ul', { class: 'bad-rows' }, rows.map((r) => h('li', { 'data-row': r.row }, h('strong', null, `Row ${r.row}: `), r.reason))) : null,
        );
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, 'Import a CSV'),
    h('p', { class: 'muted' }, 'One kind per file, with the columns of its export; each row names its enterprise. A file with a bad row is refused whole, every bad row listed with its number (the header is row 1).'),
    form,
  );
}
