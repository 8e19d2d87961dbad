import { describe, expect, it } from 'vitest';
import { forwardTrace, lotIds, reelOverlaps } from '../../../trace/forward-trace.js';
import { calibrationStatus, reelDays, reelTrace } from '../../../trace/reel-trace.js';
import type { ReelCharacteristic, ReelRecord, ReelVerdict } from '../../../trace/reels/reel-record.js';
import { forwardTraceCsv } from '../../../trace/trace-csv.js';
import { type StoredTraceRow, readCalibrations, readRecall, readTraceRecords } from '../../../trace/trace-inputs.js';
import type { AlertEpisodeSummary } from '../../../trace/trace-view.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 4, 0, 0, 0);

function diameter(verdict: ReelVerdict): ReelCharacteristic {
  return { characteristic: 'conductor_diameter', n: 40, min: 1, max: 2, mean: 1.5, sd: 0.1, lsl: 1, usl: 2, ppk: 1.6, outOfSpec: verdict === 'nonconforming' ? 3 : 0, metresOutOfSpec: null, verdict };
}

function reel(id: string, line: string, fromH: number, toH: number | null, verdict: ReelVerdict = 'conforming', enterprise = 'acme'): ReelRecord {
  return {
    enterprise,
    line,
    reel: id,
    product: 'BV-2.5',
    startedAt: T0 + fromH * H,
    endedAt: toH === null ? null : T0 + toH * H,
    endedBy: toH === null ? null : 'end',
    startM: 0,
    endM: 1000,
    status: toH === null ? 'open' : 'final',
    lateReadings: 0,
    characteristics: [diameter(verdict)],
    verdict,
  };
}

// Line L1: R1 [0,2) R2 [2,4) nonconforming, R3 [4,6), R4 open from 6; line L2: R5 [0,6).
const REELS = [
  reel('R1', 'L1', 0, 2),
  reel('R2', 'L1', 2, 4, 'nonconforming'),
  reel('R3', 'L1', 4, 6),
  reel('R4', 'L1', 6, null),
  reel('R5', 'L2', 0, 6),
  reel('X1', 'L1', 0, 6, 'conforming', 'other'),
];

const ROWS: StoredTraceRow[] = [
  { id: 'lot-cu-1', enterprise: 'acme', kind: 'trace.material-lot', body: { material: 'copper-rod', supplier: 'Cu Co', lot: 'C-881', certificate: 'Z1', receivedOn: '2026-03-01', quantity: '12 t' } },
  { id: 'lot-pvc-1', enterprise: 'acme', kind: 'trace.material-lot', body: { material: 'pvc-insulation', supplier: 'Poly', lot: 'P-7', certificate: '', receivedOn: '2026-03-01', quantity: '' } },
  { id: 'rl-1', enterprise: 'acme', kind: 'trace.reel-lots', body: { reel: 'R1', lots: ['lot-cu-1', 'lot-pvc-1'] } },
  { id: 'rl-2', enterprise: 'acme', kind: 'trace.reel-lots', body: { reel: 'R5', lots: ['lot-cu-1'] } },
  { id: 'rl-3', enterprise: 'acme', kind: 'trace.reel-lots', body: { reel: 'R9', lots: ['lot-cu-1', 'lot-gone'] } },
  { id: 'rl-4', enterprise: 'acme', kind: 'trace.reel-lots', body: { reel: 'R3', lots: ['lot-pvc-1'] } },
  { id: 'rl-bad', enterprise: 'acme', kind: 'trace.reel-lots', body: { reel: 'R3', lots: 'lot-cu-1' } },
  {
    id: 't-1',
    enterprise: 'acme',
    kind: 'trace.reel-test',
    body: { reel: 'R2', test: 'conductor-resistance-20c', value: 7.9, unit: 'ohm/km', result: 'fail', instrument: 'QJ-1', testedAt: '2026-03-04T05:00:00.000Z', by: 'lab' },
  },
  {
    id: 't-2',
    enterprise: 'acme',
    kind: 'trace.reel-test',
    body: { reel: 'R2', test: 'voltage-test', value: null, unit: '', result: 'pass', instrument: 'HV-2', testedAt: '2026-03-04T04:00:00.000Z', by: 'lab' },
  },
  { id: 's-1', enterprise: 'acme', kind: 'trace.shipment', body: { reels: ['R1', 'R2'], customer: 'Grid Co', shippedOn: '2026-03-05', destination: 'Hefei', document: 'WB-1' } },
  { id: 's-2', enterprise: 'acme', kind: 'trace.shipment', body: { reels: ['R2', 'R9'], customer: '=Builders', shippedOn: '2026-03-06', destination: 'Wuhu, depot 2', document: '' } },
  { id: 's-3', enterprise: 'acme', kind: 'trace.shipment', body: { reels: ['R5'], customer: 'Line Two Buyer', shippedOn: '2026-03-06', destination: 'Bengbu', document: '' } },
  { id: 's-x', enterprise: 'other', kind: 'trace.shipment', body: { reels: ['R2'], customer: 'Other Co', shippedOn: '2026-03-06', destination: 'Elsewhere', document: '' } },
];

const { records, skipped } = readTraceRecords(ROWS);

describe('reading register rows', () => {
  it('reads each kind and reports a body without the fields it needs', () => {
    expect(records.lots.map((l) => l.id)).toEqual(['lot-cu-1', 'lot-pvc-1']);
    expect(records.reelLots.map((l) => l.id)).toEqual(['rl-1', 'rl-2', 'rl-3', 'rl-4']);
    expect(records.tests).toHaveLength(2);
    expect(records.shipments).toHaveLength(4);
    expect(skipped).toEqual([{ id: 'rl-bad', kind: 'trace.reel-lots', reason: 'body.lots: expected string[]' }]);
  });

  it('reads calibrations and recall cases, refusing the malformed', () => {
    const cal = readCalibrations([
      {
        id: 'c1',
        enterprise: 'acme',
        kind: 'calibration',
        body: { instrument: 'G1', line: 'L1', characteristic: 'conductor_diameter', validFrom: '2026-01-01', validUntil: '2026-12-31', certificateNumber: 'X' },
      },
      { id: 'c2', enterprise: 'acme', kind: 'calibration', body: { instrument: 'G2', line: 'L1' } },
    ]);
    expect(cal.calibrations.map((c) => c.instrument)).toEqual(['G1']);
    expect(cal.skipped).toEqual([{ id: 'c2', kind: 'calibration', reason: 'body.characteristic: expected string' }]);
    const good = { title: 't', basis: { by: 'lot', lot: 'x' }, reels: ['R1'], customers: ['C'], status: 'open', openedAt: '2026-03-04T00:00:00.000Z', openedBy: 'reg', actions: [] };
    const ok = readRecall({ id: 'rc', enterprise: 'acme', kind: 'trace.recall', body: good });
    expect(ok.ok && ok.recall.id === 'rc' && ok.recall.enterprise === 'acme').toBe(true);
    const bad = readRecall({ id: 'rc', enterprise: 'acme', kind: 'trace.recall', body: { ...good, actions: [{ at: 1 }] } });
    expect(bad.ok ? null : bad.skipped.reason).toBe('body.actions[0]: expected {at, by, action, note} strings');
  });
});

describe('forward trace', () => {
  it('by line and range: the reels overlapping [from, to) on that line, with where they went', () => {
    const trace = forwardTrace({ enterprise: 'acme', basis: { by: 'line', line: 'L1', from: T0 + 1 * H, to: T0 + 4 * H }, reels: REELS, records });
    expect(trace.reels.map((r) => r.reel)).toEqual(['R1', 'R2']);
    const r2 = trace.reels[1];
    expect(r2.verdict).toBe('nonconforming');
    expect(r2.nonconforming).toEqual(['conductor_diameter']);
    expect(r2.tests).toEqual({ count: 2, failed: ['conductor-resistance-20c'] });
    expect(r2.shipments.map((s) => [s.customer, s.destination, s.shippedOn])).toEqual([
      ['Grid Co', 'Hefei', '2026-03-05'],
      ['=Builders', 'Wuhu, depot 2', '2026-03-06'],
    ]);
    expect(r2.lengthM).toBe(1000);
    // Another enterprise's shipment of a reel with the same id is not joined.
    expect(trace.customers).toEqual(['=Builders', 'Grid Co']);
  });

  it('a reel ending exactly at from is not touched; an open reel runs on', () => {
    expect(forwardTrace({ enterprise: 'acme', basis: { by: 'line', line: 'L1', from: T0 + 4 * H, to: T0 + 100 * H }, reels: REELS, records }).reels.map((r) => r.reel)).toEqual(['R3', 'R4']);
    expect(reelOverlaps({ startedAt: 0, endedAt: 10 }, 10, 20)).toBe(false);
    expect(reelOverlaps({ startedAt: 0, endedAt: 10 }, 9, 20)).toBe(true);
    expect(reelOverlaps({ startedAt: 20, endedAt: null }, 0, 20)).toBe(false);
  });

  it('by episode: reels of its line overlapping its span; an open episode runs on', () => {
    const episode: AlertEpisodeSummary = {
      id: 'e1',
      enterprise: 'acme',
      line: 'L1',
      characteristic: 'conductor_diameter',
      rule: 'out-of-spec',
      severity: 'critical',
      openedAt: T0 + 3 * H,
      closedAt: T0 + 4 * H,
      cause: null,
    };
    const closed = forwardTrace({ enterprise: 'acme', basis: { by: 'episode', episode }, reels: REELS, records });
    expect(closed.reels.map((r) => r.reel)).toEqual(['R2']);
    expect(closed.customers).toEqual(['=Builders', 'Grid Co']);
    const open = forwardTrace({ enterprise: 'acme', basis: { by: 'episode', episode: { ...episode, closedAt: null } }, reels: REELS, records });
    expect(open.reels.map((r) => r.reel)).toEqual(['R2', 'R3', 'R4']);
    const instant = forwardTrace({ enterprise: 'acme', basis: { by: 'episode', episode: { ...episode, openedAt: T0 + 4 * H, closedAt: T0 + 4 * H } }, reels: REELS, records });
    expect(instant.reels.map((r) => r.reel)).toEqual(['R3']);
  });

  it('by lot: every reel that consumed it, on any line, and the reels without a record', () => {
    expect(lotIds(records, 'C-881')).toEqual(['lot-cu-1']);
    const lots = records.lots.filter((l) => l.id === 'lot-cu-1');
    const trace = forwardTrace({ enterprise: 'acme', basis: { by: 'lot', lot: 'lot-cu-1', lots }, reels: REELS, records });
    expect(trace.reels.map((r) => r.reel)).toEqual(['R1', 'R5']);
    expect(trace.unrecorded.map((r) => r.reel)).toEqual(['R9']);
    expect(trace.customers).toEqual(['=Builders', 'Grid Co', 'Line Two Buyer']);
  });

  it('as CSV: one row per reel and shipment, formula cells guarded', () => {
    const lots = records.lots.filter((l) => l.id === 'lot-pvc-1');
    const csv = forwardTraceCsv(forwardTrace({ enterprise: 'acme', basis: { by: 'lot', lot: 'P-7', lots }, reels: REELS, records }));
    expect(csv.split('\r\n')).toEqual([
      'reel,line,product,started_at,ended_at,status,verdict,nonconforming,length_m,tests,failed_tests,customer,destination,shipped_on,document',
      'R1,L1,BV-2.5,2026-03-04T00:00:00.000Z,2026-03-04T02:00:00.000Z,final,conforming,,1000,0,,Grid Co,Hefei,2026-03-05,WB-1',
      'R3,L1,BV-2.5,2026-03-04T04:00:00.000Z,2026-03-04T06:00:00.000Z,final,conforming,,1000,0,,,,,',
      '',
    ]);
    const byLine = forwardTraceCsv(forwardTrace({ enterprise: 'acme', basis: { by: 'line', line: 'L1', from: T0 + 2 * H, to: T0 + 3 * H }, reels: REELS, records }));
    expect(byLine).toContain(
      `R2,L1,BV-2.5,2026-03-04T02:00:00.000Z,2026-03-04T04:00:00.000Z,final,nonconforming,conductor_diameter,1000,2,conductor-resistance-20c,'=Builders,"Wuhu, depot 2",2026-03-06,\r\n`,
    );
  });
});

describe('reel trace', () => {
  const cal = (instrument: string, validFrom: string, validUntil: string, characteristic = 'conductor_diameter') => ({ instrument, line: 'L1', characteristic, validFrom, validUntil });

  it('joins lots, tests, shipments, episodes and calibration for one reel', () => {
    const episodes: AlertEpisodeSummary[] = [
      { id: 'e-in', enterprise: 'acme', line: 'L1', characteristic: 'conductor_diameter', rule: 'out-of-spec', severity: 'critical', openedAt: T0 + 3 * H, closedAt: T0 + 5 * H, cause: 'die wear' },
      { id: 'e-after', enterprise: 'acme', line: 'L1', characteristic: 'conductor_diameter', rule: 'rule1', severity: 'warning', openedAt: T0 + 4 * H, closedAt: null, cause: null },
      { id: 'e-other-line', enterprise: 'acme', line: 'L2', characteristic: 'conductor_diameter', rule: 'rule1', severity: 'warning', openedAt: T0 + 3 * H, closedAt: null, cause: null },
    ];
    const r1 = REELS[0];
    const t1 = reelTrace({ record: r1, records, calibrations: [cal('G1', '2026-01-01', '2026-12-31')], episodes, now: T0 + 10 * H });
    expect(t1.lots.map((l) => l.lot)).toEqual(['C-881', 'P-7']);
    expect(t1.unknownLots).toEqual([]);
    expect(t1.episodes).toEqual([]);
    expect(t1.shipments.map((s) => s.customer)).toEqual(['Grid Co']);
    expect(t1.calibration).toEqual([{ characteristic: 'conductor_diameter', status: 'valid', instruments: ['G1'], uncoveredDays: [] }]);

    const t2 = reelTrace({ record: REELS[1], records, calibrations: [], episodes, now: T0 + 10 * H });
    expect(t2.episodes.map((e) => e.id)).toEqual(['e-in']);
    expect(t2.tests.map((t) => t.test)).toEqual(['voltage-test', 'conductor-resistance-20c']);
    expect(t2.shipments.map((s) => s.customer)).toEqual(['Grid Co', '=Builders']);
    expect(t2.calibration[0].status).toBe('not-registered');
  });

  it('calibration lapses on a day no certificate covered', () => {
    const days = reelDays({ startedAt: Date.UTC(2026, 2, 30, 22), endedAt: Date.UTC(2026, 3, 2, 0) }, 0);
    expect(days).toEqual(['2026-03-30', '2026-03-31', '2026-04-01']);
    const certs = [cal('G1', '2025-04-01', '2026-03-30'), cal('G2', '2026-04-01', '2027-03-31'), cal('G9', '2026-01-01', '2026-12-31', 'sheath_thickness')];
    expect(calibrationStatus('L1', 'conductor_diameter', days, certs)).toEqual({ characteristic: 'conductor_diameter', status: 'lapsed', instruments: ['G1', 'G2'], uncoveredDays: ['2026-03-31'] });
    expect(calibrationStatus('L2', 'conductor_diameter', days, certs).status).toBe('not-registered');
    expect(reelDays({ startedAt: Date.UTC(2026, 2, 30, 22), endedAt: null }, Date.UTC(2026, 2, 31, 1))).toEqual(['2026-03-30', '2026-03-31']);
  });
});
