/**
 * The supervision register of one enterprise (`#/register?enterprise=<id>`):
 * its records by kind, each kind a table with the fields of
 * supervision/record-fields.ts. A regulator adds, edits and deletes records
 * with forms the API validates, imports a CSV of one kind (all or nothing:
 * a refused file lists its bad rows and nothing is stored), exports each
 * kind, and reads the audit trail. An enterprise user sees its own records
 * here, read-only ("My records"), and may export them.
 */
import type { AppContext, View } from '../app-context.js';
import { AuditTrail } from '../components/audit-trail.js';
import { csvImportPanel } from '../components/csv-import.js';
import { RecordKindSection } from '../components/record-kind-section.js';
import { fill, h } from '../lib/dom.js';
import type { RecordView } from '../model/supervision-types.js';
import { RECORD_KINDS, type RecordKind } from '../../supervision/records.js';

export function registerView(ctx: AppContext, params: URLSearchParams): View {
  const regulator = ctx.session.user.role === 'regulator';
  const enterprises = ctx.session.enterprises;
  const asked = params.get('enterprise');
  const id = regulator ? (asked && ctx.enterprise(asked) ? asked : (enterprises[0]?.id ?? '')) : (ctx.session.user.enterprise ?? '');
  const name = ctx.enterpriseName(id);
  let destroyed = false;

  const picker = regulator
    ? h(
        'div',
        { class: 'filter' },
        h('label', { for: 'register-enterprise' }, 'Enterprise'),
        h(
          'select',
          { id: 'register-enterprise', onchange: (e: Event) => (location.hash = `#/register?enterprise=${encodeURIComponent((e.target as HTMLSelectElement).value)}`) },
          enterprises.map((e) => h('option', { value: e.id, selected: e.id === id }, e.name)),
        ),
      )
    : null;
  const body = h('div', { class: 'register-body' }, h('p', { class: 'loading' }, 'Loading the register…'));
  const element = h(
    'div',
    { class: 'view register', 'data-enterprise': id, 'data-readonly': regulator ? 'false' : 'true' },
    h(
      'header',
      { class: 'view-head' },
      h('h1', null, regulator ? `Register · ${name}` : 'My records'),
      h(
        'p',
        { class: 'subtitle' },
        regulator
          ? 'The records the classification standard names. Every change is validated and audited: who, when, before and after.'
          : `${name}: the records the bureau keeps on you, read-only. Tell the bureau if one is wrong.`,
      ),
      picker,
    ),
    body,
  );

  const sections = new Map<RecordKind, RecordKindSection>();
  const audit = regulator && id ? new AuditTrail(ctx, id) : null;

  const reload = async () => {
    try {
      const answer = await ctx.api.get<{ records: RecordView[] }>(`/api/register/records?enterprise=${encodeURIComponent(id)}`);
      if (destroyed) return;
      for (const kind of RECORD_KINDS) sections.get(kind)?.show(answer.records.filter((r) => r.kind === kind));
    } catch (err) {
      if (!destroyed) for (const s of sections.values()) s.failed((err as Error).message);
    }
  };
  const changed = async () => {
    await reload();
    await audit?.load();
  };

  if (!id) fill(body, h('p', { class: 'empty' }, 'No enterprise to show.'));
  else if (!ctx.session.features.supervision) fill(body, h('div', { class: 'notice', role: 'note' }, 'This server keeps no supervision register.'));
  else {
    for (const kind of RECORD_KINDS) sections.set(kind, new RecordKindSection(ctx, kind, id, regulator, changed));
    fill(
      body,
      regulator ? csvImportPanel(ctx, changed) : null,
      h(
        'div',
        { class: 'record-kinds' },
        [...sections.values()].map((s) => s.element),
      ),
      audit ? h('section', { class: 'panel', 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit trail'), audit.element) : null,
    );
    void reload();
    void audit?.load();
  }

  return {
    element,
    destroy() {
      destroyed = true;
    },
  };
}
