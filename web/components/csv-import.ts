/**
 * The register page's CSV import: one kind per file, sent as it is to the
 * API, which imports all of it or nothing; a refused file lists every bad
 * row with its number (the header is row 1).
 */
import type { AppContext } from '../app-context.js';
import { fill, h } from '../lib/dom.js';
import { plural } from '../lib/format.js';
import { ApiError } from '../services/api-client.js';
import { RECORD_KINDS } from '../../supervision/records.js';

/** A CSV file of one kind, imported all or nothing; a refusal lists every bad row. */
export function csvImportPanel(ctx: AppContext, changed: () => Promise<void>): HTMLElement {
  const kind = h(
    'select',
    { id: 'import-kind' },
    RECORD_KINDS.map((k) => h('option', { value: k }, k)),
  );
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
          h(
            'div',
            { class: 'import-refused' },
            h('p', { class: 'form-error' }, rows.length > 0 ? `Nothing was imported: ${plural(rows.length, 'bad row')} in ${chosen.name}.` : `Nothing was imported: ${(err as Error).message}`),
          ),
          rows.length > 0
            ? h(
                'ul',
                { class: 'bad-rows' },
                rows.map((r) => h('li', { 'data-row': r.row }, h('strong', null, `Row ${r.row}: `), r.reason)),
              )
            : null,
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
    h(
      'p',
      { class: 'muted' },
      'One kind per file, with the columns of its export; each row names its enterprise. A file with a bad row is refused whole, every bad row listed with its number (the header is row 1).',
    ),
    form,
  );
}
