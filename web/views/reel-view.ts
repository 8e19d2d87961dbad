/**
 * One reel, traced back (`#/reels/<reel>?enterprise=<id>`): its line,
 * product, span and verdict; its quality record per characteristic with the
 * gauges' calibration; the material lots it consumed; its finished-product
 * tests; where it was shipped; and the alert episodes raised while it was made.
 */
import type { AppContext, View } from '../app-context.js';
import { reelQualityTable } from '../components/reel-quality-table.js';
import { verdictBadgeElement } from '../components/verdict-badge.js';
import { fill, h } from '../lib/dom.js';
import { characteristicLabel } from '../lib/format.js';
import { dateTimeText, instantText, reelLengthText, reelSpanText, testValueText } from '../model/trace-model.js';
import type { ReelTrace } from '../model/trace-types.js';

export function reelView(ctx: AppContext, reel: string, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const enterprise = regulator ? (params.get('enterprise') ?? '') : (ctx.session.user.enterprise ?? '');
  const controller = new AbortController();
  const body = h('div', { class: 'reel-body' }, h('p', { class: 'loading' }, 'Loading the reel…'));
  const subtitle = h('p', { class: 'subtitle reel-summary' });
  const element = h('div', { class: 'view reel', 'data-reel': reel, 'data-enterprise': enterprise }, h('header', { class: 'view-head' }, h('h1', null, `Reel ${reel}`), subtitle), body);

  ctx.api
    .get<ReelTrace>(`/api/trace/reels/${encodeURIComponent(reel)}?enterprise=${encodeURIComponent(enterprise)}`, controller.signal)
    .then((t) => {
      const r = t.record;
      fill(
        subtitle,
        `${ctx.enterpriseName(t.enterprise)} · line `,
        h('span', { 'data-field': 'line' }, r.line),
        ' · ',
        h('span', { 'data-field': 'product' }, r.product ?? 'product unknown'),
        ` · ${reelSpanText(r.startedAt, r.endedAt)} · ${reelLengthText(t.lengthM)} · `,
        verdictBadgeElement(r.verdict),
        r.status === 'open' ? ' (still being made)' : '',
      );
      fill(
        body,
        section('quality', 'Quality record', reelQualityTable(r.characteristics, t.calibration)),
        section(
          'lots',
          'Material lots',
          table(
            ['Material', 'Supplier', 'Lot', 'Certificate'],
            t.lots,
            (l) => [l.material, l.supplier, l.lot, l.certificate || '—'],
            'None recorded.',
            (l) => ({ 'data-lot': l.id }),
          ),
          t.unknownLots.length > 0 ? h('p', { class: 'form-error' }, `Lots named but not in the register: ${t.unknownLots.join(', ')}`) : null,
        ),
        section(
          'tests',
          'Tests',
          table(
            ['Test', 'Value', 'Result', 'Instrument', 'When'],
            t.tests,
            (x) => [x.test, testValueText(x), x.result, x.instrument, instantText(x.testedAt)],
            'None recorded.',
            (x) => ({ 'data-test': x.test, 'data-result': x.result }),
          ),
        ),
        section(
          'shipments',
          'Shipments',
          table(
            ['Customer', 'Destination', 'Shipped on', 'Document'],
            t.shipments,
            (s) => [s.customer, s.destination, s.shippedOn, s.document || '—'],
            'Not shipped.',
            (s) => ({ 'data-customer': s.customer }),
          ),
        ),
        section(
          'episodes',
          'Alert episodes while it was made',
          table(
            ['Episode', 'Characteristic', 'Severity', 'Opened', 'Closed'],
            t.episodes,
            (e) => [e.id, characteristicLabel(e.characteristic), e.severity, dateTimeText(e.openedAt), e.closedAt === null ? 'open' : dateTimeText(e.closedAt)],
            'None.',
            (e) => ({ 'data-episode': e.id }),
          ),
        ),
      );
    })
    .catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') fill(body, h('p', { class: 'form-error', role: 'alert' }, `The reel could not be loaded: ${(err as Error).message}`));
    });
  return { element, destroy: () => controller.abort() };
}

function section(key: string, title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: `panel reel-${key}`, 'aria-labelledby': `reel-${key}-title` }, h('h2', { id: `reel-${key}-title` }, title), content);
}

function table<T>(head: readonly string[], rows: readonly T[], cells: (row: T) => string[], empty: string, attrs: (row: T) => Record<string, string>): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'record-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            attrs(r),
            cells(r).map((c) => h('td', null, c)),
          ),
        ),
      ),
    ),
  );
}
