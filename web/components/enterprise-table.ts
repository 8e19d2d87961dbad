/**
 * Enterprises ranked by risk, one row each: rank, name, level (shape, word,
 * score) with the class, why, and what is open: the enterprise's findings
 * by kind, and its alert episodes being worked.
 *
 * Rows are kept by enterprise id, rebuilt only when what they show changed,
 * and moved only when the order changed (keyed-order.ts). The table is made
 * of block rows with ARIA table roles rather than <table>: a browser lays
 * out a <table> again as a whole when one row changes, which with a thousand
 * rows and live re-ranking froze the page for a tenth of a second per frame;
 * block rows are laid out one by one, and rows off screen are skipped
 * (content-visibility in styles.css).
 */
import { h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import { reorder } from '../lib/keyed-order.js';
import { levelBadge, neutralBadge, toneBadge } from '../lib/levels.js';
import type { ClusterRow } from '../model/cluster-rows.js';
import { FINDING_KIND_NAMES } from '../model/findings-model.js';

interface RowEntry {
  element: HTMLElement;
  signature: string;
  rank: number;
}

export class EnterpriseTable {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly rows = new Map<string, RowEntry>();

  constructor(label: string) {
    this.body = h('div', { class: 'rank-body', role: 'rowgroup' });
    const head = (text: string, cls = '') => h('span', { role: 'columnheader', class: cls }, text);
    this.element = h(
      'div',
      { class: 'table-scroll' },
      h(
        'div',
        { class: 'enterprise-table', role: 'table', 'aria-label': label },
        h(
          'div',
          { class: 'rank-head', role: 'rowgroup' },
          h('div', { class: 'rank-row', role: 'row' }, head('#', 'num'), head('Enterprise'), head('Risk · class'), head('Why'), head('Open findings · episodes')),
        ),
        this.body,
      ),
    );
  }

  /** Shows `rows` in this order; `rank` numbers follow the full ranking (a filtered view keeps true ranks). */
  update(rows: ReadonlyArray<{ row: ClusterRow; rank: number }>): void {
    const keep = new Set<string>();
    const wanted: HTMLElement[] = [];
    for (const { row, rank } of rows) {
      keep.add(row.id);
      // The rank is kept apart: when one enterprise climbs, every row below it changes rank but nothing else.
      const signature = JSON.stringify(row);
      let entry = this.rows.get(row.id);
      if (!entry) {
        entry = { element: h('div', { role: 'row' }), signature: '', rank: 0 };
        this.rows.set(row.id, entry);
      }
      if (entry.signature !== signature) {
        fillRow(entry.element, row, rank);
        entry.signature = signature;
        entry.rank = rank;
      } else if (entry.rank !== rank) {
        (entry.element.firstElementChild as HTMLElement).textContent = String(rank);
        entry.rank = rank;
      }
      wanted.push(entry.element);
    }
    // Rows filtered out are detached but kept: clearing the filter puts them back without building them again.
    for (const [id, entry] of this.rows) if (!keep.has(id)) entry.element.remove();
    reorder(this.body, wanted);
  }
}

function fillRow(el: HTMLElement, row: ClusterRow, rank: number): void {
  const tone = row.level ?? row.attention ?? 'none';
  el.className = `rank-row row-${tone}`;
  el.dataset.enterprise = row.id;
  // A badge per kind of open finding (the regulator's business); the words below count the episodes the enterprise is working.
  const alerts: Array<HTMLElement | string> = row.findings.map((f) => toneBadge(f.severity, `${FINDING_KIND_NAMES[f.kind]}${f.count > 1 ? ` ×${f.count}` : ''}`));
  const counts = [row.active > 0 ? `${formatCount(row.active)} active` : '', row.acknowledged > 0 ? `${formatCount(row.acknowledged)} acknowledged` : ''].filter(Boolean);
  if (counts.length > 0) alerts.push(h('span', { class: 'alert-counts' }, `${counts.join(' · ')} episode${row.active + row.acknowledged === 1 ? '' : 's'}`));
  el.replaceChildren(
    h('span', { role: 'cell', class: 'num rank' }, String(rank)),
    h('span', { role: 'rowheader', class: 'name' }, h('a', { href: `#/enterprises/${encodeURIComponent(row.id)}` }, row.name), h('span', { class: 'id' }, row.id)),
    h(
      'span',
      { role: 'cell', class: 'risk-cell' },
      row.level ? levelBadge(row.level, row.score === null ? undefined : row.score.toFixed(0)) : neutralBadge('Not assessed'),
      h('span', { class: 'class-line' }, h('span', { class: 'class-label' }, 'class '), classText(row)),
      row.nextInspection ? h('span', { class: 'next-inspection' }, `next ${row.nextInspection}`, row.inspectionDue ? h('span', { class: 'due' }, ' · due') : null) : null,
    ),
    h('span', { role: 'cell', class: 'why' }, row.why),
    h('span', { role: 'cell', class: 'alerts-cell' }, alerts.length > 0 ? alerts : h('span', { class: 'muted' }, 'none')),
  );
}

function classText(row: ClusterRow): Array<HTMLElement | string> {
  if (!row.suggestedClass || row.suggestedClass === row.registeredClass)
    return [h('span', { class: 'class-chip', title: row.suggestedClass ? 'registered class, as suggested' : 'registered class' }, row.registeredClass)];
  return [
    h('span', { class: 'class-chip' }, row.registeredClass),
    h('span', { class: 'class-arrow', 'aria-hidden': 'true' }, ' → '),
    h('span', { class: 'class-chip suggested', title: `suggested class ${row.suggestedClass}` }, row.suggestedClass),
    h('span', { class: 'visually-hidden' }, ` suggested ${row.suggestedClass}`),
  ];
}
