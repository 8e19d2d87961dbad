/**
 * The monthly report: pick a month (and, for a regulator, the whole cluster
 * or one enterprise), then open the printable page in a new tab. A new tab
 * cannot carry the bearer token, so the page first asks the server for a
 * one-minute ticket (POST /api/reports/tickets) and opens the URL it names.
 * Without a month in the address it opens on the latest month with data
 * (GET /api/reports/latest-month), not on an empty one.
 */
import type { AppContext, View } from '../app-context.js';
import { h } from '../lib/dom.js';
import { ApiError } from '../services/api-client.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The last whole month before `now`, as YYYY-MM (UTC, as the report counts). */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function reportView(ctx: AppContext, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const own = ctx.session.user.enterprise;
  const requested = params.get('month');
  const chosen = requested !== null && MONTH.test(requested);
  const month = chosen ? requested : previousMonth(new Date());
  const requestedEnterprise = params.get('enterprise');
  const enterprise = regulator ? (ctx.session.enterprises.some((e) => e.id === requestedEnterprise) ? requestedEnterprise : null) : own;

  const navigate = (m: string, ent: string | null) => {
    const q = new URLSearchParams({ month: m });
    if (regulator && ent) q.set('enterprise', ent);
    location.replace(`#/report?${q.toString()}`);
  };

  const monthInput = h('input', { id: 'report-month', type: 'month', value: month, max: previousMonth(new Date(Date.now() + 31 * 86_400_000)), required: true });
  monthInput.addEventListener('change', () => {
    if (MONTH.test(monthInput.value)) navigate(monthInput.value, enterpriseSelect?.value || null);
  });
  const enterpriseSelect = regulator
    ? h(
        'select',
        { id: 'report-enterprise' },
        h('option', { value: '' }, 'All enterprises'),
        ctx.session.enterprises.map((e) => h('option', { value: e.id, selected: e.id === enterprise }, e.name)),
      )
    : null;
  enterpriseSelect?.addEventListener('change', () => navigate(monthInput.value, enterpriseSelect.value || null));

  const message = h('p', { class: 'form-error', role: 'status', 'aria-live': 'polite' });
  const dataNote = h('p', { class: 'subtitle', id: 'report-month-note', 'aria-live': 'polite' }, chosen ? '' : 'Looking for the latest month with data\u2026');
  let destroyed = false;
  if (!chosen) {
    // Until the answer comes the button would open a month that may be empty.
    monthInput.disabled = true;
    const q = regulator && enterprise ? `?enterprise=${encodeURIComponent(enterprise)}` : '';
    ctx.api
      .get<{ month: string; hasData: boolean; monthComplete: boolean }>(`/api/reports/latest-month${q}`)
      .then((latest) => {
        if (destroyed) return;
        monthInput.value = latest.month;
        dataNote.textContent = latest.hasData
          ? `Latest month with data: ${latest.month}${latest.monthComplete ? '' : ' (still under way)'}.`
          : `No data is stored for the last two years; showing ${latest.month}.`;
      })
      .catch((err: unknown) => {
        if (!destroyed) dataNote.textContent = `The latest month with data could not be found (${err instanceof ApiError ? err.message : (err as Error).message}); showing ${monthInput.value}.`;
      })
      .finally(() => {
        monthInput.disabled = false;
      });
  }
  const open = h('button', { type: 'button', class: 'button primary', id: 'report-open' }, 'Open printable report');
  open.addEventListener('click', () => {
    const m = monthInput.value;
    if (!MONTH.test(m)) {
      message.textContent = 'Choose a month first.';
      return;
    }
    // Opened now, inside the click, so no popup blocker refuses it; pointed at the report once the ticket arrives.
    const tab = window.open('about:blank', '_blank');
    open.disabled = true;
    message.textContent = '';
    const ent = regulator ? enterpriseSelect?.value || undefined : (own ?? undefined);
    ctx.api
      .post<{ url: string }>('/api/reports/tickets', ent ? { month: m, enterprise: ent } : { month: m })
      .then(({ url }) => {
        if (tab) tab.location.href = url;
        else window.open(url, '_blank');
      })
      .catch((err: unknown) => {
        tab?.close();
        if (!destroyed) message.textContent = `The report could not be opened: ${err instanceof ApiError ? err.message : (err as Error).message}.`;
      })
      .finally(() => {
        open.disabled = false;
      });
  });

  const scope = regulator ? (enterprise ? ctx.enterpriseName(enterprise) : 'all enterprises') : ctx.enterpriseName(own ?? '');
  const element = h(
    'div',
    { class: 'view report' },
    h('header', { class: 'view-head' }, h('h1', null, 'Monthly report'), h('p', { class: 'subtitle' }, `The printable quality-risk report of one calendar month, for ${scope}.`)),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'report-month' }, 'Month'),
      monthInput,
      enterpriseSelect ? [h('label', { for: 'report-enterprise' }, 'Enterprise'), enterpriseSelect] : null,
      open,
    ),
    dataNote,
    message,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'report-contents' },
      h('h2', { id: 'report-contents' }, 'What the report contains'),
      h(
        'ul',
        null,
        h('li', null, regulator ? 'The risk ranking of the enterprises and their trend over the month.' : "Your enterprise's risk level and its trend over the month."),
        h('li', null, 'Per line and characteristic: the figures of the month (n, mean, SD, min / max), capability (Pp, Ppk, Cp, Cpk) and expected ppm, against the month before.'),
        h('li', null, 'The capability trend of each characteristic: Ppk month by month over the last year, against the 1.33 threshold.'),
        h('li', null, 'The alerts raised, acknowledged and resolved in the month, and a Pareto chart of their causes.'),
        h('li', null, 'The reels made in the month, their verdicts, and Pareto charts of the nonconforming ones by line and by characteristic.'),
        h('li', null, 'How every figure is computed, and how complete the data is.'),
      ),
      h('p', { class: 'subtitle' }, 'It opens in a new tab as a self-contained page: print it or save it as PDF from the browser. The link is valid for one minute.'),
    ),
  );
  return {
    element,
    destroy: () => {
      destroyed = true;
    },
  };
}
