/**
 * One alert episode as a card: how bad (shape, word, colour), which rules
 * fired (in words, with their counts), where (enterprise, line,
 * characteristic), when it was raised and resolved and how long it lasted,
 * the evidence (shift in sigma, product out of spec, the limits version),
 * its state and who handled it with which cause and corrective action, and
 * the actions the user may take, and a link to the reels made during it.
 */
import type { Alert } from '../model/alerts-model.js';
import type { Catalogue } from '../model/catalogue.js';
import { h } from '../lib/dom.js';
import { durationText, outOfSpecText, rulesText, shiftText } from '../lib/episodes.js';
import { capitalise, characteristicLabel, formatAgo, formatDateTime, formatTime } from '../lib/format.js';
import { levelBadge } from '../lib/levels.js';

export interface AlertCardOptions {
  readonly showEnterprise: boolean;
  /** Whether to say the line and characteristic (not inside a series group, which says them once). */
  readonly showSeries?: boolean;
  readonly enterpriseName: (id: string) => string;
  readonly catalogue: Catalogue;
  readonly isNew: boolean;
  readonly now: number;
  /** Buttons for the actions the user may take; empty when none. */
  readonly actions: readonly HTMLElement[];
  /** A checkbox selecting the episode for a bulk action, when it can be. */
  readonly select?: HTMLElement | null;
}

/** An alert about the enterprise as a whole (its risk level), not about one series. */
export function isEnterpriseAlert(alert: Alert): boolean {
  return alert.rule === 'riskLevel' || alert.line === '*' || alert.line === 'all-lines';
}

export function alertCard(alert: Alert, options: AlertCardOptions): HTMLElement {
  const whole = isEnterpriseAlert(alert);
  const titleId = `alert-title-${alert.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const showSeries = options.showSeries ?? true;
  return h(
    'article',
    {
      class: `alert-card severity-${alert.severity} status-${alert.status}${options.isNew ? ' is-new' : ''}`,
      'data-alert-id': alert.id,
      'data-status': alert.status,
      'data-severity': alert.severity,
      'aria-labelledby': titleId,
    },
    h(
      'header',
      { class: 'alert-head' },
      options.select ?? null,
      levelBadge(alert.severity),
      h('h3', { id: titleId, class: 'alert-rule' }, capitalise(rulesText(alert)), options.isNew ? h('span', { class: 'new-flag' }, 'New') : null),
      h('time', { class: 'ago', datetime: new Date(alert.raisedAt).toISOString(), 'data-ts': alert.raisedAt, title: new Date(alert.raisedAt).toString() }, formatAgo(alert.raisedAt, options.now)),
    ),
    options.showEnterprise || showSeries
      ? h(
          'p',
          { class: 'alert-where' },
          options.showEnterprise
            ? [h('a', { href: `#/enterprises/${encodeURIComponent(alert.enterprise)}`, class: 'enterprise-link' }, options.enterpriseName(alert.enterprise)), showSeries ? ' · ' : '']
            : null,
          showSeries ? (whole ? 'whole enterprise' : `${alert.line} · ${characteristicLabel(alert.characteristic)}`) : null,
        )
      : null,
    h('p', { class: 'alert-figures' }, figures(alert, options.now, whole)),
    h('p', { class: 'alert-status' }, statusText(alert, options.catalogue)),
    whole
      ? null
      : h(
          'p',
          { class: 'alert-trace' },
          h('a', { href: `#/trace?${new URLSearchParams({ enterprise: alert.enterprise, episode: alert.id }).toString()}`, class: 'trace-link' }, 'Trace the reels made during it →'),
        ),
    options.actions.length > 0 ? h('div', { class: 'alert-actions' }, options.actions) : null,
  );
}

/** Raised and resolved times, duration, and the evidence. */
function figures(alert: Alert, now: number, whole: boolean): string {
  const parts = [`raised ${when(alert.firstSampleTs, now)}`];
  if (alert.status === 'resolved' && alert.resolvedSampleTs !== null) parts.push(`resolved ${when(alert.resolvedSampleTs, now)}`);
  parts.push(durationText(alert, now));
  if (whole) {
    parts.push(`risk score ${alert.firstValue.toFixed(0)}${alert.count > 1 ? ` → ${alert.lastValue.toFixed(0)}` : ''}`);
    return parts.join(' · ');
  }
  const shift = shiftText(alert.shiftSigma);
  if (shift) parts.push(shift);
  const oos = outOfSpecText(alert.outOfSpec);
  if (oos) parts.push(`out of spec: ${oos}`);
  if (alert.limitsVersion !== null) parts.push(`limits v${alert.limitsVersion}`);
  return parts.join(' · ');
}

/** A time of day today, the date and time before. */
function when(ms: number, now: number): string {
  return new Date(ms).toDateString() === new Date(now).toDateString() ? formatTime(ms) : formatDateTime(ms);
}

function statusText(alert: Alert, catalogue: Catalogue): Array<HTMLElement | string> {
  const parts: Array<HTMLElement | string> = [h('strong', { class: `status-word status-${alert.status}` }, capitalise(alert.status))];
  for (const [what, action] of [
    ['acknowledged', alert.acknowledged],
    ['resolved', alert.resolved],
  ] as const) {
    if (!action) continue;
    if (action.by === 'auto') {
      parts.push(h('span', { class: 'handled' }, ` · resolved by itself at ${formatTime(action.at)}: back in control${action.cause === null ? '; no cause given yet' : ''}`));
      continue;
    }
    const cause = catalogue.causeLabel(action.cause);
    const corrective = catalogue.actionLabel(action.action);
    parts.push(
      h(
        'span',
        { class: 'handled' },
        ` · ${what} by ${action.by} at ${formatTime(action.at)}`,
        cause ? [' · cause: ', h('span', { class: 'cause', 'data-cause': action.cause }, cause)] : null,
        corrective ? [' · action: ', h('span', { class: 'corrective', 'data-action': action.action }, corrective)] : null,
        ': ',
        h('q', null, action.comment),
      ),
    );
  }
  return parts;
}
