/**
 * The overview's headline figures, each one something a regulator can act
 * on: the enterprises with open findings (by kind), product out of spec,
 * silent gateways (data that is not arriving), and the enterprises whose
 * suggested supervision class differs from the registered one. Raw alert
 * counts are not among them: an episode is the enterprise's to work, a
 * finding is the regulator's.
 */
import { h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import type { ClusterCounts } from '../model/cluster-rows.js';
import { FINDING_KIND_NAMES, FINDING_KIND_ORDER, type FindingCounts } from '../model/findings-model.js';

/** `findings` null: this server has no findings (the cards say so rather than show zeros). */
export function kpiCards(counts: ClusterCounts, findings: FindingCounts | null): HTMLElement {
  const unavailable = 'findings are not available on this server';
  const classes = (c: Record<'A' | 'B' | 'C', number>) => (['A', 'B', 'C'] as const).map((k) => h('span', { class: 'class-count' }, h('b', null, k), ` ${formatCount(c[k])}`));
  const kinds = findings
    ? FINDING_KIND_ORDER.filter((k) => findings.enterprisesByKind[k] > 0).map((k) =>
        h('span', { class: 'kind-chip', 'data-kind': k }, `${FINDING_KIND_NAMES[k]} ${formatCount(findings.enterprisesByKind[k])}`),
      )
    : [];
  const changes = counts.classChanges;
  return h(
    'div',
    { class: 'kpis' },
    kpi(
      'Enterprises with open findings',
      findings ? formatCount(findings.enterprises) : '—',
      findings ? (kinds.length > 0 ? kinds : `none of ${formatCount(counts.enterprises)}: nothing to act on`) : unavailable,
      !findings ? 'kpi-neutral' : findings.open['out-of-spec'] > 0 ? 'kpi-alarm' : findings.enterprises > 0 ? 'kpi-warn' : 'kpi-ok',
      'open-findings',
      findings && findings.enterprises > 0 ? `of ${formatCount(counts.enterprises)} enterprises · ${formatCount(findings.total)} open findings` : null,
    ),
    kpi(
      'Product out of spec',
      findings ? formatCount(findings.open['out-of-spec']) : '—',
      findings
        ? findings.open['out-of-spec'] > 0
          ? `open findings at ${formatCount(findings.enterprisesByKind['out-of-spec'])} enterprise${findings.enterprisesByKind['out-of-spec'] === 1 ? '' : 's'}`
          : 'no product out of spec for longer than a glitch'
        : unavailable,
      !findings ? 'kpi-neutral' : findings.open['out-of-spec'] > 0 ? 'kpi-alarm' : 'kpi-ok',
      'out-of-spec',
    ),
    kpi(
      'Silent gateways',
      findings ? formatCount(findings.open['silent-gateway']) : '—',
      findings
        ? findings.open['silent-gateway'] > 0
          ? `no data from them: ${formatCount(findings.enterprisesByKind['silent-gateway'])} enterprise${findings.enterprisesByKind['silent-gateway'] === 1 ? '' : 's'} unwatched`
          : 'every gateway is sending'
        : unavailable,
      !findings ? 'kpi-neutral' : findings.open['silent-gateway'] > 0 ? 'kpi-warn' : 'kpi-ok',
      'silent-gateways',
    ),
    kpi(
      'Suggested class changes',
      counts.suggested ? formatCount(changes.length) : '—',
      counts.suggested
        ? changes.length > 0
          ? changes.slice(0, 3).map((c) => h('a', { href: `#/enterprises/${encodeURIComponent(c.id)}`, class: 'class-change' }, `${c.name} ${c.from} → ${c.to}`))
          : 'every enterprise is in its suggested class'
        : 'awaiting the risk model',
      changes.length > 0 ? 'kpi-warn' : 'kpi-neutral',
      'class-changes',
      h(
        'span',
        { class: 'class-lines' },
        changes.length > 3 ? h('span', { class: 'muted' }, `and ${formatCount(changes.length - 3)} more · `) : null,
        h('span', { class: 'class-line' }, h('span', { class: 'class-label' }, 'registered'), classes(counts.registered)),
        counts.suggested ? h('span', { class: 'class-line' }, h('span', { class: 'class-label' }, 'suggested'), classes(counts.suggested)) : null,
      ),
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
