/**
 * The regulator's overview of the cluster: who needs attention and why, at a
 * glance. Headline figures a regulator can act on (findings by kind, product
 * out of spec, silent gateways, suggested class changes), the enterprises
 * ranked by risk (or, until the risk model reports, by their active
 * episodes, and the page says so) with their open findings, and beside them
 * the live feed of findings, each leading to the enterprise and the series
 * concerned. Redrawn at most once per frame however many events arrive, and
 * every 30 s so times age.
 */
import type { AppContext, View } from '../app-context.js';
import { ClassTargetsPanel } from '../components/class-targets.js';
import { EnterpriseTable } from '../components/enterprise-table.js';
import { FindingFeed } from '../components/finding-feed.js';
import { kpiCards } from '../components/kpi-cards.js';
import { fill, frameScheduler, h } from '../lib/dom.js';
import { formatCount, formatTime } from '../lib/format.js';
import { clusterCounts, clusterRows } from '../model/cluster-rows.js';
import { findingCounts } from '../model/findings-model.js';

/** Rows drawn before "show all": the top of the ranking is what a glance needs. */
const FIRST_ROWS = 100;
const AGEING_MS = 30_000;

export function overviewView(ctx: AppContext): View {
  const kpis = h('div', { class: 'kpi-slot' });
  const targets = new ClassTargetsPanel(ctx);
  const notice = h('div', { class: 'notice-slot' });
  const table = new EnterpriseTable('Enterprises ranked by risk');
  const filter = h('input', { type: 'search', id: 'enterprise-filter', placeholder: 'Name or id', autocomplete: 'off' });
  const showAll = h('button', { type: 'button', class: 'button', 'data-show-all': '' });
  const tableStatus = h('p', { class: 'table-status', role: 'status' });
  const updated = h('span', { class: 'updated' });
  const rankingTitle = h('h2', { id: 'ranking-title' });
  let expanded = false;

  const feed = ctx.session.features.findings
    ? new FindingFeed(ctx, {
        label: 'Live findings',
        filter: () => true,
        limit: 60,
        showEnterprise: true,
        emptyText: 'No findings: nothing in the cluster needs acting on.',
      })
    : null;

  const render = () => {
    const started = performance.now();
    const now = Date.now();
    const rows = clusterRows(ctx.session.enterprises, ctx.alerts.all(), (id) => ctx.risk.get(id), now, ctx.findings.list());
    fill(kpis, kpiCards(clusterCounts(rows), ctx.findings.available ? findingCounts(ctx.findings.list()) : null));
    fill(notice, ctx.risk.available ? null : riskNotice(ctx.risk.unavailableReason));
    rankingTitle.textContent = ctx.risk.available ? 'Enterprises by risk' : 'Enterprises by active episodes';
    const q = filter.value.trim().toLowerCase();
    const ranked = rows.map((row, i) => ({ row, rank: i + 1 }));
    const matching = q ? ranked.filter(({ row }) => row.name.toLowerCase().includes(q) || row.id.toLowerCase().includes(q)) : ranked;
    const shown = expanded || q ? matching : matching.slice(0, FIRST_ROWS);
    table.update(shown);
    tableStatus.textContent = !ctx.alerts.loaded
      ? 'Loading alerts…'
      : matching.length === 0
        ? `No enterprise matches “${filter.value.trim()}”.`
        : `${formatCount(shown.length)} of ${formatCount(rows.length)} enterprises shown${q ? ` (matching “${filter.value.trim()}”)` : ''}.`;
    showAll.hidden = q !== '' || rows.length <= FIRST_ROWS;
    showAll.textContent = expanded ? `Show the first ${FIRST_ROWS}` : `Show all ${formatCount(rows.length)} enterprises`;
    updated.textContent = `updated ${formatTime(now)}`;
    performance.measure('linewatch:overview-render', { start: started, end: performance.now(), detail: { rows: shown.length } });
  };
  const schedule = frameScheduler(render);
  filter.addEventListener('input', () => schedule.request());
  showAll.addEventListener('click', () => {
    expanded = !expanded;
    schedule.request();
  });

  const element = h(
    'div',
    { class: 'view overview' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Cluster overview'),
      h('p', { class: 'subtitle' }, `${formatCount(ctx.session.enterprises.length)} enterprises under supervision · live · `, updated),
    ),
    notice,
    kpis,
    targets.element,
    h(
      'div',
      { class: 'overview-grid' },
      h(
        'section',
        { class: 'panel ranking', 'aria-labelledby': 'ranking-title' },
        h('div', { class: 'panel-head' }, rankingTitle, h('div', { class: 'filter' }, h('label', { for: 'enterprise-filter' }, 'Filter'), filter)),
        table.element,
        h('div', { class: 'table-foot' }, tableStatus, showAll),
      ),
      h(
        'section',
        { class: 'panel feed-panel', 'aria-labelledby': 'feed-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'feed-title' }, 'Findings'), h('a', { href: '#/alerts', class: 'panel-link' }, 'Alert episodes →')),
        feed ? feed.element : h('p', { class: 'empty' }, 'This server does not produce findings yet; the enterprises’ alert episodes are under “Alert episodes”.'),
      ),
    ),
  );

  const unsubscribes = [
    ctx.alerts.subscribe(() => schedule.request()),
    ctx.risk.subscribe(() => schedule.request()),
    ctx.findings.subscribe(() => schedule.request()),
    ctx.onResync(() => schedule.request()),
  ];
  const ageing = setInterval(() => schedule.request(), AGEING_MS);
  render();
  void targets.load();
  return {
    element,
    destroy() {
      for (const u of unsubscribes) u();
      clearInterval(ageing);
      schedule.cancel();
      feed?.destroy();
    },
  };
}

function riskNotice(reason: string | null): HTMLElement {
  return h(
    'div',
    { class: 'notice', role: 'note' },
    h('strong', null, 'Risk scores are not available yet. '),
    `This server has no risk assessments to show (${reason ?? 'none reported'}). `,
    'Until it has, enterprises are ranked by their active alert episodes, worst severity first; risk level, score and suggested class appear here as soon as the risk model reports.',
  );
}
