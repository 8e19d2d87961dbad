import { describe, expect, it } from 'vitest';
import type { EnterpriseRiskSummary } from '../../../core/enterprise-risk/risk-views.js';
import { checkRiskSummary, decodeRiskSummary, encodeRiskSummary, RISK_SUMMARY_MAX_BYTES } from '../../../protocol/risk-summary.js';

const SUMMARY: EnterpriseRiskSummary = {
  id: 'saver',
  name: 'Saver Cable',
  score: 48.5,
  level: 'medium',
  registeredClass: 'B',
  suggestedClass: 'B',
  classDiffers: false,
  lastInspection: '2025-11-01',
  nextInspection: '2026-11-01',
  inspectionDue: false,
  activeAlerts: 1,
  topContributors: [{ line: 'L1', characteristic: 'insulation_thickness', diagnosis: 'off-centre', score: 60, share: 0.9, summary: 'held just above its minimum' }],
  dataAgeMs: 1200,
  at: 1767600000000,
};

describe('risk summary codec', () => {
  it('round-trips a summary through its topic text', () => {
    expect(decodeRiskSummary(encodeRiskSummary(SUMMARY))).toEqual({ ok: true, value: SUMMARY });
    expect(decodeRiskSummary(Buffer.from(encodeRiskSummary({ ...SUMMARY, dataAgeMs: null, topContributors: [] })))).toMatchObject({ ok: true });
  });

  it.each([
    ['an unknown level', { ...SUMMARY, level: 'severe' }, 'level: '],
    ['a class outside A, B, C', { ...SUMMARY, suggestedClass: 'D' }, 'suggestedClass: '],
    ['an enterprise id that is not an id', { ...SUMMARY, id: 'a/b' }, 'id: '],
    ['a missing score', { ...SUMMARY, score: undefined }, 'score'],
    ['a negative time', { ...SUMMARY, at: -1 }, 'at: '],
    ['an unknown diagnosis', { ...SUMMARY, topContributors: [{ ...SUMMARY.topContributors[0], diagnosis: 'wobbly' }] }, 'topContributors[0].diagnosis: '],
  ])('refuses %s, naming the field', (_what, value, path) => {
    const decoded = decodeRiskSummary(JSON.stringify(value));
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toContain(path);
  });

  it('refuses what is not JSON, or too large, without throwing', () => {
    expect(decodeRiskSummary('{not json').ok).toBe(false);
    expect(decodeRiskSummary('x'.repeat(RISK_SUMMARY_MAX_BYTES + 1)).ok).toBe(false);
  });

  it('checks an already parsed value the same way (a stored record), never throwing', () => {
    expect(checkRiskSummary(SUMMARY)).toEqual({ ok: true, value: SUMMARY });
    for (const bad of [undefined, null, 42, 'text', [], { ...SUMMARY, level: 7 }]) expect(checkRiskSummary(bad).ok).toBe(false);
  });
});
