/**
 * One enterprise: who it is and how the risk model rates it (with the
 * breakdown when the server has one), its open alert episodes, the Pareto
 * of their causes, and every line's characteristics as live charts with the
 * limits in force. `?series=<line>/<characteristic>` (a finding or an
 * episode drilled down to) scrolls to that series and marks it. An
 * enterprise the user may not see is refused here without asking the API,
 * and the API refuses it too.
 */
import type { AppContext, View } from '../app-context.js';
import { AlertFeed } from '../components/alert-feed.js';
import { ClassPanel } from '../components/class-panel.js';
import { ParetoPanel } from '../components/pareto-chart.js';
import { riskBreakdown } from '../components/risk-breakdown.js';
import { SeriesCard, windowText } from '../components/series-card.js';
import { fill, h } from '../lib/dom.js';
import { formatCount, formatDateTime } from '../lib/format.js';
import { levelBadge, neutralBadge } from '../lib/levels.js';
import type { RiskBreakdown } from '../model/risk-types.js';
import { ApiError } from '../services/api-client.js';

const WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['5m', 5 * 60_000],
  ['15m', 15 * 60_000],
  ['1h', 3_600_000],
  ['3h', 3 * 3_600_000],
  ['8h', 8 * 3_600_000],
];
const DEFAULT_WINDOW = '15m';
/** How often the charts fetch their newest points. ms */
const REFRESH_MS = 5_000;
/** Soonest the breakdown is fetched again after the enterprise's risk changed: a stream of changes costs one request per period. ms */
const BREAKDOWN_REFRESH_MS = 5_000;
/** The period the Pareto of causes counts. ms */
const PARETO_PERIOD_MS = 30 * 24 * 3_600_000;

export function enterpriseView(ctx: AppContext, id: string, params: URLSearchParams): View {
  const enterprise = ctx.enterprise(id);
  if (!enterprise) return notAvailable(ctx, id);

  const windowKey = WINDOWS.some(([k]) => k === params.get('window')) ? params.get('window')! : DEFAULT_WINDOW;
  const target = params.get('series');
  const windowMs = WINDOWS.find(([k]) => k === windowKey)![1];
  const regulator = ctx.session.user.role === 'regulator';

  const cards: SeriesCard[] = [];
  const lineSections = enterprise.lines.map((line) => {
    const product = ctx.product(line.product);
    const lineCards = (product?.characteristics ?? []).map((c) => {
      const card = new SeriesCard({ enterprise: id, line: line.id, characteristic: c.name, unit: c.unit, spec: { lsl: c.lsl, usl: c.usl, nominal: c.nominal } }, ctx, windowMs);
      cards.push(card);
      return card.element;
    });
    return h(
      'section',
      { class: 'line-section', 'aria-labelledby': `line-${line.id}` },
      h('h2', { id: `line-${line.id}` }, `Line ${line.name ?? line.id}`, h('span', { class: 'product' }, product ? ` · ${product.name}` : '')),
      lineCards.length > 0 ? h('div', { class: 'series-grid' }, lineCards) : h('p', { class: 'empty' }, 'This line measures no characteristic with a specification.'),
    );
  });

  const riskSummary = h('div', { class: 'risk-summary' });
  const breakdown = h('div', { class: 'breakdown-slot' }, h('p', { class: 'loading' }, 'Loading the risk breakdown…'));
  const windowSelect = h(
    'select',
    { id: 'window-select' },
    WINDOWS.map(([k, ms]) => h('option', { value: k, selected: k === windowKey }, `last ${windowText(ms)}`)),
  );
  windowSelect.addEventListener('change', () => {
    location.hash = `#/enterprises/${encodeURIComponent(id)}?window=${windowSelect.value}${target ? `&series=${encodeURIComponent(target)}` : ''}`;
  });
  const feed = new AlertFeed(ctx, {
    label: `Open alert episodes of ${enterprise.name}`,
    filter: (a) => a.enterprise === id && a.status !== 'resolved',
    limit: 30,
    showEnterprise: false,
    emptyText: 'No open episodes.',
  });
  // The configuration's class until the register answers: the register's decisions supersede it.
  let registeredClass: string = enterprise.class;
  const subtitle = h('p', { class: 'subtitle' });
  const drawSubtitle = () => {
    subtitle.textContent = `${enterprise.id} · registered class ${registeredClass} · last inspected ${enterprise.lastInspection} · ${formatCount(enterprise.lines.length)} line${enterprise.lines.length === 1 ? '' : 's'}`;
  };
  drawSubtitle();
  const classPanel = new ClassPanel(ctx, id, (cls) => {
    registeredClass = cls;
    drawSubtitle();
    drawRiskSummary();
  });
  const pareto = new ParetoPanel(ctx, { enterprise: id, since: Date.now() - PARETO_PERIOD_MS }, `Causes of the alert episodes of ${enterprise.name}`);

  const element = h(
    'div',
    { class: 'view enterprise', 'data-enterprise': id },
    h('header', { class: 'view-head' }, regulator ? h('a', { href: '#/', class: 'back' }, '← Cluster overview') : null, h('h1', null, enterprise.name), subtitle),
    h(
      'div',
      { class: 'enterprise-grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'risk-title' }, h('h2', { id: 'risk-title' }, 'Risk'), riskSummary, breakdown),
      h(
        'div',
        { class: 'side-stack' },
        h(
          'section',
          { class: 'panel feed-panel compact-feed', 'aria-labelledby': 'open-alerts-title' },
          h(
            'div',
            { class: 'panel-head' },
            h('h2', { id: 'open-alerts-title' }, 'Open alert episodes'),
            h('a', { href: `#/alerts?enterprise=${encodeURIComponent(id)}`, class: 'panel-link' }, 'All episodes →'),
          ),
          feed.element,
        ),
        h('section', { class: 'panel pareto-side', 'aria-labelledby': 'pareto-title' }, h('h2', { id: 'pareto-title' }, 'Causes of episodes, last 30 days'), pareto.element),
      ),
    ),
    classPanel.element,
    h(
      'div',
      { class: 'toolbar' },
      h('h2', { class: 'toolbar-title' }, 'Lines and characteristics'),
      h('label', { for: 'window-select' }, 'Time window'),
      windowSelect,
      h('span', { class: 'hint' }, `charts update every ${REFRESH_MS / 1000} s; drag to zoom, double-click to reset`),
    ),
    lineSections,
  );

  const drawRiskSummary = () => {
    const r = ctx.risk.get(id);
    fill(
      riskSummary,
      r
        ? h(
            'div',
            { class: 'risk-head' },
            levelBadge(r.level, `score ${r.score.toFixed(0)}`),
            h('span', null, ` Registered class ${registeredClass}`, r.suggestedClass ? `, suggested ${r.suggestedClass}` : ''),
            r.nextInspection ? h('span', null, ` · next inspection ${r.nextInspection}${r.inspectionDue ? ' (due)' : ''}`) : null,
          )
        : h('div', { class: 'risk-head' }, neutralBadge('Not assessed'), h('span', { class: 'muted' }, ` Registered class ${registeredClass}`)),
    );
  };

  let assessed = false;
  const loadBreakdown = async () => {
    if (!ctx.session.features.riskApi) {
      const why = ctx.session.features.enterprisesApi
        ? 'This server has the risk ranking but not its breakdown, nor the live monitor’s limits (they live in the analytics service)'
        : 'The risk breakdown is not available on this server, nor the live monitor’s limits';
      fill(breakdown, h('p', { class: 'empty' }, `${why}: the charts below show the readings and the spec.`));
      for (const card of cards) {
        card.setRisk(null);
        card.setRiskWindow(null);
      }
      return;
    }
    try {
      const b = await ctx.api.get<RiskBreakdown>(`/api/enterprises/${encodeURIComponent(id)}/risk`);
      assessed = true;
      fill(breakdown, riskBreakdown(b), b.history?.length ? h('p', { class: 'muted small' }, `Assessed ${formatDateTime(b.history[b.history.length - 1].at)}`) : null);
      for (const card of cards) {
        const [line, characteristic] = (card.element.dataset.series ?? '').split('/');
        const s = b.series?.find((x) => x.line === line && x.characteristic === characteristic);
        card.setRisk(s ?? null);
        card.setRiskWindow(s?.window ?? null);
      }
    } catch (err) {
      const text = err instanceof ApiError && err.status === 404 ? 'The risk model has no assessment of this enterprise yet.' : `The risk breakdown could not be loaded: ${(err as Error).message}.`;
      fill(breakdown, h('p', { class: 'empty' }, text));
      // No assessment: the cards compute capability from their points. A failed refresh keeps the figures they have.
      if (!assessed || (err instanceof ApiError && err.status === 404)) {
        for (const card of cards) {
          card.setRisk(null);
          card.setRiskWindow(null);
        }
      }
    }
  };

  const alertsBySeries = () => {
    for (const card of cards) {
      const key = card.element.dataset.series;
      card.setAlerts(ctx.alerts.list((a) => a.enterprise === id && a.status !== 'resolved' && `${a.line}/${a.characteristic}` === key));
    }
  };

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let breakdownTimer: ReturnType<typeof setTimeout> | undefined;
  let shownRisk = ctx.risk.get(id);
  const riskChanged = () => {
    drawRiskSummary();
    const now = ctx.risk.get(id);
    if (now === shownRisk || breakdownTimer !== undefined || !ctx.session.features.riskApi) return;
    shownRisk = now;
    breakdownTimer = setTimeout(() => {
      breakdownTimer = undefined;
      if (!stopped) void loadBreakdown();
    }, BREAKDOWN_REFRESH_MS);
  };
  const refreshAll = async () => {
    // One card at a time: a dozen charts refreshing at once would queue a dozen queries on a 2-core server.
    for (const card of cards) {
      if (stopped) return;
      await card.refresh();
    }
  };
  const loop = async () => {
    if (stopped) return;
    if (!document.hidden) await refreshAll();
    if (!stopped) timer = setTimeout(() => void loop(), REFRESH_MS);
  };

  const unsubscribes = [
    ctx.alerts.subscribe((changed) => {
      if (changed && changed.enterprise !== id) return;
      alertsBySeries();
      // A new signal on a series: show its points now rather than at the next refresh.
      const card = changed && cards.find((c) => c.element.dataset.series === `${changed.line}/${changed.characteristic}`);
      if (card) void card.refresh();
    }),
    ctx.risk.subscribe(riskChanged),
    ctx.onResync(() => void refreshAll()),
  ];

  drawRiskSummary();
  alertsBySeries();
  void loadBreakdown();
  void classPanel.load();
  const targetCard = target ? cards.find((c) => c.element.dataset.series === target) : undefined;
  // Charts size themselves to their cards: load once the view is in the document.
  requestAnimationFrame(() => {
    targetCard?.highlight();
    void (async () => {
      // The series drilled down to first: it is the one the user came for.
      for (const card of targetCard ? [targetCard, ...cards.filter((c) => c !== targetCard)] : cards) {
        if (stopped) return;
        await card.load();
      }
      timer = setTimeout(() => void loop(), REFRESH_MS);
    })();
  });

  return {
    element,
    destroy() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(breakdownTimer);
      for (const u of unsubscribes) u();
      for (const card of cards) card.destroy();
      feed.destroy();
      pareto.destroy();
    },
  };
}

function notAvailable(ctx: AppContext, id: string): View {
  const own = ctx.session.user.enterprise;
  const element = h(
    'div',
    { class: 'view not-available', 'data-enterprise-denied': id },
    h('header', { class: 'view-head' }, h('h1', null, 'Not available')),
    h(
      'section',
      { class: 'panel' },
      own
        ? [
            h('p', null, 'This enterprise is not available to your account: you can see only your own enterprise’s lines and alerts.'),
            h('p', null, h('a', { href: `#/enterprises/${encodeURIComponent(own)}` }, `Go to ${ctx.enterpriseName(own)}`)),
          ]
        : [h('p', null, `There is no enterprise “${id}” in this cluster.`), h('p', null, h('a', { href: '#/' }, 'Back to the overview'))],
    ),
  );
  return { element, destroy() {} };
}
