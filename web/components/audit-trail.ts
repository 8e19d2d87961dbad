/**
 * The audit trail of one enterprise (GET /api/audit): who changed what and
 * when, newest first, each change with the fields it touched before and
 * after; older pages on request. Regulators only (the API refuses others).
 */
import type { AppContext } from '../app-context.js';
import { fill, h } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import { auditChanges, auditHeadline } from '../model/audit-changes.js';
import type { AuditEntry } from '../model/supervision-types.js';

const PAGE = 50;

export class AuditTrail {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'audit-list', 'aria-label': 'Changes, newest first' });
  private readonly status = h('p', { class: 'table-status', role: 'status' });
  private readonly more = h('button', { type: 'button', class: 'button small', hidden: true }, 'Older changes');
  private next: string | null = null;
  private loading = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly enterprise: string,
  ) {
    this.more.addEventListener('click', () => void this.load(false));
    this.element = h('div', { class: 'audit-trail' }, this.list, h('div', { class: 'table-foot' }, this.status, this.more));
  }

  /** Loads the newest page again (after a change), or the next older one. */
  async load(fresh = true): Promise<void> {
    const ticket = ++this.loading;
    const cursor = fresh ? null : this.next;
    this.status.textContent = 'Loading the audit trail…';
    try {
      const page = await this.ctx.api.get<{ entries: AuditEntry[]; next: string | null }>(
        `/api/audit?enterprise=${encodeURIComponent(this.enterprise)}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (ticket !== this.loading) return;
      if (fresh) fill(this.list);
      for (const entry of page.entries) this.list.append(entryItem(entry));
      this.next = page.next;
      this.more.hidden = page.next === null;
      this.status.textContent = this.list.childElementCount === 0 ? 'No change recorded yet.' : '';
    } catch (err) {
      if (ticket === this.loading) this.status.textContent = `The audit trail could not be loaded: ${(err as Error).message}`;
    }
  }
}

function entryItem(entry: AuditEntry): HTMLElement {
  const changes = auditChanges(entry);
  return h(
    'li',
    { class: 'audit-entry', 'data-seq': entry.seq, 'data-action': entry.action, 'data-entity': entry.entity, 'data-entity-id': entry.entityId, 'data-user': entry.user },
    h(
      'div',
      { class: 'audit-head' },
      h('time', { datetime: entry.at }, formatDateTime(Date.parse(entry.at))),
      ' ',
      h('strong', null, auditHeadline(entry)),
      h('span', { class: 'muted' }, ` ${shortId(entry.entityId)}`),
    ),
    changes.length === 0
      ? null
      : h(
          'table',
          { class: 'audit-changes' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'After'))),
          h(
            'tbody',
            null,
            changes.map((c) => h('tr', { 'data-field': c.field }, h('th', { scope: 'row' }, c.field), h('td', { class: 'before' }, c.before ?? '—'), h('td', { class: 'after' }, c.after ?? '—'))),
          ),
        ),
  );
}

/** A UUID's first block is enough to tell entries apart on screen; the full id is in the data attribute. */
function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
