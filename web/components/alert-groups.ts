/**
 * Alert episodes grouped by series, live: one block per series with its
 * open episode (and the actions on it) and its history folded beneath,
 * series with an open episode first, worst first (alerts-model.ts
 * groupBySeries, the order of GET /api/alerts?groupBy=series).
 *
 * Cards are kept by episode id and rebuilt only when their episode changed,
 * blocks by series, and both are moved rather than rebuilt when the order
 * changes, so a burst of live events neither rebuilds the list nor loses
 * what someone is typing in an open form. Active episodes carry a checkbox
 * for the bulk acknowledgement (alert-bulk.ts).
 */
import type { AppContext } from '../app-context.js';
import { groupBySeries, type Alert, type EpisodeFilter, type SeriesGroup } from '../model/alerts-model.js';
import { frameScheduler, h } from '../lib/dom.js';
import { capitalise, characteristicLabel, formatCount } from '../lib/format.js';
import { reorder } from '../lib/keyed-order.js';
import { levelBadge, neutralBadge } from '../lib/levels.js';
import { AlertCardCache } from './alert-card-cache.js';
import { alertCard, isEnterpriseAlert } from './alert-card.js';

export interface AlertGroupsOptions {
  readonly showEnterprise: boolean;
  /** The episodes to group (the view's filters, as the API takes them). */
  readonly filter: () => EpisodeFilter;
  /** A further test the API's filter cannot say (open: active or acknowledged). */
  readonly also?: (a: Alert) => boolean;
  /** Most series shown; the rest are counted. */
  readonly limit: number;
  /** Earlier episodes listed per series. */
  readonly historyLimit: number;
  readonly emptyText: () => string;
  /** Called whenever the selection for the bulk acknowledgement changes. */
  readonly onSelection?: (selected: ReadonlySet<string>) => void;
}

interface GroupEntry {
  readonly element: HTMLElement;
  readonly head: HTMLElement;
  readonly openSlot: HTMLElement;
  readonly history: HTMLDetailsElement;
  readonly historySummary: HTMLElement;
  readonly historyList: HTMLElement;
  headSignature: string;
}

export class AlertGroups {
  readonly element: HTMLElement;
  /** Ids selected for the bulk acknowledgement (active episodes only). */
  readonly selected = new Set<string>();
  private readonly list = h('div', { class: 'series-groups', role: 'feed', 'aria-busy': 'true', 'aria-label': 'Alert episodes by series' });
  private readonly footer = h('p', { class: 'feed-footer' });
  private readonly cards: AlertCardCache;
  private readonly groups = new Map<string, GroupEntry>();
  private readonly schedule = frameScheduler(() => this.render());
  private readonly unsubscribes: Array<() => void>;
  /** The active episodes shown, for "select all". */
  private selectable: string[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly options: AlertGroupsOptions,
  ) {
    this.cards = new AlertCardCache(ctx, (alert, now, actions) => this.cardOf(alert, now, actions));
    this.element = h('div', { class: 'alert-groups' }, this.list, this.footer);
    this.unsubscribes = [ctx.alerts.subscribe(() => this.schedule.request()), ctx.catalogue.subscribe(() => this.rebuildCards())];
    this.render();
  }

  /** Draws again now (after a filter changed). */
  refresh(): void {
    this.schedule.cancel();
    this.render();
  }

  /** Selects every active episode shown (or clears the selection). */
  selectAll(on: boolean): void {
    this.selected.clear();
    if (on) for (const id of this.selectable) this.selected.add(id);
    for (const input of this.list.querySelectorAll<HTMLInputElement>('input.select-episode')) input.checked = this.selected.has(input.value);
    this.options.onSelection?.(this.selected);
  }

  get selectableCount(): number {
    return this.selectable.length;
  }

  destroy(): void {
    for (const u of this.unsubscribes) u();
    this.schedule.cancel();
  }

  private render(): void {
    const { alerts } = this.ctx;
    if (!alerts.loaded) {
      this.list.replaceChildren(h('p', { class: 'loading' }, 'Loading alert episodes…'));
      return;
    }
    this.list.setAttribute('aria-busy', 'false');
    const also = this.options.also;
    const episodes = alerts.query(this.options.filter());
    const groups = groupBySeries(also ? episodes.filter(also) : episodes);
    const shown = groups.slice(0, this.options.limit);
    const now = Date.now();
    const keepCards = new Set<string>();
    const keepGroups = new Set<string>();
    const selectable: string[] = [];
    const elements: HTMLElement[] = [];
    for (const g of shown) {
      keepGroups.add(g.key);
      const entry = this.groupEntry(g);
      this.fillHead(entry, g);
      const open = g.open ? this.card(g.open, now, keepCards) : null;
      if (g.open?.status === 'active') selectable.push(g.open.id);
      place(entry.openSlot, open ? [open] : []);
      const earlier = g.episodes.filter((a) => a !== g.open);
      const listed = earlier.slice(0, this.options.historyLimit);
      place(
        entry.historyList,
        listed.map((a) => this.card(a, now, keepCards)),
      );
      entry.history.hidden = earlier.length === 0;
      const more = earlier.length - listed.length;
      entry.historySummary.textContent = `${g.open ? 'Earlier episodes' : 'Episodes'}: ${formatCount(earlier.length)}${more > 0 ? ` (the newest ${formatCount(listed.length)} listed)` : ''}`;
      // A series with nothing open shows its history unfolded: it is all there is.
      if (!g.open && !entry.history.dataset.toggled) entry.history.open = true;
      elements.push(entry.element);
    }
    this.cards.keepOnly(keepCards);
    for (const key of [...this.groups.keys()]) if (!keepGroups.has(key)) this.groups.delete(key);
    if (elements.length === 0) {
      this.list.replaceChildren(h('p', { class: 'empty' }, this.options.emptyText()));
    } else {
      place(this.list, elements);
    }
    this.selectable = selectable;
    const before = this.selected.size;
    for (const id of [...this.selected]) if (!selectable.includes(id)) this.selected.delete(id);
    if (this.selected.size !== before) this.options.onSelection?.(this.selected);
    const hidden = groups.length - shown.length;
    this.footer.textContent =
      hidden > 0
        ? `${formatCount(hidden)} more series not shown: narrow the filters.`
        : alerts.notLoaded > 0
          ? `Grouped from the newest ${formatCount(alerts.list().length)} episodes; ${formatCount(alerts.notLoaded)} older are not loaded.`
          : '';
  }

  private groupEntry(g: SeriesGroup): GroupEntry {
    const known = this.groups.get(g.key);
    if (known) return known;
    const head = h('header', { class: 'group-head' });
    const openSlot = h('div', { class: 'group-open' });
    const historySummary = h('summary', null);
    const historyList = h('div', { class: 'alert-list history-list' });
    const history = h('details', { class: 'episode-history' }, historySummary, historyList);
    history.addEventListener('toggle', () => (history.dataset.toggled = '1'));
    const element = h('section', { class: 'series-group', 'data-series': g.key, 'aria-label': seriesName(g, this.ctx, this.options.showEnterprise) }, head, openSlot, history);
    const entry: GroupEntry = { element, head, openSlot, history, historySummary, historyList, headSignature: '' };
    this.groups.set(g.key, entry);
    return entry;
  }

  private fillHead(entry: GroupEntry, g: SeriesGroup): void {
    const signature = `${g.open?.id ?? ''}|${g.open?.severity ?? ''}|${g.open?.status ?? ''}|${g.episodes.length}`;
    if (signature === entry.headSignature) return;
    entry.headSignature = signature;
    const { enterprise, line, characteristic } = g.series;
    const whole = isEnterpriseAlert(g.episodes[0]);
    const chartsLink = whole ? `#/enterprises/${encodeURIComponent(enterprise)}` : `#/enterprises/${encodeURIComponent(enterprise)}?series=${encodeURIComponent(`${line}/${characteristic}`)}`;
    entry.element.className = `series-group${g.open ? ` open severity-${g.open.severity}` : ''}`;
    entry.element.dataset.open = g.open ? g.open.status : 'none';
    entry.head.replaceChildren(
      h(
        'h3',
        { class: 'group-title' },
        this.options.showEnterprise
          ? [h('a', { href: `#/enterprises/${encodeURIComponent(enterprise)}`, class: 'enterprise-link' }, this.ctx.enterpriseName(enterprise)), h('span', { class: 'sep' }, ' · ')]
          : null,
        whole ? 'Whole enterprise (risk level)' : `${line} · ${characteristicLabel(characteristic)}`,
      ),
      g.open ? levelBadge(g.open.severity, capitalise(g.open.status)) : neutralBadge('No open episode'),
      h('span', { class: 'group-count' }, `${formatCount(g.episodes.length)} episode${g.episodes.length === 1 ? '' : 's'}`),
      h('a', { href: chartsLink, class: 'panel-link group-link' }, whole ? 'enterprise →' : 'charts →'),
    );
  }

  /** The card of an episode (kept by the card cache), noted as shown. */
  private card(alert: Alert, now: number, keep: Set<string>): HTMLElement {
    keep.add(alert.id);
    return this.cards.card(alert, now);
  }

  private cardOf(alert: Alert, now: number, actions: HTMLElement[]): HTMLElement {
    const isNew = this.ctx.alerts.arrivedLive.has(alert.id) && alert.status === 'active';
    let select: HTMLElement | null = null;
    if (alert.status === 'active') {
      const box = h('input', { type: 'checkbox', class: 'select-episode', value: alert.id, 'aria-label': 'Select for acknowledging together', checked: this.selected.has(alert.id) });
      box.addEventListener('change', () => {
        if (box.checked) this.selected.add(alert.id);
        else this.selected.delete(alert.id);
        this.options.onSelection?.(this.selected);
      });
      select = box;
    }
    return alertCard(alert, { showEnterprise: false, showSeries: false, enterpriseName: this.ctx.enterpriseName, catalogue: this.ctx.catalogue, isNew, now, actions, select });
  }

  /** The catalogue arrived: cards without an open form show its labels. */
  private rebuildCards(): void {
    this.cards.invalidate();
    this.schedule.request();
  }
}

/** Puts exactly `wanted` into `parent`, in order, moving as few nodes as it can. */
function place(parent: Element, wanted: readonly Element[]): void {
  const set = new Set<Element>(wanted);
  for (const child of [...parent.children]) if (!set.has(child)) child.remove();
  reorder(parent, wanted);
}

function seriesName(g: SeriesGroup, ctx: AppContext, withEnterprise: boolean): string {
  const where = `${g.series.line} ${characteristicLabel(g.series.characteristic)}`;
  return withEnterprise ? `${ctx.enterpriseName(g.series.enterprise)}, ${where}` : where;
}
