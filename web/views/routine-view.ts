/**
 * The enterprise's quality routine (`#/routine`). An enterprise user picks a
 * day, week or month (`?period=daily&start=YYYY-MM-DD`), reads the draft
 * linewatch made from the data, writes remarks, saves, and signs as the
 * quality-safety officer or director after confirming; a signed report is
 * shown read-only, as it was signed. A regulator sees, for a month
 * (`?month=YYYY-MM`), which enterprises keep their routine and which miss
 * the monthly review.
 */
import type { AppContext, View } from '../app-context.js';
import { complianceTable } from '../components/routine-compliance.js';
import { routineDraft } from '../components/routine-draft.js';
import { announce, fill, h } from '../lib/dom.js';
import type { ComplianceAnswer, RoutineDraftView, RoutinePeriod, RoutineReport } from '../model/routine-types.js';
import { periodStartOf } from '../../trace/routine/routine-period.js';

const PERIOD_TEXT: Record<RoutinePeriod, string> = { daily: 'Daily control log', weekly: 'Weekly check report', monthly: 'Monthly review' };
const SIGNER_TEXT = { 'quality-safety-officer': 'Quality-safety officer', 'quality-safety-director': 'Quality-safety director' } as const;
const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

export function routineView(ctx: AppContext, params: URLSearchParams): View {
  return ctx.session.user.role === 'regulator' ? complianceView(ctx, params) : enterpriseRoutineView(ctx, params);
}

function complianceView(ctx: AppContext, params: URLSearchParams): View {
  const asked = params.get('month');
  const month = asked && /^\d{4}-\d{2}$/.test(asked) ? asked : new Date(Date.now() - 28 * DAY).toISOString().slice(0, 7);
  let destroyed = false;
  const body = h('div', { class: 'routine-body' }, h('p', { class: 'loading' }, 'Loading…'));
  const picker = h('input', { id: 'routine-month', type: 'month', value: month, onchange: (e: Event) => (location.hash = `#/routine?month=${(e.target as HTMLInputElement).value}`) });
  const element = h(
    'div',
    { class: 'view routine', 'data-role': 'regulator' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Routine'),
      h('p', { class: 'subtitle' }, 'Which makers keep their daily log, weekly check and monthly review, signed.'),
      h('div', { class: 'filter' }, h('label', { for: 'routine-month' }, 'Month'), picker),
    ),
    body,
  );
  ctx.api
    .get<ComplianceAnswer>(`/api/trace/routine/compliance?month=${encodeURIComponent(month)}`)
    .then((answer) => !destroyed && fill(body, complianceTable(answer)))
    .catch((err: unknown) => !destroyed && fill(body, h('p', { class: 'form-error' }, `The routine could not be loaded: ${(err as Error).message}`)));
  return {
    element,
    destroy() {
      destroyed = true;
    },
  };
}

function enterpriseRoutineView(ctx: AppContext, params: URLSearchParams): View {
  const enterprise = ctx.session.user.enterprise ?? '';
  const askedPeriod = params.get('period');
  const period: RoutinePeriod = askedPeriod === 'weekly' || askedPeriod === 'monthly' ? askedPeriod : 'daily';
  const askedStart = params.get('start');
  const day = askedStart && /^\d{4}-\d{2}-\d{2}$/.test(askedStart) ? askedStart : new Date(Date.now() - DAY).toISOString().slice(0, 10);
  const start = periodStartOf(period, day);
  let destroyed = false;

  const go = (p: string, d: string) => (location.hash = `#/routine?period=${p}&start=${d}`);
  const periodSelect = h(
    'select',
    { id: 'routine-period', onchange: (e: Event) => go((e.target as HTMLSelectElement).value, start) },
    (['daily', 'weekly', 'monthly'] as const).map((p) => h('option', { value: p, selected: p === period }, PERIOD_TEXT[p])),
  );
  const dayInput = h('input', { id: 'routine-start', type: 'date', value: start, max: today(), onchange: (e: Event) => go(period, (e.target as HTMLInputElement).value) });
  const body = h('div', { class: 'routine-body' }, h('p', { class: 'loading' }, 'Loading the draft…'));
  const history = h('div', { class: 'routine-history' });
  const element = h(
    'div',
    { class: 'view routine', 'data-role': 'enterprise', 'data-period': period, 'data-start': start },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Routine'),
      h('p', { class: 'subtitle' }, `${ctx.enterpriseName(enterprise)}: the daily log, weekly check and monthly review, drafted from your data, completed and signed by you.`),
      h('div', { class: 'filter' }, h('label', { for: 'routine-period' }, 'Report'), periodSelect, h('label', { for: 'routine-start' }, 'Starting'), dayInput),
    ),
    body,
    h('section', { class: 'panel', 'aria-labelledby': 'routine-history-title' }, h('h2', { id: 'routine-history-title' }, 'Reports saved'), history),
  );

  const showSigned = (r: RoutineReport) =>
    fill(
      body,
      h('h2', null, `${PERIOD_TEXT[r.period]} · signed`),
      h(
        'p',
        { class: 'routine-signature', 'data-signed-by': r.signedBy ?? '' },
        `Signed by ${r.signedBy} as ${SIGNER_TEXT[r.signedAs as keyof typeof SIGNER_TEXT] ?? r.signedAs} on ${(r.signedAt ?? '').replace('T', ' ').slice(0, 16)} UTC. A signed report cannot change.`,
      ),
      routineDraft(r.draft),
      h('h3', null, 'Remarks'),
      h('p', { class: 'routine-remarks' }, r.remarks || '(none)'),
    );

  const showDraft = (draft: RoutineDraftView, saved: RoutineReport | null) => {
    const remarks = h('textarea', { id: 'routine-remarks', rows: '5', maxlength: '20000' }, saved?.remarks ?? '');
    const message = h('p', { class: 'form-error', role: 'alert' });
    const buttons = h('div', { class: 'form-buttons' });
    const save = () => ctx.api.post<RoutineReport>('/api/trace/routine', { period, periodStart: start, remarks: (remarks as HTMLTextAreaElement).value });
    const fail = (err: unknown) => {
      message.textContent = (err as Error).message;
      normal();
    };
    const normal = () =>
      fill(
        buttons,
        h('button', { type: 'button', class: 'button', onclick: () => save().then(() => (announce('Draft saved.'), reload()), fail) }, 'Save draft'),
        h('button', { type: 'button', class: 'button primary', onclick: () => confirmSign() }, 'Sign…'),
      );
    const confirmSign = () => {
      const role = h(
        'select',
        { id: 'routine-signed-as' },
        Object.entries(SIGNER_TEXT).map(([value, text]) => h('option', { value }, text)),
      );
      fill(
        buttons,
        h('p', { class: 'routine-confirm' }, 'Sign this report? Once signed it cannot change.'),
        h('label', { for: 'routine-signed-as' }, 'Signing as'),
        role,
        h(
          'button',
          {
            type: 'button',
            class: 'button danger',
            onclick: () =>
              save()
                .then((r) => ctx.api.post<RoutineReport>(`/api/trace/routine/${encodeURIComponent(r.id)}/sign`, { signedAs: (role as HTMLSelectElement).value }))
                .then(() => (announce('Report signed.'), reload()), fail),
          },
          'Sign it',
        ),
        h('button', { type: 'button', class: 'button', onclick: () => normal() }, 'Cancel'),
      );
    };
    normal();
    fill(
      body,
      h('h2', null, `${PERIOD_TEXT[period]} · ${saved ? 'saved, not signed' : 'draft'}`),
      routineDraft(draft),
      h('label', { for: 'routine-remarks' }, 'Remarks: causes, measures taken'),
      remarks,
      message,
      buttons,
    );
  };

  const showHistory = (reports: readonly RoutineReport[]) =>
    fill(
      history,
      reports.length === 0
        ? h('p', { class: 'empty' }, 'No report saved yet.')
        : h(
            'ul',
            { class: 'routine-reports' },
            reports.map((r) =>
              h(
                'li',
                { 'data-report': r.id },
                h('a', { href: `#/routine?period=${r.period}&start=${r.periodStart}` }, `${PERIOD_TEXT[r.period]} ${r.periodStart}`),
                r.signedBy ? ` · signed by ${r.signedBy}` : ' · not signed',
              ),
            ),
          ),
    );

  const reload = async () => {
    try {
      const { reports } = await ctx.api.get<{ reports: RoutineReport[] }>('/api/trace/routine');
      if (destroyed) return;
      showHistory(reports);
      const saved = reports.find((r) => r.period === period && r.periodStart === start) ?? null;
      if (saved?.signedBy) return showSigned(saved);
      const draft = await ctx.api.get<RoutineDraftView>(`/api/trace/routine/draft?period=${period}&periodStart=${start}`);
      if (!destroyed) showDraft(draft, saved);
    } catch (err) {
      if (!destroyed) fill(body, h('p', { class: 'form-error' }, `The routine could not be loaded: ${(err as Error).message}`));
    }
  };
  void reload();
  return {
    element,
    destroy() {
      destroyed = true;
    },
  };
}
