/**
 * Alert episodes grouped by series: one block per series with its open
 * episode and its history, filtered by state, rule, severity, line (and
 * enterprise for a regulator) and time range, all kept in the URL so a
 * filtered view can be bookmarked or sent. Beside it the Pareto of causes
 * of the same enterprise and period, and above it the bulk acknowledgement
 * of the episodes selected. New episodes and every change arrive live.
 */
import type { AppContext, View } from '../app-context.js';
import { AlertGroups } from '../components/alert-groups.js';
import { BulkAcknowledge } from '../components/alert-bulk.js';
import { ParetoPanel } from '../components/pareto-chart.js';
import { h } from '../lib/dom.js';
import { RULE_NAMES } from '../lib/episodes.js';
import { capitalise } from '../lib/format.js';
import { LEVELS, levelWord } from '../lib/levels.js';
import type { EpisodeFilter } from '../model/alerts-model.js';
import { ALERT_RULES, type AlertRule, type AlertSeverity } from '../../monitor/alert.js';

const STATES: ReadonlyArray<readonly [string, string, EpisodeFilter['status'] | 'open' | null]> = [
  ['all', 'All episodes', null],
  ['open', 'Open', 'open'],
  ['active', 'Active', 'active'],
  ['acknowledged', 'Acknowledged', 'acknowledged'],
  ['resolved', 'Resolved', 'resolved'],
];

const RANGES: ReadonlyArray<readonly [string, string, number | null]> = [
  ['1h', 'last hour', 3_600_000],
  ['8h', 'last 8 hours', 8 * 3_600_000],
  ['24h', 'last 24 hours', 24 * 3_600_000],
  ['7d', 'last 7 days', 7 * 24 * 3_600_000],
  ['all', 'all loaded', null],
];

const DEFAULT_RANGE = '24h';

export function alertsView(ctx: AppContext, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const state = STATES.find(([key]) => key === params.get('status')) ?? STATES[0];
  const range = RANGES.find(([key]) => key === params.get('range')) ?? RANGES.find(([key]) => key === DEFAULT_RANGE)!;
  const enterprise = regulator ? params.get('enterprise') || null : ctx.session.user.enterprise;
  const rule = (ALERT_RULES as readonly string[]).includes(params.get('rule') ?? '') ? (params.get('rule') as AlertRule) : null;
  const severity = (LEVELS as readonly string[]).includes(params.get('severity') ?? '') ? (params.get('severity') as AlertSeverity) : null;
  const lines = [...new Set(ctx.session.enterprises.filter((e) => enterprise === null || e.id === enterprise).flatMap((e) => e.lines.map((l) => l.id)))].sort();
  const line = lines.includes(params.get('line') ?? '') ? params.get('line') : null;
  const since = () => (range[2] === null ? undefined : Date.now() - range[2]);

  const filter = (): EpisodeFilter => ({
    ...(enterprise ? { enterprise } : {}),
    ...(line ? { line } : {}),
    ...(rule ? { rule } : {}),
    ...(severity ? { severity } : {}),
    ...(state[2] && state[2] !== 'open' ? { status: state[2] } : {}),
    ...(since() !== undefined ? { since: since() } : {}),
  });

  const navigate = (changes: Record<string, string | null>) => {
    const q = new URLSearchParams();
    const current: Record<string, string | null> = { status: state[0], range: range[0], enterprise: regulator ? enterprise : null, rule, severity, line };
    for (const [k, v] of Object.entries({ ...current, ...changes })) if (v) q.set(k, v);
    location.hash = `#/alerts?${q.toString()}`;
  };

  const bulk: { bar: BulkAcknowledge | null } = { bar: null };
  const groups = new AlertGroups(ctx, {
    showEnterprise: regulator && enterprise === null,
    filter,
    // "Open" is two statuses; the API's filter takes one, so it is applied on top.
    also: state[2] === 'open' ? (a) => a.status !== 'resolved' : undefined,
    limit: 200,
    historyLimit: 20,
    emptyText: () =>
      `No ${state[0] === 'all' ? '' : `${state[1].toLowerCase()} `}episodes${rule ? ` of ${RULE_NAMES[rule]}` : ''}${severity ? ` of ${severity} severity` : ''}${line ? ` on ${line}` : ''}${enterprise && regulator ? ` at ${ctx.enterpriseName(enterprise)}` : ''} in the ${range[1]}.`,
    onSelection: (selected) => bulk.bar?.setSelection(selected),
  });
  bulk.bar = new BulkAcknowledge(ctx, (on) => groups.selectAll(on));

  const selectOf = (id: string, label: string, options: ReadonlyArray<readonly [string, string]>, value: string | null, key: string) => {
    const el = h(
      'select',
      { id },
      options.map(([v, text]) => h('option', { value: v, selected: v === (value ?? '') }, text)),
    );
    el.addEventListener('change', () => navigate({ [key]: el.value || null }));
    return [h('label', { for: id }, label), el];
  };

  const pareto = new ParetoPanel(ctx, { enterprise, since: since() ?? null }, 'Causes of the episodes');
  const element = h(
    'div',
    { class: 'view alerts' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Alerts'),
      h('p', { class: 'subtitle' }, 'Episodes grouped by series: the open one first, its history beneath; new episodes and changes appear as they happen.'),
    ),
    h(
      'div',
      { class: 'toolbar filters' },
      selectOf(
        'alert-status',
        'Show',
        STATES.map(([k, text]) => [k, text] as const),
        state[0],
        'status',
      ),
      regulator ? selectOf('alert-enterprise', 'Enterprise', [['', 'All enterprises'], ...ctx.session.enterprises.map((e) => [e.id, e.name] as const)], enterprise, 'enterprise') : null,
      selectOf('alert-rule', 'Rule', [['', 'Any rule'], ...ALERT_RULES.map((r) => [r, capitalise(RULE_NAMES[r])] as const)], rule, 'rule'),
      selectOf('alert-severity', 'Severity', [['', 'Any severity'], ...LEVELS.map((l) => [l, levelWord(l)] as const)], severity, 'severity'),
      selectOf('alert-line', 'Line', [['', 'Any line'], ...lines.map((l) => [l, l] as const)], line, 'line'),
      selectOf(
        'alert-range',
        'Period',
        RANGES.map(([k, text]) => [k, text] as const),
        range[0],
        'range',
      ),
    ),
    bulk.bar.element,
    h(
      'div',
      { class: 'alerts-grid' },
      h('section', { class: 'panel groups-panel', 'aria-label': 'Episodes by series' }, groups.element),
      h(
        'section',
        { class: 'panel pareto-side', 'aria-labelledby': 'pareto-title' },
        h('h2', { id: 'pareto-title' }, `Causes${enterprise && regulator ? ` at ${ctx.enterpriseName(enterprise)}` : regulator ? ' across the cluster' : ''}, ${range[1]}`),
        pareto.element,
      ),
    ),
  );

  return {
    element,
    destroy() {
      groups.destroy();
      bulk.bar?.destroy();
      pareto.destroy();
    },
  };
}
