/**
 * The Pareto of causes (GET /api/alerts/pareto): which causes the episodes
 * had, most frequent first, each as a bar with its count, its share and the
 * running total, so "the top two causes are 80% of it" reads at a glance;
 * and, per characteristic, how many episodes and the leading cause. Plain
 * DOM bars (widths set through the CSSOM: the page's CSP allows no inline
 * style attributes); the table underneath is the same figures as text.
 *
 * The panel fetches again when the filter changes, and at most every few
 * seconds while episodes change live.
 */
import type { AppContext } from '../app-context.js';
import { fill, h } from '../lib/dom.js';
import { characteristicLabel, formatCount } from '../lib/format.js';
import { ApiError } from '../services/api-client.js';

import type { ParetoBar } from '../../monitor/episode-book.js';

export type { ParetoBar };

export interface ParetoFigures {
  readonly episodes: number;
  readonly unassigned: number;
  readonly bars: readonly ParetoBar[];
}

export interface ParetoAnswer extends ParetoFigures {
  readonly byCharacteristic?: ReadonlyArray<ParetoFigures & { readonly characteristic: string }>;
}

export interface ParetoQuery {
  readonly enterprise?: string | null;
  readonly characteristic?: string | null;
  readonly since?: number | null;
  readonly until?: number | null;
}

/** Soonest the Pareto is fetched again after an episode changed. ms */
const REFRESH_MS = 2_000;

const percent = (x: number) => `${Math.round(x * 100)} %`;

export function paretoChart(p: ParetoAnswer, caption: string): HTMLElement {
  const assigned = p.episodes - p.unassigned;
  const summary = h(
    'p',
    { class: 'pareto-summary' },
    p.episodes === 0
      ? 'No episodes in this period.'
      : `${formatCount(p.episodes)} episode${p.episodes === 1 ? '' : 's'}: ${formatCount(assigned)} with a cause${p.unassigned > 0 ? `, ${formatCount(p.unassigned)} not yet assigned` : ''}.`,
  );
  if (p.bars.length === 0) return h('div', { class: 'pareto' }, summary);
  const max = Math.max(...p.bars.map((b) => b.count));
  const rows = p.bars.map((b) => {
    const bar = h('span', { class: 'pareto-bar', 'aria-hidden': 'true' }, h('span', { class: 'pareto-fill' }), h('span', { class: 'pareto-cumulative' }));
    (bar.children[0] as HTMLElement).style.width = `${((b.count / max) * 100).toFixed(1)}%`;
    // The running total as a tick on the same track: where the bars together reach.
    (bar.children[1] as HTMLElement).style.left = `${(b.cumulative * 100).toFixed(1)}%`;
    return h(
      'tr',
      { 'data-cause': b.cause },
      h('th', { scope: 'row', class: 'pareto-label' }, b.label),
      h('td', { class: 'pareto-track' }, bar),
      h('td', { class: 'num', 'data-figure': 'count' }, formatCount(b.count)),
      h('td', { class: 'num', 'data-figure': 'share' }, percent(b.share)),
      h('td', { class: 'num', 'data-figure': 'cumulative' }, percent(b.cumulative)),
    );
  });
  const table = h(
    'table',
    { class: 'pareto-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Cause'),
        h(
          'th',
          { scope: 'col' },
          h('span', { class: 'visually-hidden' }, 'Bar'),
          h('span', { class: 'pareto-key', 'aria-hidden': 'true' }, h('span', { class: 'key-bar' }), ' count ', h('span', { class: 'key-tick' }), ' cumulative'),
        ),
        h('th', { scope: 'col', class: 'num' }, 'Episodes'),
        h('th', { scope: 'col', class: 'num' }, 'Share'),
        h('th', { scope: 'col', class: 'num', title: 'cumulative share' }, 'Cum.'),
      ),
    ),
    h('tbody', null, rows),
  );
  return h('div', { class: 'pareto' }, summary, h('div', { class: 'table-scroll' }, table));
}

/** Per characteristic: episodes, those without a cause, and the leading cause (when any has one). */
export function paretoByCharacteristic(list: NonNullable<ParetoAnswer['byCharacteristic']>): HTMLElement | null {
  if (list.length < 2) return null;
  const anyCause = list.some((c) => c.bars.length > 0);
  const table = h(
    'table',
    { class: 'pareto-by-characteristic' },
    h('caption', { class: 'visually-hidden' }, 'Causes per characteristic'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Characteristic'),
        h('th', { scope: 'col', class: 'num' }, 'Episodes'),
        h('th', { scope: 'col', class: 'num' }, 'No cause'),
        anyCause ? h('th', { scope: 'col' }, 'Leading cause') : null,
      ),
    ),
    h(
      'tbody',
      null,
      list.map((c) =>
        h(
          'tr',
          { 'data-characteristic': c.characteristic },
          h('th', { scope: 'row' }, c.characteristic === 'risk-score' ? 'Risk level (whole enterprise)' : characteristicLabel(c.characteristic)),
          h('td', { class: 'num' }, formatCount(c.episodes)),
          h('td', { class: 'num' }, formatCount(c.unassigned)),
          anyCause ? h('td', null, c.bars[0] ? `${c.bars[0].label} ×${formatCount(c.bars[0].count)}` : '—') : null,
        ),
      ),
    ),
  );
  return h('div', { class: 'table-scroll' }, table);
}

/** A panel that shows the Pareto of a query and keeps it current. */
export class ParetoPanel {
  readonly element = h('div', { class: 'pareto-panel', 'aria-live': 'polite' }, h('p', { class: 'loading' }, 'Counting causes…'));
  private query: ParetoQuery;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | null = null;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    query: ParetoQuery,
    private readonly caption: string,
  ) {
    this.query = query;
    this.unsubscribe = ctx.alerts.subscribe((changed) => {
      if (changed && this.query.enterprise && changed.enterprise !== this.query.enterprise) return;
      this.later();
    });
    void this.load();
  }

  setQuery(query: ParetoQuery): void {
    this.query = query;
    void this.load();
  }

  destroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller?.abort();
    this.unsubscribe();
  }

  private later(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load();
    }, REFRESH_MS);
  }

  private async load(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const q = new URLSearchParams();
    if (this.query.enterprise) q.set('enterprise', this.query.enterprise);
    if (this.query.characteristic) q.set('characteristic', this.query.characteristic);
    if (this.query.since) q.set('since', String(Math.floor(this.query.since)));
    if (this.query.until) q.set('until', String(Math.floor(this.query.until)));
    try {
      const query = q.toString();
      const p = await this.ctx.api.get<ParetoAnswer>(`/api/alerts/pareto${query ? `?${query}` : ''}`, controller.signal);
      if (this.stopped || controller.signal.aborted) return;
      fill(this.element, paretoChart(p, this.caption), p.byCharacteristic ? paretoByCharacteristic(p.byCharacteristic) : null);
    } catch (err) {
      if ((err as Error).name === 'AbortError' || this.stopped) return;
      fill(this.element, h('p', { class: 'empty' }, `The causes could not be counted: ${err instanceof ApiError ? err.message : 'the request failed'}.`));
    }
  }
}
