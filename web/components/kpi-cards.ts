/** The overview's headline figures: who needs attention, alerts now and in the last hour, supervision classes. */
import { h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import { LEVELS, levelBadge, type Level } from '../lib/levels.js';
import type { ClusterCounts } from '../model/cluster-rows.js';

export function kpiCards(counts: ClusterCounts, activeBySeverity: Record<Level, number>): HTMLElement {
  const severities = LEVELS.filter((l) => activeBySeverity[l] > 0);
  const classes = (c: Record<'A' | 'B' | 'C', number>) => (['A', 'B', 'C'] as const).map((k) => h('span', { class: 'class-count' }, h('b', null, k), ` ${formatCount(c[k])}`));
  return h(
    'div',
    { class: 'kpis' },
    kpi(
      'Need attention',
      formatCount(counts.needAttention),
      `of ${formatCount(counts.enterprises)} enterprises: ${counts.byRisk ? 'high or critical risk' : 'high or critical active alerts (no risk scores yet)'}`,
      counts.needAttention > 0 ? 'kpi-alarm' : 'kpi-ok',
      'need-attention',
    ),
    kpi(
      'Active alerts',
      formatCount(counts.active),
      severities.length > 0 ? severities.map((l) => levelBadge(l, formatCount(activeBySeverity[l]))) : 'none: every series in control',
      counts.active > 0 ? 'kpi-warn' : 'kpi-ok',
      'active-alerts',
      counts.acknowledged > 0 ? `${formatCount(counts.acknowledged)} acknowledged, being handled` : null,
    ),
    kpi('Alerts in the last hour', formatCount(counts.lastHour), 'raised in the last 60 minutes', counts.lastHour > 0 ? 'kpi-warn' : 'kpi-ok', 'last-hour'),
    kpi(
      'Supervision classes',
      null,
      h('span', { class: 'class-line' }, h('span', { class: 'class-label' }, 'registered'), classes(counts.registered)),
      'kpi-neutral',
      'classes',
      counts.suggested
        ? h('span', { class: 'class-line' }, h('span', { class: 'class-label' }, 'suggested'), classes(counts.suggested))
        : h('span', { class: 'class-line muted' }, 'suggested classes: awaiting the risk model'),
    ),
  );
}

function kpi(title: string, figure: string | null, detail: string | HTMLElement | HTMLElement[], tone: string, name: string, extra: string | HTMLElement | null = null): HTMLElement {
  return h(
    'section',
    { class: `kpi ${tone}`, 'data-kpi': name, 'aria-label': title },
    h('h2', { class: 'kpi-title' }, title),
    figure === null ? null : h('p', { class: 'kpi-figure' }, figure),
    h('p', { class: 'kpi-detail' }, detail),
    extra === null ? null : h('p', { class: 'kpi-detail' }, extra),
  );
}
