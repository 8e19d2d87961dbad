/**
 * The regulator's live feed of findings, newest first (open ones before
 * closed ones): what kind, which enterprise, where (line and characteristic,
 * or gateway), the one-sentence summary, the figures behind it, and whether
 * it is still open. A finding leads to the evidence: clicking it opens the
 * enterprise page at the series concerned. Cards are kept by id and rebuilt
 * only when their finding changed.
 */
import type { AppContext } from '../app-context.js';
import { announce, frameScheduler, h } from '../lib/dom.js';
import { characteristicLabel, formatAgo, formatCount, formatDuration, formatTime } from '../lib/format.js';
import { reorder } from '../lib/keyed-order.js';
import { levelBadge } from '../lib/levels.js';
import { evidencePairs, findingKindName, type Finding } from '../model/findings-model.js';

export interface FindingFeedOptions {
  readonly label: string;
  readonly filter: (f: Finding) => boolean;
  readonly limit: number;
  readonly showEnterprise: boolean;
  readonly emptyText: string;
}

/** Where a finding leads: its enterprise page, at its series when it has one. */
export function findingHref(f: Finding): string {
  const base = `#/enterprises/${encodeURIComponent(f.enterprise)}`;
  return f.line && f.characteristic ? `${base}?series=${encodeURIComponent(`${f.line}/${f.characteristic}`)}` : base;
}

export function findingCard(f: Finding, options: { showEnterprise: boolean; enterpriseName: (id: string) => string; now: number; isNew: boolean }): HTMLElement {
  const href = findingHref(f);
  const where = f.line ? `${f.line}${f.characteristic ? ` · ${characteristicLabel(f.characteristic)}` : ''}` : f.gateway ? `gateway ${f.gateway}` : 'whole enterprise';
  const evidence = evidencePairs(f.evidence);
  const card = h(
    'article',
    { class: `finding-card severity-${f.severity} status-${f.status}${options.isNew ? ' is-new' : ''}`, 'data-finding-id': f.id, 'data-kind': f.kind, 'data-status': f.status },
    h(
      'header',
      { class: 'alert-head' },
      levelBadge(f.severity),
      h('h3', { class: 'alert-rule' }, h('a', { href, class: 'finding-link' }, findingKindName(f.kind)), options.isNew ? h('span', { class: 'new-flag' }, 'New') : null),
      h('time', { class: 'ago', datetime: new Date(f.openedAt).toISOString(), 'data-ts': f.openedAt, title: new Date(f.openedAt).toString() }, formatAgo(f.openedAt, options.now)),
    ),
    h('p', { class: 'alert-where' }, options.showEnterprise ? [h('span', { class: 'finding-enterprise' }, options.enterpriseName(f.enterprise)), ' · '] : null, where),
    h('p', { class: 'finding-summary' }, f.summary),
    evidence.length > 0
      ? h(
          'dl',
          { class: 'finding-evidence' },
          evidence.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))),
        )
      : null,
    h(
      'p',
      { class: 'alert-status' },
      f.status === 'open'
        ? [h('strong', { class: 'status-word status-active' }, 'Open'), ` since ${formatTime(f.openedAt)}`]
        : [h('strong', { class: 'status-word status-resolved' }, 'Closed'), ` at ${formatTime(f.closedAt ?? f.updatedAt)}, after ${formatDuration((f.closedAt ?? f.updatedAt) - f.openedAt)}`],
    ),
  );
  // The whole card leads to the evidence; its own links and text selection keep working.
  card.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a, button') || window.getSelection()?.toString()) return;
    location.hash = href;
  });
  return card;
}

export class FindingFeed {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly footer = h('p', { class: 'feed-footer' });
  private readonly entries = new Map<string, { element: HTMLElement; signature: string }>();
  private readonly schedule = frameScheduler(() => this.render());
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: FindingFeedOptions,
  ) {
    this.list = h('div', { class: 'alert-list finding-list', role: 'feed', 'aria-label': options.label, 'aria-busy': 'true' });
    this.element = h('div', { class: 'finding-feed' }, this.list, this.footer);
    this.unsubscribe = ctx.findings.subscribe((changed) => {
      if (changed && changed.status === 'open' && options.filter(changed) && !this.entries.has(changed.id) && ctx.findings.arrivedLive.has(changed.id)) {
        announce(`New finding: ${findingKindName(changed.kind)} at ${ctx.enterpriseName(changed.enterprise)}.`);
      }
      this.schedule.request();
    });
    this.render();
  }

  destroy(): void {
    this.unsubscribe();
    this.schedule.cancel();
  }

  private render(): void {
    const { findings } = this.ctx;
    if (!findings.loaded) {
      this.list.replaceChildren(h('p', { class: 'loading' }, 'Loading findings…'));
      return;
    }
    this.list.setAttribute('aria-busy', 'false');
    const matching = findings.list(this.options.filter);
    const shown = matching.slice(0, this.options.limit);
    const now = Date.now();
    const keep = new Set(shown.map((f) => f.id));
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.entries.delete(id);
    const cards = shown.map((f) => {
      const signature = `${f.status}|${f.updatedAt}|${f.severity}`;
      let entry = this.entries.get(f.id);
      if (!entry || entry.signature !== signature) {
        entry = {
          element: findingCard(f, { showEnterprise: this.options.showEnterprise, enterpriseName: this.ctx.enterpriseName, now, isNew: findings.arrivedLive.has(f.id) && f.status === 'open' }),
          signature,
        };
        this.entries.set(f.id, entry);
      }
      return entry.element;
    });
    if (cards.length === 0) {
      this.list.replaceChildren(h('p', { class: 'empty' }, this.options.emptyText));
    } else {
      const wanted = new Set<Element>(cards);
      for (const child of [...this.list.children]) if (!wanted.has(child)) child.remove();
      reorder(this.list, cards);
    }
    const hidden = matching.length - shown.length;
    this.footer.textContent = hidden > 0 ? `${formatCount(hidden)} older not shown.` : '';
  }
}
