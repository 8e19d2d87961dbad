/**
 * Enterprises ranked by risk, one row each: rank, name, level (shape, word,
 * score), why, class (registered and suggested), alerts, next inspection.
 * Rows are kept by enterprise id and rebuilt only when what they show
 * changed, and moved only when the order changed: a live event touches one
 * row, not a thousand.
 */
import { h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import { levelBadge, neutralBadge } from '../lib/levels.js';
import type { ClusterRow } from '../model/cluster-rows.js';

interface RowEntry {
  element: HTMLTableRowElement;
  signature: string;
}

export class EnterpriseTable {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly rows = new Map<string, RowEntry>();

  constructor(caption: string) {
    this.body = h('tbody');
    this.element = h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'enterprise-table' },
        h('caption', { class: 'visually-hidden' }, caption),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col', class: 'num' }, '#'),
            h('th', { scope: 'col' }, 'Enterprise'),
            h('th', { scope: 'col' }, 'Risk · class'),
            h('th', { scope: 'col', class: 'why-col' }, 'Why'),
            h('th', { scope: 'col' }, 'Alerts'),
          ),
        ),
        this.body,
      ),
    );
  }

  /** Shows `rows` in this order; `rank` numbers follow the full ranking (a filtered view keeps true ranks). */
  update(rows: ReadonlyArray<{ row: ClusterRow; rank: number }>): void {
    const keep = new Set<string>();
    let cursor: ChildNode | null = this.body.firstChild;
    for (const { row, rank } of rows) {
      keep.add(row.id);
      const signature = `${rank}|${JSON.stringify(row)}`;
      let entry = this.rows.get(row.id);
      if (!entry) {
        entry = { element: h('tr'), signature: '' };
        this.rows.set(row.id, entry);
      }
      if (entry.signature !== signature) {
        fillRow(entry.element, row, rank);
        entry.signature = signature;
      }
      if (entry.element === cursor) cursor = cursor.nextSibling;
      else this.body.insertBefore(entry.element, cursor);
    }
    for (const [id, entry] of this.rows) {
      if (!keep.has(id)) {
        entry.element.remove();
        this.rows.delete(id);
      }
    }
  }
}

function fillRow(tr: HTMLTableRowElement, row: ClusterRow, rank: number): void {
  const tone = row.level ?? row.attention ?? 'none';
  tr.className = `row-${tone}`;
  tr.dataset.enterprise = row.id;
  // The badge names the worst active severity; the words below count what is open.
  const alerts: Array<HTMLElement | string> = [];
  if (row.attention) alerts.push(levelBadge(row.attention));
  const counts = [
    row.active > 0 ? `${formatCount(row.active)} active` : '',
    row.acknowledged > 0 ? `${formatCount(row.acknowledged)} acknowledged` : '',
    row.lastHour > 0 ? `${formatCount(row.lastHour)} in the last hour` : '',
  ].filter(Boolean);
  if (counts.length > 0) alerts.push(h('span', { class: 'alert-counts' }, counts.join(' · ')));
  tr.replaceChildren(
    h('td', { class: 'num rank' }, String(rank)),
    h('th', { scope: 'row', class: 'name' }, h('a', { href: `#/enterprises/${encodeURIComponent(row.id)}` }, row.name), h('span', { class: 'id' }, row.id)),
    h(
      'td',
      { class: 'risk-cell' },
      row.level ? levelBadge(row.level, row.score === null ? undefined : row.score.toFixed(0)) : neutralBadge('Not assessed'),
      h('span', { class: 'class-line' }, h('span', { class: 'class-label' }, 'class '), classText(row)),
      row.nextInspection ? h('span', { class: 'next-inspection' }, `next inspection ${row.nextInspection}`, row.inspectionDue ? h('span', { class: 'due' }, ' · due') : null) : null,
    ),
    h('td', { class: 'why' }, row.why),
    h('td', null, h('div', { class: 'alerts-cell' }, alerts.length > 0 ? alerts : h('span', { class: 'muted' }, 'none'))),
  );
}

function classText(row: ClusterRow): Array<HTMLElement | string> {
  if (!row.suggestedClass) return [h('span', { class: 'class-chip' }, row.registeredClass)];
  if (row.suggestedClass === row.registeredClass) return [h('span', { class: 'class-chip', title: 'registered class, as suggested' }, row.registeredClass)];
  return [
    h('span', { class: 'class-chip' }, row.registeredClass),
    h('span', { class: 'class-arrow', 'aria-hidden': 'true' }, ' → '),
    h('span', { class: 'class-chip suggested', title: `suggested class ${row.suggestedClass}` }, row.suggestedClass),
    h('span', { class: 'visually-hidden' }, ` suggested ${row.suggestedClass}`),
  ];
}
