/**
 * Double-random draws (`#/draws`, regulators): run a seeded draw for a
 * period (the same seed and inputs always give the same picks, and the page
 * shows the server's check of that), see the enterprises picked with their
 * inspectors, and publish a draw to the public page.
 */
import type { AppContext, View } from '../app-context.js';
import { announce, fill, h } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import type { DrawView } from '../model/supervision-types.js';
import { ApiError } from '../services/api-client.js';

export function drawsView(ctx: AppContext): View {
  let destroyed = false;
  const list = h('div', { class: 'draw-list' }, h('p', { class: 'loading' }, 'Loading draws…'));
  const period = h('input', { type: 'text', id: 'draw-period', value: quarterOf(new Date()), autocomplete: 'off' });
  const seed = h('input', { type: 'text', id: 'draw-seed', autocomplete: 'off' });
  const count = h('input', { type: 'number', id: 'draw-count', min: 1, value: Math.min(10, ctx.session.enterprises.length) });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const run = h('button', { type: 'submit', class: 'button primary' }, 'Run the draw');
  const form = h(
    'form',
    { class: 'draw-form', novalidate: true },
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'field' }, h('label', { for: 'draw-period' }, 'Period'), period),
      h('div', { class: 'field' }, h('label', { for: 'draw-seed' }, 'Seed'), seed),
      h('div', { class: 'field' }, h('label', { for: 'draw-count' }, 'Enterprises to draw'), count),
    ),
    error,
    h('div', { class: 'form-buttons' }, run),
  );
  const element = h(
    'div',
    { class: 'view draws' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Double-random draws'),
      h(
        'p',
        { class: 'subtitle' },
        'Random enterprises, odds weighted by class and risk, and random inspectors from the pool, never one conflicted with the enterprise. Publish the seed before drawing: anyone can then repeat the draw.',
      ),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'new-draw-title' }, h('h2', { id: 'new-draw-title' }, 'New draw'), form),
    h('section', { class: 'panel', 'aria-labelledby': 'draws-title' }, h('h2', { id: 'draws-title' }, 'Draws'), list),
  );

  const load = async () => {
    try {
      const { draws } = await ctx.api.get<{ draws: DrawView[] }>('/api/draws');
      if (destroyed) return;
      fill(list, draws.length === 0 ? h('p', { class: 'empty' }, 'No draw yet.') : draws.map((d) => drawCard(ctx, d, load)));
    } catch (err) {
      if (!destroyed) fill(list, h('p', { class: 'form-error' }, `The draws could not be loaded: ${(err as Error).message}`));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const n = Number(count.value);
    if (period.value.trim() === '' || seed.value.trim() === '' || !Number.isInteger(n) || n < 1) {
      error.textContent = 'Give a period, a seed and a whole number of enterprises (at least 1).';
      return;
    }
    run.disabled = true;
    ctx.api
      .post<DrawView>('/api/draws', { period: period.value.trim(), seed: seed.value.trim(), count: n })
      .then(async (d) => {
        announce(`Draw made: ${d.picks.length} enterprises.`);
        await load();
      })
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError ? err.message : String(err);
      })
      .finally(() => {
        run.disabled = false;
      });
  });

  if (ctx.session.features.supervision) void load();
  else fill(list, h('div', { class: 'notice', role: 'note' }, 'This server keeps no supervision register.'));
  return {
    element,
    destroy() {
      destroyed = true;
    },
  };
}

function drawCard(ctx: AppContext, d: DrawView, reload: () => Promise<void>): HTMLElement {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const publish = d.published
    ? null
    : h(
        'button',
        {
          type: 'button',
          class: 'button',
          'data-publish': d.id,
          onclick: (e: Event) => {
            (e.currentTarget as HTMLButtonElement).disabled = true;
            ctx.api
              .post(`/api/draws/${encodeURIComponent(d.id)}/publish`, {})
              .then(() => reload())
              .catch((err: unknown) => {
                error.textContent = (err as Error).message;
              });
          },
        },
        'Publish',
      );
  return h(
    'article',
    { class: 'draw-card', 'data-draw-id': d.id, 'data-published': d.published ? 'true' : 'false' },
    h('h3', null, `${d.period} · seed “${d.seed}”`),
    h(
      'p',
      { class: 'muted' },
      `drawn ${formatDateTime(Date.parse(d.createdAt))} by ${d.createdBy} · `,
      d.reproducible ? 'repeating it gives the same picks' : h('strong', null, 'repeating it does NOT give the same picks'),
      ' · ',
      h('span', { class: 'draw-state' }, d.published && d.publishedAt ? `published ${formatDateTime(Date.parse(d.publishedAt))} by ${d.publishedBy ?? '?'}` : 'not published'),
    ),
    h(
      'table',
      { class: 'draw-picks' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['#', 'Enterprise', 'Class', 'Risk', 'Inspectors'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        d.picks.map((p, i) =>
          h(
            'tr',
            { 'data-enterprise': p.enterprise },
            h('td', null, String(i + 1)),
            h('td', null, ctx.enterpriseName(p.enterprise)),
            h('td', null, p.class),
            h('td', null, p.risk.toFixed(0)),
            h('td', { class: 'inspectors' }, p.inspectors.join(', ')),
          ),
        ),
      ),
    ),
    error,
    publish ? h('div', { class: 'form-buttons' }, publish) : null,
  );
}

/** '2026-Q4': the default period, the current quarter. */
function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
