/**
 * Every alert the user may see, newest first, filtered by state (and by
 * enterprise for a regulator). The same live cards as the overview's feed.
 */
import type { AppContext, View } from '../app-context.js';
import { AlertFeed } from '../components/alert-feed.js';
import { h } from '../lib/dom.js';
import type { Alert } from '../model/alerts-model.js';

const STATES: ReadonlyArray<readonly [string, string, (a: Alert) => boolean]> = [
  ['open', 'Open (active or acknowledged)', (a) => a.status !== 'resolved'],
  ['active', 'Active', (a) => a.status === 'active'],
  ['acknowledged', 'Acknowledged', (a) => a.status === 'acknowledged'],
  ['resolved', 'Resolved', (a) => a.status === 'resolved'],
  ['all', 'All', () => true],
];

export function alertsView(ctx: AppContext, params: URLSearchParams): View {
  const state = STATES.find(([key]) => key === params.get('status')) ?? STATES[0];
  const enterprise = params.get('enterprise');
  const regulator = ctx.session.user.role === 'regulator';
  const filter = (a: Alert) => state[2](a) && (enterprise === null || a.enterprise === enterprise);
  const feed = new AlertFeed(ctx, {
    label: 'Alerts',
    filter,
    limit: 300,
    showEnterprise: regulator,
    emptyText: `No ${state[0] === 'all' ? '' : `${state[1].toLowerCase()} `}alerts${enterprise ? ` for ${ctx.enterpriseName(enterprise)}` : ''}.`,
  });

  const navigate = (status: string, ent: string | null) => {
    const q = new URLSearchParams({ status });
    if (ent) q.set('enterprise', ent);
    location.hash = `#/alerts?${q.toString()}`;
  };
  const statusSelect = h('select', { id: 'alert-status' }, STATES.map(([key, label]) => h('option', { value: key, selected: key === state[0] }, label)));
  statusSelect.addEventListener('change', () => navigate(statusSelect.value, enterprise));
  const enterpriseSelect = regulator
    ? h(
        'select',
        { id: 'alert-enterprise' },
        h('option', { value: '' }, 'All enterprises'),
        ctx.session.enterprises.map((e) => h('option', { value: e.id, selected: e.id === enterprise }, e.name)),
      )
    : null;
  enterpriseSelect?.addEventListener('change', () => navigate(statusSelect.value, enterpriseSelect.value || null));

  const element = h(
    'div',
    { class: 'view alerts' },
    h('header', { class: 'view-head' }, h('h1', null, 'Alerts'), h('p', { class: 'subtitle' }, 'Newest first; new alerts appear as they are raised.')),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'alert-status' }, 'Show'),
      statusSelect,
      enterpriseSelect ? [h('label', { for: 'alert-enterprise' }, 'Enterprise'), enterpriseSelect] : null,
    ),
    h('section', { class: 'panel' }, feed.element),
  );
  return { element, destroy: () => feed.destroy() };
}
