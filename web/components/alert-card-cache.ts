/**
 * Alert cards kept by alert id and rebuilt only when their alert changed,
 * with at most one action form open on each: a burst of live events does
 * not rebuild a list, and a card whose form is open keeps what the user is
 * typing until the alert itself changes state. Both the enterprise page's
 * feed (alert-feed.ts) and the alerts view's groups (alert-groups.ts) keep
 * their cards here.
 */
import type { AppContext } from '../app-context.js';
import type { Alert } from '../model/alerts-model.js';
import { h } from '../lib/dom.js';
import { actionButtonText, actionsAllowed, alertActionForm, type AlertButton } from './alert-actions.js';

interface Entry {
  element: HTMLElement;
  signature: string;
  form: AlertButton | null;
}

/** Builds a card: `actions` are its buttons (none while a form is open), to be placed by the caller's card layout. */
export type CardBuilder = (alert: Alert, now: number, actions: HTMLElement[]) => HTMLElement;

export class AlertCardCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ctx: AppContext,
    private readonly buildCard: CardBuilder,
  ) {}

  /** The card of an alert, built again only when the alert changed (not while its form is open in the same state). */
  card(alert: Alert, now: number): HTMLElement {
    const signature = signatureOf(alert);
    let entry = this.entries.get(alert.id);
    if (!entry || (entry.signature !== signature && !(entry.form && statusOf(entry.signature) === alert.status))) {
      entry = { element: this.build(alert, now, null), signature, form: null };
      this.entries.set(alert.id, entry);
    }
    return entry.element;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Forgets the cards of alerts no longer shown. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.entries.keys()]) if (!ids.has(id)) this.entries.delete(id);
  }

  /** Marks every card without an open form for rebuilding (the catalogue's labels arrived). */
  invalidate(): void {
    for (const [id, entry] of this.entries) if (!entry.form) entry.signature = `stale:${id}`;
  }

  private build(alert: Alert, now: number, openForm: AlertButton | null): HTMLElement {
    const buttons = actionsAllowed(alert).map((action) =>
      h(
        'button',
        { type: 'button', class: `button${action === 'ack' ? ' primary' : ''}`, 'aria-expanded': openForm === action ? 'true' : 'false', onclick: () => this.openForm(alert.id, action) },
        actionButtonText(action),
      ),
    );
    const card = this.buildCard(alert, now, openForm ? [] : buttons);
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

  private openForm(id: string, action: AlertButton): void {
    this.rebuild(id, action);
  }

  private closeForm(id: string, refocus = false): void {
    const card = this.rebuild(id, null);
    if (card && refocus) card.querySelector<HTMLButtonElement>('.alert-actions button')?.focus();
  }

  private rebuild(id: string, form: AlertButton | null): HTMLElement | null {
    const alert = this.ctx.alerts.get(id);
    const entry = this.entries.get(id);
    if (!alert || !entry) return null;
    const card = this.build(alert, Date.now(), form);
    entry.element.replaceWith(card);
    entry.element = card;
    entry.form = form;
    if (form === null) entry.signature = signatureOf(alert);
    return card;
  }
}

/** What a card shows that can change: a card is rebuilt only when this does. */
export function signatureOf(alert: Alert): string {
  return `${alert.status}|${alert.count}|${alert.lastSampleTs}|${alert.severity}|${alert.resolved?.by ?? ''}|${alert.resolved?.cause ?? ''}`;
}

function statusOf(signature: string): string {
  return signature.split('|')[0];
}
