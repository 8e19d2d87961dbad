/**
 * A trace's answer: every affected reel (verdict, tests, where it was
 * shipped; a click opens the reel), the recall list of customers, and the
 * same trace as the API's CSV.
 */
import type { AppContext } from '../app-context.js';
import { h } from '../lib/dom.js';
import { recallCustomers, reelLengthText, reelSpanText, shippedText, testsSummary, traceApiPath, traceFileName, type TraceQuery, verdictCountText } from '../model/trace-model.js';
import type { ForwardTrace, TracedReel, UnrecordedReel } from '../model/trace-types.js';
import { verdictBadgeElement } from './verdict-badge.js';

export function reelHref(enterprise: string, reel: string): string {
  return `#/reels/${encodeURIComponent(reel)}?enterprise=${encodeURIComponent(enterprise)}`;
}

export function traceResults(ctx: AppContext, query: TraceQuery, trace: ForwardTrace): HTMLElement {
  const rows = trace.reels;
  const status = h('span', { class: 'form-error', role: 'alert' });
  const download = async () => {
    status.textContent = '';
    try {
      const csv = await ctx.api.getText(traceApiPath(query, 'csv'));
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = h('a', { href: url, download: traceFileName(query), hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      status.textContent = `The CSV could not be made: ${(err as Error).message}`;
    }
  };
  return h(
    'div',
    { class: 'trace-results', 'data-count': rows.length },
    h(
      'div',
      { class: 'panel-head' },
      h('p', { class: 'trace-count' }, verdictCountText(rows)),
      h('button', { type: 'button', class: 'button small', 'data-csv': traceApiPath(query, 'csv'), onclick: () => void download() }, 'Download CSV'),
      status,
    ),
    rows.length === 0 && trace.unrecorded.length === 0 ? h('p', { class: 'empty' }, 'No reel was made in what was traced.') : reelTable(trace.enterprise, rows),
    trace.unrecorded.length > 0 ? unrecordedTable(trace.unrecorded) : null,
    h('h3', null, 'Customers to recall from'),
    customerList([...rows, ...trace.unrecorded]),
    trace.skipped.length > 0 ? h('p', { class: 'form-error trace-skipped' }, `Left out, unreadable in the register: ${trace.skipped.map((k) => `${k.kind} ${k.id} (${k.reason})`).join('; ')}`) : null,
  );
}

function reelTable(enterprise: string, rows: readonly TracedReel[]): HTMLElement {
  const head = ['Reel', 'Line', 'Product', 'Made', 'Length', 'Verdict', 'Tests', 'Shipped to'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'record-table trace-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            { 'data-reel': r.reel, 'data-verdict': r.verdict },
            h('td', { 'data-field': 'reel' }, h('a', { href: reelHref(enterprise, r.reel), class: 'reel-link' }, r.reel)),
            h('td', { 'data-field': 'line' }, r.line),
            h('td', { 'data-field': 'product' }, r.product ?? '—'),
            h('td', { 'data-field': 'span' }, reelSpanText(r.startedAt, r.endedAt)),
            h('td', { 'data-field': 'length', class: 'num' }, reelLengthText(r.lengthM)),
            h('td', { 'data-field': 'verdict' }, verdictBadgeElement(r.verdict)),
            h('td', { 'data-field': 'tests' }, testsSummary(r.tests)),
            h('td', { 'data-field': 'shipped' }, shippedText(r.shipments)),
          ),
        ),
      ),
    ),
  );
}

/** Reels a lot reached through the register that the store has no quality record of: recalled all the same. */
function unrecordedTable(rows: readonly UnrecordedReel[]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h('h3', null, 'Reels from the lot with no quality record'),
    h(
      'table',
      { class: 'record-table unrecorded-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['Reel', 'Tests', 'Shipped to'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) => h('tr', { 'data-reel': r.reel }, h('td', null, r.reel), h('td', null, testsSummary(r.tests)), h('td', null, shippedText(r.shipments)))),
      ),
    ),
  );
}

function customerList(rows: Parameters<typeof recallCustomers>[0]): HTMLElement {
  const customers = recallCustomers(rows);
  if (customers.length === 0) return h('p', { class: 'empty recall-customers' }, 'None: no affected reel was shipped.');
  return h(
    'ul',
    { class: 'recall-customers' },
    customers.map((c) =>
      h(
        'li',
        { 'data-customer': c.customer },
        h('strong', { class: 'customer-name' }, c.customer),
        ` · ${c.destinations.join(', ')} · reels ${c.reels.join(', ')}`,
        c.nonconforming.length > 0 ? h('span', { class: 'customer-nonconforming' }, ` · nonconforming: ${c.nonconforming.join(', ')}`) : null,
      ),
    ),
  );
}
