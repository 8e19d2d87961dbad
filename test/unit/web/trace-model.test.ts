import { describe, expect, it } from 'vitest';
import {
  actionByText,
  basisText,
  calibrationText,
  recallBasis,
  recallCustomers,
  reelLengthText,
  reelSpanText,
  shippedText,
  testsSummary,
  testValueText,
  traceApiPath,
  traceFileName,
  traceHash,
  traceQueryOf,
  verdictBadge,
  verdictCountText,
} from '../../../web/model/trace-model.js';
import type { TracedReel } from '../../../web/model/trace-types.js';

const FROM = '2026-03-04T06:00:00.000Z';
const TO = '2026-03-04T14:00:00.000Z';
const q = (s: string) => new URLSearchParams(s);

function reel(id: string, verdict: TracedReel['verdict'], shipments: [customer: string, destination: string][]): TracedReel {
  return {
    reel: id,
    line: 'extruder-1',
    product: 'bv-2.5',
    startedAt: Date.parse(FROM),
    endedAt: Date.parse(TO),
    status: 'final',
    verdict,
    nonconforming: verdict === 'nonconforming' ? ['insulation_thickness'] : [],
    lengthM: 2000,
    tests: { count: 0, failed: [] },
    shipments: shipments.map(([customer, destination], i) => ({ shipment: `s-${id}-${i}`, customer, destination, shippedOn: '2026-03-06', document: '' })),
  };
}

describe('traceQueryOf', () => {
  it('reads a line and range, an episode or a lot from the URL', () => {
    expect(traceQueryOf(q(`line=extruder-1&from=${FROM}&to=${TO}`), 'nw')).toEqual({ query: { by: 'line', enterprise: 'nw', line: 'extruder-1', from: FROM, to: TO } });
    expect(traceQueryOf(q('episode=ep-7'), 'nw')).toEqual({ query: { by: 'episode', enterprise: 'nw', episode: 'ep-7' } });
    expect(traceQueryOf(q('lot=lot-cu-1'), 'nw')).toEqual({ query: { by: 'lot', enterprise: 'nw', lot: 'lot-cu-1' } });
  });

  it('says what is missing or wrong instead of asking the API', () => {
    expect(traceQueryOf(q(''), 'nw')).toEqual({ query: null, reason: 'choose a line and a time range, an alert episode or a material lot' });
    expect(traceQueryOf(q(`from=${FROM}&to=${TO}`), 'nw')).toEqual({ query: null, reason: 'choose a line' });
    expect(traceQueryOf(q(`line=l1&from=${FROM}`), 'nw')).toEqual({ query: null, reason: 'give the start and the end of the time range' });
    expect(traceQueryOf(q(`line=l1&from=yesterday&to=${TO}`), 'nw')).toEqual({ query: null, reason: "the start 'yesterday' is not a date and time" });
    expect(traceQueryOf(q(`line=l1&from=${TO}&to=${FROM}`), 'nw')).toEqual({ query: null, reason: 'the end of the time range must come after its start' });
    expect(traceQueryOf(q('lot=x'), '')).toEqual({ query: null, reason: 'no enterprise to trace' });
  });
});

describe('trace addresses', () => {
  const line = { by: 'line', enterprise: 'nw', line: 'extruder-1', from: FROM, to: TO } as const;

  it('asks the API as JSON or CSV, and links the page, with the same question', () => {
    const search = `enterprise=nw&line=extruder-1&from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;
    expect(traceApiPath(line)).toBe(`/api/trace/reels?${search}`);
    expect(traceApiPath(line, 'csv')).toBe(`/api/trace/reels?${search}&format=csv`);
    expect(traceHash({ by: 'episode', enterprise: 'nw', episode: 'a b' })).toBe('#/trace?enterprise=nw&episode=a+b');
    expect(traceApiPath({ by: 'lot', enterprise: 'nw', lot: 'cu/7' })).toBe('/api/trace/reels?enterprise=nw&lot=cu%2F7');
  });

  it('names the CSV after what was traced, safely for a file system', () => {
    expect(traceFileName(line)).toBe('trace-nw-extruder-1-2026-03-04.csv');
    expect(traceFileName({ by: 'lot', enterprise: 'nw', lot: 'cu/7' })).toBe('trace-nw-lot-cu_7.csv');
  });

  it("makes a recall's basis from the trace, and says it in words", () => {
    expect(recallBasis(line)).toEqual({ by: 'line', line: 'extruder-1', from: FROM, to: TO });
    expect(recallBasis({ by: 'episode', enterprise: 'nw', episode: 'ep-7' })).toEqual({ by: 'episode', episode: 'ep-7' });
    expect(basisText({ by: 'lot', lot: 'cu-7' })).toBe('material lot cu-7');
    expect(basisText({ by: 'line', line: 'extruder-1', from: FROM, to: 'soon' })).toMatch(/^line extruder-1 from 2026-03-0\d \d\d:00 to soon$/);
  });
});

describe('reel wording', () => {
  it('gives each verdict a colour and a word, the neutral badge for insufficient data', () => {
    expect(verdictBadge('conforming')).toEqual({ level: 'low', text: 'Conforming' });
    expect(verdictBadge('nonconforming')).toEqual({ level: 'critical', text: 'Nonconforming' });
    expect(verdictBadge('insufficient-data')).toEqual({ level: null, text: 'Insufficient data' });
  });

  it('writes the span without repeating the day, and says an open reel is open', () => {
    const start = new Date(2026, 2, 4, 6, 5).getTime();
    expect(reelSpanText(start, new Date(2026, 2, 4, 9, 30).getTime())).toBe('2026-03-04 06:05–09:30');
    expect(reelSpanText(start, new Date(2026, 2, 5, 1, 0).getTime())).toBe('2026-03-04 06:05 – 2026-03-05 01:00');
    expect(reelSpanText(start, null)).toBe('2026-03-04 06:05 – open');
  });

  it('gives lengths in whole metres and a dash without a counter', () => {
    expect(reelLengthText(2003.6)).toBe('2,004 m');
    expect(reelLengthText(null)).toBe('—');
  });

  it('sums up tests and shipments', () => {
    expect(testsSummary({ count: 0, failed: [] })).toBe('none recorded');
    expect(testsSummary({ count: 2, failed: [] })).toBe('2 tests, all passed');
    expect(testsSummary({ count: 3, failed: ['voltage-test'] })).toBe('3 tests, failed: voltage-test');
    expect(testValueText({ value: 7.41, unit: 'ohm/km' })).toBe('7.41 ohm/km');
    expect(testValueText({ value: null, unit: '' })).toBe('—');
    expect(shippedText([])).toBe('not shipped');
    expect(shippedText([{ customer: 'Acme', destination: 'Wuhan', shippedOn: '2026-03-06' }])).toBe('Acme → Wuhan (2026-03-06)');
  });

  it('says calibration over the reel: valid, lapsed with its days, or no gauge', () => {
    expect(calibrationText({ status: 'valid', instruments: ['g-12'], uncoveredDays: [] })).toBe('Calibrated (g-12)');
    expect(calibrationText({ status: 'lapsed', instruments: ['g-12'], uncoveredDays: ['2026-03-05'] })).toBe('Lapsed (g-12): no certificate on 2026-03-05');
    expect(calibrationText({ status: 'not-registered', instruments: [], uncoveredDays: [] })).toBe('No gauge in the register');
    expect(calibrationText(undefined)).toBe('No gauge in the register');
  });

  it('says who did a recall action and when, in local time', () => {
    expect(actionByText({ by: 'li-na', at: new Date(2026, 2, 4, 10, 15).toISOString() })).toBe('by li-na at 2026-03-04 10:15');
  });
});

describe('recallCustomers', () => {
  it('lists every customer an affected reel went to, once, sorted, with its reels and destinations', () => {
    const rows = [
      reel('R1', 'nonconforming', [
        ['Zeta Grid', 'Hefei'],
        ['Acme', 'Wuhan'],
      ]),
      reel('R2', 'conforming', [['Acme', 'Nanjing']]),
      reel('R3', 'nonconforming', []),
      reel('R4', 'insufficient-data', [['Acme', 'Wuhan']]),
    ];
    expect(recallCustomers(rows)).toEqual([
      { customer: 'Acme', reels: ['R1', 'R2', 'R4'], destinations: ['Wuhan', 'Nanjing'], nonconforming: ['R1'] },
      { customer: 'Zeta Grid', reels: ['R1'], destinations: ['Hefei'], nonconforming: ['R1'] },
    ]);
  });

  it('recalls a reel with no quality record (reached through a lot) like any other', () => {
    const unrecorded = { reel: 'R9', tests: { count: 0, failed: [] }, shipments: reel('R9', 'conforming', [['Beta Power', 'Xian']]).shipments };
    expect(recallCustomers([reel('R1', 'nonconforming', [['Acme', 'Wuhan']]), unrecorded])).toEqual([
      { customer: 'Acme', reels: ['R1'], destinations: ['Wuhan'], nonconforming: ['R1'] },
      { customer: 'Beta Power', reels: ['R9'], destinations: ['Xian'], nonconforming: [] },
    ]);
  });

  it('names no customer for reels never shipped', () => {
    expect(recallCustomers([reel('R3', 'nonconforming', [])])).toEqual([]);
  });

  it('counts a trace by verdict, worst first', () => {
    expect(verdictCountText([])).toBe('no reel');
    expect(verdictCountText([reel('R1', 'conforming', []), reel('R2', 'nonconforming', []), reel('R3', 'conforming', [])])).toBe('3 reels: 1 nonconforming, 2 conforming');
  });
});
