import { describe, expect, it } from 'vitest';
import { REEL_ID_PATTERN_SOURCE as PROTOCOL_REEL_ID } from '../../../../protocol/ids.js';
import { REEL_ID_PATTERN_SOURCE } from '../../../../trace/records/field-checks.js';
import { validateTraceRecord } from '../../../../trace/records/trace-validation.js';
import { TRACE_RECORD_KINDS, type TraceRecordKind } from '../../../../trace/records/trace-records.js';

/** One valid record of every kind, as an API body would carry it. */
const VALID: Readonly<Record<TraceRecordKind, Record<string, unknown>>> = {
  'trace.material-lot': { id: 'ml-1', enterprise: 'e1', material: 'copper-rod', supplier: 'Jiangxi Copper', lot: 'CU-2603-17', certificate: 'QC-881', receivedOn: '2026-03-02', quantity: '12.5 t' },
  'trace.reel-lots': { id: 'rl-1', enterprise: 'e1', reel: 'R-2603-0042', lots: ['ml-1', 'ml-2'] },
  'trace.reel-test': {
    id: 'rt-1',
    enterprise: 'e1',
    reel: 'R-2603-0042',
    test: 'conductor-resistance-20c',
    value: 12.07,
    unit: 'ohm/km',
    result: 'pass',
    instrument: 'QJ-57',
    testedAt: '2026-03-04T08:15:00Z',
    by: 'li.na',
  },
  'trace.shipment': { id: 'sh-1', enterprise: 'e1', reels: ['R-2603-0042'], customer: 'State Grid Hunan', shippedOn: '2026-03-06', destination: 'Changsha', document: 'WB-5521' },
  'trace.recall': {
    id: 'rc-1',
    enterprise: 'e1',
    title: 'Thin insulation on L1',
    basis: { by: 'line', line: 'L1', from: '2026-03-04T06:00:00Z', to: '2026-03-04T09:00:00Z' },
    reels: ['R-2603-0042'],
    customers: ['State Grid Hunan'],
    status: 'open',
    openedAt: '2026-03-10T09:00:00.000Z',
    openedBy: 'wang.li',
    actions: [{ at: '2026-03-10T10:00:00Z', by: 'wang.li', action: 'notified the customer', note: '' }],
  },
  'trace.routine': {
    id: 'ro-1',
    enterprise: 'e1',
    period: 'weekly',
    periodStart: '2026-03-02',
    draft: { episodes: [] },
    remarks: '',
    signedBy: null,
    signedAs: null,
    signedAt: null,
  },
};

const problemsOf = (kind: TraceRecordKind, changes: Record<string, unknown>): readonly string[] => {
  const result = validateTraceRecord(kind, { ...VALID[kind], ...changes });
  return result.ok ? [] : result.problems;
};

describe('validateTraceRecord', () => {
  it.each(TRACE_RECORD_KINDS)('accepts a valid %s and gives it its kind', (kind) => {
    const result = validateTraceRecord(kind, VALID[kind]);
    expect(result).toMatchObject({ ok: true, record: { kind, id: VALID[kind].id } });
  });

  it('copies the reel id syntax of protocol/ids.ts exactly', () => {
    expect(REEL_ID_PATTERN_SOURCE).toBe(PROTOCOL_REEL_ID);
  });

  it('refuses days that do not exist and instants that are not ISO UTC', () => {
    expect(problemsOf('trace.material-lot', { receivedOn: '2026-02-30' })).toEqual(["materialLot.receivedOn: expected a date YYYY-MM-DD that exists, got '2026-02-30'"]);
    expect(problemsOf('trace.reel-test', { testedAt: '2026-03-04 08:15' })[0]).toMatch(/^reelTest\.testedAt: expected an instant in ISO 8601 UTC/);
    expect(problemsOf('trace.reel-test', { testedAt: '2026-03-04T08:15:00+08:00' })[0]).toMatch(/^reelTest\.testedAt:/);
    expect(problemsOf('trace.reel-test', { testedAt: '2026-02-30T08:15:00Z' })[0]).toMatch(/^reelTest\.testedAt:/);
  });

  it('names each bad field, unknown ones and a kind that disagrees', () => {
    const problems = problemsOf('trace.material-lot', { supplier: '  ', lot: undefined, colour: 'red', kind: 'trace.shipment' });
    expect(problems).toEqual([
      "materialLot.kind: expected 'trace.material-lot', got 'trace.shipment'",
      "materialLot.supplier: expected non-empty text, got '  '",
      'materialLot.lot: required',
      'materialLot.colour: unknown field',
    ]);
  });

  it('checks reel ids, list items by index, and repeats in a list', () => {
    expect(problemsOf('trace.reel-lots', { reel: 'R 42' })).toEqual(["reelLots.reel: expected a reel id of 1 to 64 letters, digits, '.', '_' or '-', got 'R 42'"]);
    expect(problemsOf('trace.reel-lots', { lots: [] })).toEqual(['reelLots.lots: expected at least 1 item(s), got none']);
    expect(problemsOf('trace.shipment', { reels: ['R-1', 'R/2', 'R-1'] })).toEqual([
      "shipment.reels[1]: expected a reel id of 1 to 64 letters, digits, '.', '_' or '-', got 'R/2'",
      "shipment.reels[2]: 'R-1' is listed twice",
    ]);
    expect(problemsOf('trace.shipment', { reels: ['R-1', 'R-1'] })).toEqual(["shipment.reels[1]: 'R-1' is listed twice"]);
  });

  it('takes a test result of pass or fail only, and no unit without a value', () => {
    expect(problemsOf('trace.reel-test', { result: 'ok' })).toEqual(["reelTest.result: expected pass or fail, got 'ok'"]);
    expect(problemsOf('trace.reel-test', { value: null, unit: '' })).toEqual([]);
    expect(problemsOf('trace.reel-test', { value: null })).toEqual(["reelTest.unit: 'ohm/km' given for a test with no value"]);
    expect(problemsOf('trace.reel-test', { value: '12,07' })).toEqual(["reelTest.value: expected a number or nothing, got '12,07'"]);
  });

  it('takes a recall status from RECALL_STATUSES and checks its basis and actions', () => {
    expect(problemsOf('trace.recall', { status: 'done' })).toEqual(["recall.status: expected open, notified, recovering or closed, got 'done'"]);
    expect(problemsOf('trace.recall', { basis: { by: 'line', line: 'L1', from: '2026-03-04T09:00:00Z', to: '2026-03-04T06:00:00Z' } })).toEqual([
      'recall.basis.to: 2026-03-04T06:00:00Z is not after from 2026-03-04T09:00:00Z',
    ]);
    expect(problemsOf('trace.recall', { basis: { by: 'lot', lot: 'ml-1', line: 'L1' } })).toEqual(['recall.basis.line: not part of a basis by lot']);
    expect(problemsOf('trace.recall', { actions: [{ at: '2026-03-09T10:00:00Z', by: 'wang.li', action: 'x' }] })).toEqual([
      'recall.actions[0].at: 2026-03-09T10:00:00Z is before openedAt 2026-03-10T09:00:00.000Z',
    ]);
    expect(problemsOf('trace.recall', { actions: [{ at: '2026-03-10T10:00:00Z', by: '', action: 'x' }] })).toEqual(["recall.actions[0].by: expected non-empty text, got ''"]);
  });

  it('starts a weekly report on a Monday and a monthly one on the 1st', () => {
    expect(problemsOf('trace.routine', { period: 'weekly', periodStart: '2026-03-04' })).toEqual(['routine.periodStart: a weekly report starts on a Monday (ISO week), 2026-03-04 is a Wednesday']);
    expect(problemsOf('trace.routine', { period: 'monthly', periodStart: '2026-03-02' })).toEqual(["routine.periodStart: a monthly report starts on the month's first day, got 2026-03-02"]);
    expect(problemsOf('trace.routine', { period: 'monthly', periodStart: '2026-03-01' })).toEqual([]);
    expect(problemsOf('trace.routine', { period: 'daily', periodStart: '2026-03-04' })).toEqual([]);
  });

  it('takes a routine signature whole or not at all', () => {
    expect(problemsOf('trace.routine', { signedBy: 'zhou.q', signedAs: 'quality-safety-officer', signedAt: '2026-03-09T08:00:00Z' })).toEqual([]);
    expect(problemsOf('trace.routine', { signedBy: 'zhou.q' })[0]).toMatch(/^routine\.signedBy: a signature needs signedBy, signedAs/);
    expect(problemsOf('trace.routine', { signedBy: 'zhou.q', signedAs: 'manager', signedAt: '2026-03-09T08:00:00Z' })).toEqual([
      "routine.signedAs: expected quality-safety-officer or quality-safety-director, got 'manager'",
    ]);
  });

  it('never throws on input that is not an object', () => {
    expect(validateTraceRecord('trace.shipment', null)).toEqual({ ok: false, problems: ['shipment: expected an object, got null'] });
    expect(validateTraceRecord('trace.shipment', [1])).toEqual({ ok: false, problems: ['shipment: expected an object, got a list'] });
  });
});
