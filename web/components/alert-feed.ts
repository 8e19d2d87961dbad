/**
 * A live list of alert cards, newest first. Cards are kept by alert id and
 * rebuilt only when their alert changed, so a burst of events does not
 * rebuild the list, and a card whose action form is open keeps what the user
 * is typing until the alert itself changes state.
 */
import type { AppContext } from '../app-context.js';
import type { Alert } from '../model/alerts-model.js';
import { announce, frameScheduler, h } from '../lib/dom.js';
import { ruleName } from '../lib/episodes.js';
import { characteristicLabel } from '../lib/format.js';
import { reorder } from '../lib/keyed-order.js';
import { levelWord } from '../lib/levels.js';
import { AlertCardCache } from './alert-card-cache.js';
import { alertCard } from './alert-card.js';

export interface AlertFeedOptions {
  readonly label: string;
  readonly filter: (a: Alert) => boolean;
  /** Most cards shown; the rest are counted. */
  readonly limit: number;
  readonly showEnterprise: boolean;
  readonly emptyText: string;
}

export class AlertFeed {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly cards: AlertCardCache;
  private readonly schedule = frameScheduler(() => this.render());
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: AlertFeedOptions,
  ) {
    this.cards = new AlertCardCache(ctx, (alert, now, actions) =>
      alertCard(alert, {
        showEnterprise: options.showEnterprise,
        enterpriseName: ctx.enterpriseName,
        catalogue: ctx.catalogue,
        isNew: ctx.alerts.arrivedLive.has(alert.id) && alert.status === 'active',
        now,
        actions,
      }),
    );
    this.list = h('div', { class: 'alert-list', role: 'feed', 'aria-label': options.label, 'aria-busy': 'true' });
    this.footer = h('p', { class: 'feed-footer' });
    this.element = h('div', { class: 'alert-feed' }, this.list, this.footer);
    this.unsubscribe = ctx.alerts.subscribe((changed) => {
      if (changed && this.options.filter(changed) && ctx.alerts.arrivedLive.has(changed.id) && !this.cards.has(changed.id) && changed.status === 'active') {
        announce(`New ${levelWord(changed.severity)} alert: ${ctx.enterpriseName(changed.enterprise)}, ${changed.line} ${characteristicLabel(changed.characteristic)}, ${ruleName(changed.rule)}.`);
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
    const { alerts } = this.ctx;
    if (!alerts.loaded) {
      this.list.replaceChildren(h('p', { class: 'loading' }, 'Loading alerts…'));
      return;
    }
    this.list.setAttribute('aria-busy', 'false');
    const matching = alerts.list(this.options.filter);
    const shown = matching.slice(0, this.options.limit);
    const now = Date.now();
    this.cards.keepOnly(new Set(shown.map((a) => a.id)));
    const cards = shown.map((alert) => this.cards.card(alert, now));
    if (cards.length === 0) {
      this.list.replaceChildren(h('p', { class: 'empty' }, this.options.emptyText));
    } else {
      const wanted = new Set<Element>(cards);
      for (const child of [...this.list.children]) if (!wanted.has(child)) child.remove();
      // A new alert on top moves nothing else: the cards below keep their place in the document.
      reorder(this.list, cards);
    }
    const hidden = matching.length - shown.length;
    this.footer.textContent = hidden > 0 ? `${hidden} older not shown.` : alerts.notLoaded > 0 ? `Showing the newest ${alerts.list().length} alerts; ${alerts.notLoaded} older are not loaded.` : '';
  }
}
