import { describe, expect, it } from 'vitest';
import { publicView } from '../../../supervision/public-disclosure.js';
import type { SupervisionRecord } from '../../../supervision/records.js';
import { goodRecords } from './register-fixture.js';

const e = { enterprise: 'e1' };
const records: SupervisionRecord[] = [
  ...goodRecords().map((r) => ({ ...r, published: true })), // tax, certificates, calibration, status: never public kinds
  { ...e, kind: 'spot-check', id: 'sc-pub', internal: false, published: true, date: '2026-01-05', level: 'provincial', product: 'BV', result: 'fail', failedItems: ['resistance'] },
  { ...e, kind: 'spot-check', id: 'sc-unpub', internal: false, published: false, date: '2026-01-06', level: 'county', product: 'BV-unpublished', result: 'pass', failedItems: [] },
  { ...e, kind: 'spot-check', id: 'sc-int', internal: true, published: true, date: '2026-01-07', level: 'county', product: 'BV-internal', result: 'pass', failedItems: [] },
  { ...e, kind: 'penalty', id: 'pen', internal: false, published: true, date: '2025-02-01', decisionNumber: 'SJ-7', reason: 'undersized conductor', qualityRelated: true },
  { ...e, kind: 'typical-case', id: 'case', internal: false, published: true, date: '2026-02-01', title: 'Thin insulation', summary: 'sold as 2.5 mm2' },
  { ...e, kind: 'exposure', id: 'exp', internal: false, published: true, date: '2026-01-05', source: 'complaint', verified: true, summary: 'secret complainant' },
  { ...e, kind: 'credit', id: 'cr', internal: false, published: true, listedOn: '2025-04-01', until: null, reason: 'repeated violations', repairedOn: null },
];

describe('publicView', () => {
  const view = publicView([{ enterprise: 'e1', name: 'Cable Co. 1', class: 'B' }], records, '2026-03-31');
  it('shows published spot checks, penalties, typical cases, the credit list and each class', () => {
    expect(view.enterprises).toEqual([{ enterprise: 'e1', name: 'Cable Co. 1', class: 'B' }]);
    expect(view.spotChecks).toEqual([{ enterprise: 'e1', date: '2026-01-05', level: 'provincial', product: 'BV', result: 'fail', failedItems: ['resistance'] }]);
    expect(view.penalties).toEqual([{ enterprise: 'e1', date: '2025-02-01', decisionNumber: 'SJ-7', reason: 'undersized conductor' }]);
    expect(view.typicalCases).toHaveLength(1);
    expect(view.creditList).toEqual([{ enterprise: 'e1', listedOn: '2025-04-01', until: null, reason: 'repeated violations' }]);
  });
  it('never shows internal or unpublished records, other kinds, or record flags', () => {
    const text = JSON.stringify(view);
    for (const secret of ['BV-unpublished', 'BV-internal', 'secret complainant', '2,000,000', '2000000', 'QMS-01', 'C-R-1', 'wang', 'internal', 'published', 'qualityRelated']) {
      expect(text).not.toContain(secret);
    }
  });
  it('shows nothing dated after its day', () => {
    expect(publicView([], records, '2025-12-31').typicalCases).toEqual([]);
  });
});
