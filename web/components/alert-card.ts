/**
 * One alert as a card: how bad (shape, word, colour), what (rule), where
 * (enterprise, line, characteristic), the evidence (first and latest value
 * and time, signals counted), its state and who handled it, and the actions
 * the user may take.
 */
import type { Alert } from '../model/alerts-model.js';
import { h } from '../lib/dom.js';
import { capitalise, characteristicLabel, digitsOf, formatAgo, formatCount, formatTime, formatValue, ruleLabel, unitOf } from '../lib/format.js';
import { levelBadge } from '../lib/levels.js';

export interface AlertCardOptions {
  readonly showEnterprise: boolean;
  readonly enterpriseName: (id: string) => string;
  readonly isNew: boolean;
  readonly now: number;
  /** Buttons for the actions the user may take; empty when none. */
  readonly actions: readonly HTMLElement[];
}

/** An alert about the enterprise as a whole (its risk level), not about one series. */
export function isEnterpriseAlert(alert: Alert): boolean {
  return alert.rule === 'riskLevel' || alert.line === '*' || alert.line === 'all-lines';
}

export function alertCard(alert: Alert, options: AlertCardOptions): HTMLElement {
  const whole = isEnterpriseAlert(alert);
  const unit = unitOf(alert.characteristic);
  const digits = digitsOf(alert.characteristic);
  const value = (v: number) => `${formatValue(v, digits)}${unit ? ` ${unit}` : ''}`;
  const titleId = `alert-title-${alert.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return h(
    'article',
    { class: `alert-card severity-${alert.severity} status-${alert.status}${options.isNew ? ' is-new' : ''}`, 'data-alert-id': alert.id, 'aria-labelledby': titleId },
    h(
      'header',
      { class: 'alert-head' },
      levelBadge(alert.severity),
      h('h3', { id: titleId, class: 'alert-rule' }, ruleLabel(alert.rule), options.isNew ? h('span', { class: 'new-flag' }, 'New') : null),
      h('time', { class: 'ago', datetime: new Date(alert.raisedAt).toISOString(), 'data-ts': alert.raisedAt, title: new Date(alert.raisedAt).toString() }, formatAgo(alert.raisedAt, options.now)),
    ),
    h(
      'p',
      { class: 'alert-where' },
      options.showEnterprise ? [h('a', { href: `#/enterprises/${encodeURIComponent(alert.enterprise)}`, class: 'enterprise-link' }, options.enterpriseName(alert.enterprise)), ' · '] : null,
      whole ? 'whole enterprise' : `${alert.line} · ${characteristicLabel(alert.characteristic)}`,
    ),
    whole
      ? h('p', { class: 'alert-figures' }, `Risk score ${alert.firstValue.toFixed(0)} at ${formatTime(alert.firstSampleTs)}`, alert.count > 1 ? ` · ${alert.lastValue.toFixed(0)} at ${formatTime(alert.lastSampleTs)}` : '')
      : h(
          'p',
          { class: 'alert-figures' },
          `First ${value(alert.firstValue)} at ${formatTime(alert.firstSampleTs)}`,
          alert.count > 1 ? ` · latest ${value(alert.lastValue)} at ${formatTime(alert.lastSampleTs)} · ${formatCount(alert.count)} signals` : '',
        ),
    h('p', { class: 'alert-status' }, statusText(alert)),
    options.actions.length > 0 ? h('div', { class: 'alert-actions' }, options.actions) : null,
  );
}

function statusText(alert: Alert): Array<HTMLElement | string> {
  const parts: Array<HTMLElement | string> = [h('strong', { class: `status-word status-${alert.status}` }, capitalise(alert.status))];
  for (const [what, action] of [['acknowledged', alert.acknowledged], ['resolved', alert.resolved]] as const) {
    if (action) parts.push(h('span', { class: 'handled' }, ` · ${what} by ${action.by} at ${formatTime(action.at)}: `, h('q', null, action.comment)));
  }
  return parts;
}
