import { describe, expect, it } from 'vitest';
import { auditChanges, auditHeadline } from '../../../web/model/audit-changes.js';
import type { AuditEntry, JsonValue } from '../../../web/model/supervision-types.js';

const stored = (version: number, body: { readonly [key: string]: JsonValue }): JsonValue => ({
  id: 'r1',
  enterprise: 'e1',
  kind: 'spot-check',
  version,
  body,
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'regulator',
  updatedAt: `2026-12-0${version}T00:00:00.000Z`,
  updatedBy: 'regulator',
});

describe('audit changes', () => {
  it('lists only the fields an update touched, by their record names, not the bookkeeping', () => {
    const before = stored(1, { date: '2026-11-20', level: 'provincial', failedItems: [] });
    const after = stored(2, { date: '2026-11-20', level: 'national', failedItems: ['Insulation'] });
    expect(auditChanges({ before, after })).toEqual([
      { field: 'level', before: 'provincial', after: 'national' },
      { field: 'failedItems', before: '(none)', after: 'Insulation' },
    ]);
  });

  it('lists every field of a creation with nothing before, and of a deletion with nothing after', () => {
    const record = stored(1, { date: '2026-11-20', published: true });
    expect(auditChanges({ before: null, after: record })).toEqual([
      { field: 'id', before: null, after: 'r1' },
      { field: 'enterprise', before: null, after: 'e1' },
      { field: 'kind', before: null, after: 'spot-check' },
      { field: 'date', before: null, after: '2026-11-20' },
      { field: 'published', before: null, after: 'true' },
    ]);
    expect(auditChanges({ before: record, after: null }).map((c) => [c.field, c.after])).toEqual([
      ['id', null],
      ['enterprise', null],
      ['kind', null],
      ['date', null],
      ['published', null],
    ]);
  });

  it('spells out nested objects one level deep (a proposal decision)', () => {
    const before = { status: 'pending', decisionReason: null, basis: { summary: 'C: failed spot check' } };
    const after = { status: 'accepted', decisionReason: 'Confirmed.', basis: { summary: 'C: failed spot check' } };
    expect(auditChanges({ before, after })).toEqual([
      { field: 'status', before: 'pending', after: 'accepted' },
      { field: 'decisionReason', before: 'null', after: 'Confirmed.' },
    ]);
  });

  it('says who did what to which kind of record', () => {
    const entry: AuditEntry = {
      seq: 3,
      at: '2026-12-04T03:00:00.000Z',
      user: 'regulator',
      enterprise: 'e1',
      entity: 'record',
      entityId: 'r1',
      action: 'update',
      before: stored(1, {}),
      after: stored(2, {}),
    };
    expect(auditHeadline(entry)).toBe('regulator changed record (spot-check)');
    expect(auditHeadline({ ...entry, entity: 'proposal', action: 'accept', before: {}, after: {} })).toBe('regulator accepted proposal');
  });
});
