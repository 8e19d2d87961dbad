/**
 * Class proposals (`#/proposals`, regulators): the pending ones, each with
 * the change, what triggered it and every condition behind it, to accept or
 * reject with a reason (required: the class history keeps it); below, the
 * decided ones, newest first. Accepting changes the registered class.
 */
import type { AppContext, View } from '../app-context.js';
import { conditionList } from '../components/condition-list.js';
import { announce, fill, h } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import type { Proposal } from '../model/supervision-types.js';

export function proposalsView(ctx: AppContext): View {
  let destroyed = false;
  const pending = h('div', { class: 'proposal-list' }, h('p', { class: 'loading' }, 'Loading proposals…'));
  const history = h('div', { class: 'proposal-history' });
  const element = h(
    'div',
    { class: 'view proposals' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, 'Class proposals'),
      h('p', { class: 'subtitle' }, 'A change of suggested class becomes a proposal: at once for a class C condition, otherwise at the yearly review. Accept or reject each with a reason.'),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'pending-title' }, h('h2', { id: 'pending-title' }, 'Pending'), pending),
    h('section', { class: 'panel', 'aria-labelledby': 'decided-title' }, h('h2', { id: 'decided-title' }, 'Decided'), history),
  );

  const load = async () => {
    try {
      const { proposals } = await ctx.api.get<{ proposals: Proposal[] }>('/api/proposals');
      if (destroyed) return;
      const open = proposals.filter((p) => p.status === 'pending');
      fill(pending, open.length === 0 ? h('p', { class: 'empty' }, 'No proposal awaits a decision.') : open.map((p) => proposalCard(ctx, p, load)));
      const decided = proposals.filter((p) => p.status !== 'pending');
      fill(history, decided.length === 0 ? h('p', { class: 'empty' }, 'Nothing decided yet.') : historyTable(ctx, decided));
    } catch (err) {
      if (!destroyed) fill(pending, h('p', { class: 'form-error' }, `The proposals could not be loaded: ${(err as Error).message}`));
    }
  };

  if (ctx.session.features.supervision) void load();
  else fill(pending, h('div', { class: 'notice', role: 'note' }, 'This server keeps no supervision register.'));
  return {
    element,
    destroy() {
      destroyed = true;
    },
  };
}

function proposalCard(ctx: AppContext, p: Proposal, reload: () => Promise<void>): HTMLElement {
  const reasonId = `reason-${p.id}`;
  const reason = h('textarea', { id: reasonId, rows: 2, required: true, 'aria-describedby': `${reasonId}-error` });
  const error = h('p', { class: 'form-error', id: `${reasonId}-error`, role: 'alert' });
  const decide = (action: 'accept' | 'reject') => {
    error.textContent = '';
    if (reason.value.trim() === '') {
      error.textContent = 'A reason is required: the class history keeps it.';
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    for (const b of buttons) b.disabled = true;
    ctx.api
      .post<Proposal>(`/api/proposals/${encodeURIComponent(p.id)}/decision`, { action, reason: reason.value.trim() })
      .then(async (decided) => {
        announce(`Proposal ${decided.status}.`);
        await reload();
      })
      .catch((err: unknown) => {
        error.textContent = (err as Error).message;
        for (const b of buttons) b.disabled = false;
      });
  };
  const buttons = [
    h('button', { type: 'button', class: 'button primary', 'data-decide': 'accept', onclick: () => decide('accept') }, `Accept: class ${p.toClass}`),
    h('button', { type: 'button', class: 'button', 'data-decide': 'reject', onclick: () => decide('reject') }, 'Reject'),
  ];
  const basis = p.basis;
  return h(
    'article',
    { class: 'proposal-card', 'data-proposal-id': p.id, 'data-enterprise': p.enterprise },
    h('h3', null, h('a', { href: `#/enterprises/${encodeURIComponent(p.enterprise)}` }, ctx.enterpriseName(p.enterprise)), `: class ${p.fromClass ?? '—'} → ${p.toClass}`),
    h(
      'p',
      { class: 'muted' },
      `proposed ${formatDateTime(Date.parse(p.createdAt))} by ${p.createdBy}${basis.trigger ? ` · ${basis.trigger === 'c-condition' ? 'a class C condition' : basis.trigger}` : ''}${basis.asOf ? ` · evidence as of ${basis.asOf}` : ''}`,
    ),
    basis.summary ? h('p', { class: 'proposal-summary' }, basis.summary) : null,
    basis.why ? h('p', { class: 'muted' }, basis.why) : null,
    basis.conditions ? h('details', { open: true }, h('summary', null, 'Conditions'), conditionList(basis.conditions)) : null,
    h('div', { class: 'field' }, h('label', { for: reasonId }, 'Reason for the decision'), reason, error),
    h('div', { class: 'form-buttons' }, buttons),
  );
}

function historyTable(ctx: AppContext, decided: readonly Proposal[]): HTMLElement {
  return h(
    'table',
    { class: 'decided-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Decided', 'Enterprise', 'Change', 'Decision', 'By', 'Reason'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      decided.map((p) =>
        h(
          'tr',
          { 'data-proposal-id': p.id, 'data-status': p.status },
          h('td', null, p.decidedAt ? formatDateTime(Date.parse(p.decidedAt)) : '—'),
          h('td', null, ctx.enterpriseName(p.enterprise)),
          h('td', null, `${p.fromClass ?? '—'} → ${p.toClass}`),
          h('td', { class: 'decision' }, p.status),
          h('td', null, p.decidedBy ?? '—'),
          h('td', { class: 'decision-reason' }, p.decisionReason ?? ''),
        ),
      ),
    ),
  );
}
