import { describe, expect, it } from 'vitest';
import { dailyDraft, monthlyDraft, routineDraft, weeklyDraft } from '../../../trace/routine/routine-draft.js';
import { CAL_G1, CAL_G2, CAL_G3, INPUTS } from './routine-fixture.js';

describe('the daily control log', () => {
  it('1 April: the episode and the reel from before midnight, the outage after it, calibration due and lapsed', () => {
    const d = dailyDraft('2026-04-01', INPUTS);
    expect([d.period, d.periodStart, d.periodEnd, d.asOf]).toEqual(['daily', '2026-04-01', '2026-04-01', '2026-04-06T00:10:00.000Z']);
    expect(d.episodes.list.map((e) => [e.id, e.from, e.to, e.startedBefore, e.continuesAfter, e.cause, e.comments, e.acknowledgedBy])).toEqual([
      ['e1', '2026-03-31T23:30:00.000Z', '2026-04-01T00:20:00.000Z', true, false, 'die-wear', ['die changed'], 'li.ming'],
      ['e2', '2026-04-01T10:00:00.000Z', '2026-04-01T10:05:00.000Z', false, false, null, [], null],
    ]);
    expect(d.episodes.count).toBe(2);
    expect(d.episodes.bySeverity).toEqual({ critical: 0, high: 1, medium: 1, low: 0 });
    expect(d.episodes.withoutCause).toBe(1);
    expect(d.episodes.causes).toEqual([
      { cause: 'die-wear', episodes: 1 },
      { cause: null, episodes: 1 },
    ]);
    expect(d.reels).toEqual({
      total: 2,
      conforming: 1,
      nonconforming: 1,
      insufficientData: 0,
      open: 0,
      nonconformingReels: [
        {
          reel: 'r1',
          line: 'line-1',
          product: 'bv-2.5',
          from: '2026-03-31T22:00:00.000Z',
          to: '2026-04-01T02:00:00.000Z',
          outOfSpec: [{ characteristic: 'insulation_thickness', readings: 12, metres: 40 }],
        },
      ],
    });
    expect(d.gateways).toEqual({ down: 1, minutesDown: 90, list: [{ gateway: 'gw-a', minutesDown: 90, spans: [{ from: '2026-03-31T23:00:00.000Z', to: '2026-04-01T01:30:00.000Z' }] }] });
    expect(d.calibration.dueDays).toBe(30);
    expect(d.calibration.gauges.map((g) => [g.instrument, g.status, g.validUntil, g.daysLeft, g.record])).toEqual([
      ['g2', 'lapsed', '2026-03-31', -1, CAL_G2.id],
      ['g1', 'due', '2026-04-20', 19, CAL_G1.id],
    ]);
    expect(d.days).toEqual([]);
  });

  it('31 March: the same episode, reel and outage, cut at midnight the other way; a certificate valid to the day is due, not lapsed', () => {
    const d = dailyDraft('2026-03-31', INPUTS);
    expect(d.episodes.list.map((e) => [e.id, e.startedBefore, e.continuesAfter])).toEqual([['e1', false, true]]);
    expect(d.reels.nonconformingReels.map((r) => r.reel)).toEqual(['r1']);
    expect(d.gateways.minutesDown).toBe(60);
    expect(d.calibration.gauges.map((g) => [g.instrument, g.status, g.daysLeft])).toEqual([
      ['g2', 'due', 0],
      ['g1', 'due', 20],
    ]);
  });

  it('an episode resolved at midnight exactly belongs to the day it ended, not the next', () => {
    expect(dailyDraft('2026-04-02', INPUTS).episodes.list.map((e) => [e.id, e.continuesAfter])).toEqual([['e5', false]]);
    expect(dailyDraft('2026-04-03', INPUTS).episodes.list.map((e) => [e.id, e.startedBefore, e.continuesAfter])).toEqual([['e3', false, true]]);
  });

  it('a day with nothing in it is an empty log, still with its calibration', () => {
    const d = dailyDraft('2026-03-01', { ...INPUTS, calibrations: [CAL_G3] });
    expect([d.episodes.count, d.reels.total, d.gateways.down, d.calibration.gauges.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('the weekly check report', () => {
  it('the ISO week of 30 March crosses into April: Sunday before excluded, every day of both months in', () => {
    const w = weeklyDraft('2026-03-30', INPUTS);
    expect([w.periodStart, w.periodEnd]).toEqual(['2026-03-30', '2026-04-05']);
    expect(w.episodes.list.map((e) => e.id)).toEqual(['e1', 'e2', 'e5', 'e3']);
    expect(w.episodes.bySeverity).toEqual({ critical: 1, high: 1, medium: 2, low: 0 });
    expect(w.episodes.causes).toEqual([
      { cause: null, episodes: 2 },
      { cause: 'compound-moisture', episodes: 1 },
      { cause: 'die-wear', episodes: 1 },
    ]);
    expect([w.reels.total, w.reels.conforming, w.reels.nonconforming, w.reels.insufficientData, w.reels.open]).toEqual([3, 1, 1, 1, 0]);
    // gw-b went down at 23:50 on Sunday and is still down: 10 minutes fall in this week.
    expect(w.gateways.list.map((g) => [g.gateway, g.minutesDown])).toEqual([
      ['gw-a', 150],
      ['gw-b', 10],
    ]);
    expect(w.gateways.minutesDown).toBe(160);
    expect(w.days).toEqual([
      { day: '2026-03-30', episodes: 0, nonconformingReels: 0, gatewayMinutesDown: 0 },
      { day: '2026-03-31', episodes: 1, nonconformingReels: 1, gatewayMinutesDown: 60 },
      { day: '2026-04-01', episodes: 2, nonconformingReels: 1, gatewayMinutesDown: 90 },
      { day: '2026-04-02', episodes: 1, nonconformingReels: 0, gatewayMinutesDown: 0 },
      { day: '2026-04-03', episodes: 1, nonconformingReels: 0, gatewayMinutesDown: 0 },
      { day: '2026-04-04', episodes: 1, nonconformingReels: 0, gatewayMinutesDown: 0 },
      { day: '2026-04-05', episodes: 1, nonconformingReels: 0, gatewayMinutesDown: 10 },
    ]);
    expect(w.calibration.gauges.map((g) => [g.instrument, g.status, g.daysLeft])).toEqual([
      ['g2', 'lapsed', -5],
      ['g1', 'due', 15],
    ]);
  });

  it('refuses a start that is not a Monday, naming periodStart', () => {
    expect(() => weeklyDraft('2026-04-01', INPUTS)).toThrow(/periodStart: a weekly report starts on a Monday; 2026-04-01 is not one \(its week starts 2026-03-30\)/);
  });
});

describe('the monthly review', () => {
  it('April: the episode and reel from 31 March, the outage open at the end of the known data', () => {
    const m = monthlyDraft('2026-04', INPUTS);
    expect(m).toEqual(monthlyDraft('2026-04-01', INPUTS));
    expect([m.periodStart, m.periodEnd, m.days.length]).toEqual(['2026-04-01', '2026-04-30', 30]);
    expect(m.episodes.list.map((e) => e.id)).toEqual(['e1', 'e2', 'e5', 'e3']);
    expect([m.reels.total, m.reels.nonconforming, m.reels.open]).toEqual([4, 2, 1]);
    expect(m.reels.nonconformingReels.map((r) => [r.reel, r.to])).toEqual([
      ['r1', '2026-04-01T02:00:00.000Z'],
      ['r4', null],
    ]);
    // gw-a: 90 of its 150 minutes are April's; gw-b: 23:50 on 5 April to what is known (00:10 on the 6th).
    expect(m.gateways.list.map((g) => [g.gateway, g.minutesDown])).toEqual([
      ['gw-a', 90],
      ['gw-b', 20],
    ]);
    expect(m.days.find((d) => d.day === '2026-04-06')).toEqual({ day: '2026-04-06', episodes: 1, nonconformingReels: 1, gatewayMinutesDown: 10 });
    expect(m.calibration.gauges.map((g) => [g.instrument, g.status, g.daysLeft])).toEqual([
      ['g2', 'lapsed', -30],
      ['g1', 'lapsed', -10],
    ]);
    expect(routineDraft('monthly', '2026-04-01', INPUTS, { calibrationDueDays: 40 }).calibration.gauges.map((g) => [g.instrument, g.status, g.daysLeft])).toEqual([
      ['g2', 'lapsed', -30],
      ['g1', 'lapsed', -10],
      ['g3', 'due', 32],
    ]);
  });

  it('March ends on the 31st: the episode spanning into April is in it, going on after', () => {
    const m = monthlyDraft('2026-03-01', INPUTS);
    expect(m.periodEnd).toBe('2026-03-31');
    expect(m.episodes.list.map((e) => [e.id, e.continuesAfter])).toEqual([
      ['e4', false],
      ['e1', true],
    ]);
    expect(m.gateways.minutesDown).toBe(60);
  });

  it('refuses a month start that is not the 1st, or a day that does not exist', () => {
    expect(() => monthlyDraft('2026-04-02', INPUTS)).toThrow(/periodStart: a monthly review starts on the month's first day; got 2026-04-02 \(use 2026-04-01\)/);
    expect(() => dailyDraft('2026-02-30', INPUTS)).toThrow(/periodStart: expected a day YYYY-MM-DD, got "2026-02-30"/);
    expect(() => routineDraft('daily', '2026-04-01', INPUTS, { calibrationDueDays: -1 })).toThrow(/calibrationDueDays/);
  });
});
