import { describe, expect, it } from 'vitest';
import { creditState, isListed, listedOn } from '../../../supervision/credit-list.js';
import type { CreditRecord } from '../../../supervision/records.js';

const entry = (over: Partial<CreditRecord> = {}): CreditRecord => ({
  kind: 'credit',
  id: 'cr1',
  enterprise: 'e1',
  internal: false,
  published: true,
  listedOn: '2025-04-01',
  until: '2026-03-31',
  reason: 'repeated violations',
  repairedOn: null,
  ...over,
});

describe('credit list', () => {
  it('lists an entry from its first to its last day', () => {
    expect(creditState(entry(), '2025-03-31')).toBe('not-yet');
    expect(creditState(entry(), '2025-04-01')).toBe('listed');
    expect(creditState(entry(), '2026-03-31')).toBe('listed');
    expect(creditState(entry(), '2026-04-01')).toBe('expired');
    expect(creditState(entry({ until: null }), '2040-01-01')).toBe('listed');
  });
  it('takes an entry off on the day its credit is repaired', () => {
    const repaired = entry({ repairedOn: '2025-10-01' });
    expect(creditState(repaired, '2025-09-30')).toBe('listed');
    expect(creditState(repaired, '2025-10-01')).toBe('repaired');
  });
  it('says who is listed on a day', () => {
    const entries = [entry(), entry({ id: 'cr2', enterprise: 'e2', listedOn: '2026-01-01', until: null })];
    expect(listedOn(entries, '2025-12-01').map((e) => e.id)).toEqual(['cr1']);
    expect(listedOn(entries, '2026-02-01').map((e) => e.id)).toEqual(['cr1', 'cr2']);
    expect(isListed(entries, 'e2', '2025-12-31')).toBe(false);
    expect(isListed(entries, 'e2', '2026-01-01')).toBe(true);
  });
});
