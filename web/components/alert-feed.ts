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
import { actionButtonText, actionsAllowed, alertActionForm, type AlertAction } from './alert-actions.js';
import { alertCard } from './alert-card.js';

export interface AlertFeedOptions {
  readonly label: string;
  readonly filter: (a: Alert) => boolean;
  /** Most cards shown; the rest are counted. */
  readonly limit: number;
  readonly showEnterprise: boolean;
  readonly emptyText: string;
}

interface Entry {
  element: HTMLElement;
  signature: string;
  form: AlertAction | null;
}

export class AlertFeed {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly entries = new Map<string, Entry>();
  private readonly schedule = frameScheduler(() => this.render());
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: AlertFeedOptions,
  ) {
    this.list = h('div', { class: 'alert-list', role: 'feed', 'aria-label': options.label, 'aria-busy': 'true' });
    this.footer = h('p', { class: 'feed-footer' });
    this.element = h('div', { class: 'alert-feed' }, this.list, this.footer);
    this.unsubscribe = ctx.alerts.subscribe((changed) => {
      if (changed && this.options.filter(changed) && ctx.alerts.arrivedLive.has(changed.id) && !this.entries.has(changed.id) && changed.status === 'active') {
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
    const keep = new Set(shown.map((a) => a.id));
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.entries.delete(id);

    const cards: HTMLElement[] = [];
    for (const alert of shown) {
      const signature = signatureOf(alert);
      let entry = this.entries.get(alert.id);
      if (!entry || (entry.signature !== signature && !(entry.form && alert.status === statusOf(entry.signature)))) {
        entry = { element: this.card(alert, now, null), signature, form: null };
        this.entries.set(alert.id, entry);
      }
      cards.push(entry.element);
    }
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

  private card(alert: Alert, now: number, openForm: AlertAction | null): HTMLElement {
    const isNew = this.ctx.alerts.arrivedLive.has(alert.id) && alert.status === 'active';
    const buttons = actionsAllowed(alert).map((action) =>
      h('button', { type: 'button', class: `button${action === 'ack' ? ' primary' : ''}`, 'aria-expanded': openForm === action ? 'true' : 'false', onclick: () => this.openForm(alert.id, action) }, actionButtonText(action)),
    );
    const card = alertCard(alert, { showEnterprise: this.options.showEnterprise, enterpriseName: this.ctx.enterpriseName, catalogue: this.ctx.catalogue, isNew, now, actions: openForm ? [] : buttons });
    if (openForm) {
      card.appendChild(
        alertActionForm(
          alert,
          openForm,
          this.ctx.api,
          this.ctx.catalogue,
          (changed) => {
            this.closeForm(alert.id);
            this.ctx.alerts.replace(changed);
          },
          () => this.closeForm(alert.id, true),
        ),
      );
    }
    return card;
  }

  private openForm(id: string, action: AlertAction): void {
    const alert = this.ctx.alerts.get(id);
    const entry = this.entries.get(id);
    if (!alert || !entry) return;
    const card = this.card(alert, Date.now(), action);
    entry.element.replaceWith(card);
    entry.element = card;
    entry.form = action;
  }

  private closeForm(id: string, refocus = false): void {
    const alert = this.ctx.alerts.get(id);
    const entry = this.entries.get(id);
    if (!alert || !entry) return;
    const card = this.card(alert, Date.now(), null);
    entry.element.replaceWith(card);
    entry.element = card;
    entry.form = null;
    entry.signature = signatureOf(alert);
    if (refocus) card.querySelector<HTMLButtonElement>('.alert-actions button')?.focus();
  }
}

/** What a card shows that can change: a card is rebuilt only when this does. */
export function signatureOf(alert: Alert): string {
  return `${alert.status}|${alert.count}|${alert.lastSampleTs}|${alert.severity}|${alert.resolved?.by ?? ''}|${alert.resolved?.cause ?? ''}`;
}

function statusOf(signature: string): string {
  return signature.split('|')[0];
}
