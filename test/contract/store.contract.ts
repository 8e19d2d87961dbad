/**
 * The behaviour every TimeSeriesStore adapter must have. Each adapter's
 * feature test calls storeContract with a fixture that opens it on real
 * storage (a DuckDB file; a running influxd): no mocks.
 *
 * Tests share one store and keep apart by using their own enterprise ids;
 * those that need other options or a reopen ask the fixture for a fresh store.
 */
import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest';
import type { CharacteristicName } from '../../domain/characteristics.js';
import { isStoreError, type StoreErrorCode } from '../../store/errors.js';
import type { StoreOptionsInput } from '../../store/options.js';
import type { EventQuery, Measurement, SeriesKey, StoredEvent, TimeSeriesStore } from '../../store/port.js';

export interface StoreFixture {
  /** A store on new, empty storage. */
  fresh(options?: StoreOptionsInput): Promise<TimeSeriesStore>;
  /** A store on the same storage as `closed`, which the caller has closed. */
  reopen(closed: TimeSeriesStore, options?: StoreOptionsInput): Promise<TimeSeriesStore>;
  /** Releases everything the fixture made. */
  dispose(): Promise<void>;
}

const T0 = Date.UTC(2025, 2, 1, 8, 0, 0);
const HOUR = 3_600_000;

function point(enterprise: string, line: string, characteristic: CharacteristicName, ts: number, value: number): Measurement {
  return { enterprise, line, characteristic, ts, value };
}

/** A 10 Hz run of one series with values that differ in every digit. */
function run(key: SeriesKey, from: number, count: number, value = (i: number) => 0.7 + Math.sin(i / 7) / 100 + i * 1e-6): Measurement[] {
  return Array.from({ length: count }, (_, i) => ({ ...key, ts: from + i * 100, value: value(i) }));
}

async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStoreError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

export function storeContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`store contract: ${name}`, () => {
    let fixture: StoreFixture | undefined;
    let store: TimeSeriesStore;
    let setupError: unknown;

    // A fixture that cannot start (influxd missing) fails every test with its
    // message, rather than leaving them reported as skipped.
    beforeAll(async () => {
      try {
        fixture = await makeFixture();
        store = await fixture.fresh();
      } catch (error) {
        setupError = error;
      }
    }, 60_000);

    const it = (title: string, body: () => Promise<void>, timeout?: number): void => {
      vitestIt(
        title,
        async () => {
          if (setupError !== undefined) throw setupError;
          await body();
        },
        timeout,
      );
    };

    afterAll(async () => {
      await store?.close();
      await fixture?.dispose();
    }, 60_000);

    describe('measurements', () => {
      it('stores a batch and reads each series back in time order', async () => {
        const a: SeriesKey = { enterprise: 'rt-e1', line: 'L1', characteristic: 'insulation_thickness' };
        const b: SeriesKey = { enterprise: 'rt-e1', line: 'L1', characteristic: 'conductor_resistance' };
        const pa = run(a, T0, 50);
        const pb = run(b, T0, 30, (i) => 7.3 + i / 1000);
        // Interleaved and reversed: the store must sort, not trust arrival order.
        const batch = [...pa, ...pb].reverse();
        const result = await store.writeMeasurements(batch);
        expect(result).toEqual({ written: 80, rejected: [] });

        const ra = await store.readSeries(a, { from: T0, to: T0 + HOUR });
        expect(ra.key).toEqual(a);
        expect(Array.from(ra.ts)).toEqual(pa.map((p) => p.ts));
        expect(Array.from(ra.value)).toEqual(pa.map((p) => p.value));
        const rb = await store.readSeries(b, { from: T0, to: T0 + HOUR });
        expect(Array.from(rb.value)).toEqual(pb.map((p) => p.value));
      });

      it('reads the half-open range [from, to)', async () => {
        const key: SeriesKey = { enterprise: 'range-e1', line: 'L1', characteristic: 'sheath_thickness' };
        await store.writeMeasurements(run(key, T0, 10)); // T0 .. T0 + 900
        const r = await store.readSeries(key, { from: T0 + 200, to: T0 + 500 });
        expect(Array.from(r.ts)).toEqual([T0 + 200, T0 + 300, T0 + 400]);
      });

      it('stores a redelivered batch once', async () => {
        const key: SeriesKey = { enterprise: 'idem-e1', line: 'L1', characteristic: 'conductor_diameter' };
        const batch = run(key, T0, 25);
        await store.writeMeasurements(batch);
        await store.writeMeasurements(batch);
        await store.writeMeasurements(batch.slice(5, 15));
        const r = await store.readSeries(key, { from: T0, to: T0 + HOUR });
        expect(r.ts.length).toBe(25);
        const [summary] = await store.summarize({ enterprise: 'idem-e1', from: T0, to: T0 + HOUR });
        expect(summary.count).toBe(25);
      });

      it('replaces the value when a key is written again with another one (last write wins)', async () => {
        const key: SeriesKey = { enterprise: 'lww-e1', line: 'L1', characteristic: 'eccentricity' };
        await store.writeMeasurements(run(key, T0, 5, () => 1));
        await store.writeMeasurements([{ ...key, ts: T0 + 200, value: 2.5 }]);
        const r = await store.readSeries(key, { from: T0, to: T0 + HOUR });
        expect(Array.from(r.value)).toEqual([1, 1, 2.5, 1, 1]);
      });

      it('keeps one value per key once the store knows each series newest point, before and after a reopen', async () => {
        const first = await (fixture as StoreFixture).fresh();
        const key: SeriesKey = { enterprise: 'newest-e1', line: 'L1', characteristic: 'conductor_diameter' };
        let second: TimeSeriesStore | undefined;
        try {
          await first.health(); // the embedded store reads what it holds in the background: known from here on
          await first.writeMeasurements(run(key, T0, 5, () => 1));
          await first.writeMeasurements(run(key, T0 + 500, 2, () => 2)); // all newer: appended
          await first.writeMeasurements([
            { ...key, ts: T0 + 600, value: 3 },
            { ...key, ts: T0 + 700, value: 4 },
          ]); // one stored key, one new
          await first.close();
          second = await (fixture as StoreFixture).reopen(first);
          await second.writeMeasurements([{ ...key, ts: T0 + 100, value: 5 }]); // before the newest points are known again
          await second.health();
          await second.writeMeasurements([
            { ...key, ts: T0 + 700, value: 6 },
            { ...key, ts: T0 + 800, value: 7 },
          ]);
          const r = await second.readSeries(key, { from: T0, to: T0 + HOUR });
          expect(Array.from(r.ts)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800].map((d) => T0 + d));
          expect(Array.from(r.value)).toEqual([1, 5, 1, 1, 1, 2, 3, 6, 7]);
        } finally {
          await (second ?? first).close();
        }
      });

      it('stores duplicates inside one batch once, the last one winning', async () => {
        const key: SeriesKey = { enterprise: 'dup-e1', line: 'L1', characteristic: 'spark_faults' };
        const result = await store.writeMeasurements([
          { ...key, ts: T0, value: 1 },
          { ...key, ts: T0 + 100, value: 2 },
          { ...key, ts: T0, value: 3 },
        ]);
        expect(result.rejected).toEqual([]);
        const r = await store.readSeries(key, { from: T0, to: T0 + HOUR });
        expect(Array.from(r.ts)).toEqual([T0, T0 + 100]);
        expect(Array.from(r.value)).toEqual([3, 2]);
      });

      it('rejects malformed points with a reason each and stores the rest of the batch', async () => {
        const e = 'bad-e1';
        const good = (i: number): Measurement => point(e, 'L1', 'insulation_thickness', T0 + i * 100, 0.7 + i / 100);
        const batch = [
          good(0),
          point(e, 'L1', 'insulation_thickness', T0 + 1, Number.NaN),
          point(e, 'L1', 'insulation_thickness', T0 + 2, Number.POSITIVE_INFINITY),
          good(1),
          point(e, 'L1', 'insulation_thickness', T0 + 3, Number.NEGATIVE_INFINITY),
          point(e, 'L1', 'colour' as CharacteristicName, T0 + 4, 1),
          point('bad\ne1', 'L1', 'insulation_thickness', T0 + 5, 1),
          point(e, 'L1\\x', 'insulation_thickness', T0 + 6, 1),
          point(e, '', 'insulation_thickness', T0 + 7, 1),
          point(e, 'L1', 'insulation_thickness', T0 + 8.5, 1),
          point(e, 'L1', 'insulation_thickness', -1, 1),
          null as unknown as Measurement,
          { ...good(9), value: '0.7' as unknown as number },
          good(2),
        ];
        const result = await store.writeMeasurements(batch);
        expect(result.written).toBe(3);
        expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
          [1, 'LW_POINT_VALUE'],
          [2, 'LW_POINT_VALUE'],
          [4, 'LW_POINT_VALUE'],
          [5, 'LW_POINT_CHARACTERISTIC'],
          [6, 'LW_POINT_TAG'],
          [7, 'LW_POINT_TAG'],
          [8, 'LW_POINT_TAG'],
          [9, 'LW_POINT_TIMESTAMP'],
          [10, 'LW_POINT_TIMESTAMP'],
          [11, 'LW_POINT_SHAPE'],
          [12, 'LW_POINT_VALUE'],
        ]);
        for (const r of result.rejected) expect(r.reason.length).toBeGreaterThan(5);
        expect(result.rejected.find((r) => r.index === 6)?.reason).toMatch(/newline/);
        const stored = await store.readSeries({ enterprise: e, line: 'L1', characteristic: 'insulation_thickness' }, { from: 0, to: T0 + HOUR });
        expect(Array.from(stored.value)).toEqual([good(0).value, good(1).value, good(2).value]);
        const all = await store.summarize({ enterprise: e, from: 0, to: T0 + HOUR });
        expect(all.map((s) => [s.key.line, s.count])).toEqual([['L1', 3]]);
      });

      it('keeps ids with commas, spaces, equals signs and quotes exact and apart', async () => {
        const ids = ['Acme, Inc. "North"', 'Acme, Inc.', 'Acme Inc.', 'a=b', "O'Brien & Sons"];
        const lines = ['L=1 a,b', 'L=1 a b', 'L "2"'];
        const batch: Measurement[] = [];
        ids.forEach((enterprise, i) => {
          lines.forEach((line, j) => {
            batch.push(point(`sc-${enterprise}`, line, 'sheath_thickness', T0, i * 10 + j));
          });
        });
        expect((await store.writeMeasurements(batch)).rejected).toEqual([]);
        for (const p of batch) {
          const r = await store.readSeries(p, { from: T0, to: T0 + 1 });
          expect([p.enterprise, p.line, Array.from(r.value)]).toEqual([p.enterprise, p.line, [p.value]]);
        }
        const summaries = await store.summarize({ enterprise: 'sc-Acme, Inc. "North"', from: T0, to: T0 + 1 });
        expect(summaries.map((s) => s.key)).toEqual([...lines].sort().map((line) => ({ enterprise: 'sc-Acme, Inc. "North"', line, characteristic: 'sheath_thickness' })));
      });

      it('reads an unknown series as empty', async () => {
        const key: SeriesKey = { enterprise: 'nobody', line: 'L9', characteristic: 'eccentricity' };
        expect((await store.readSeries(key, { from: T0, to: T0 + HOUR })).ts.length).toBe(0);
        expect((await store.readDownsampled(key, { from: T0, to: T0 + HOUR }, 10)).buckets).toEqual([]);
        expect(await store.summarize({ enterprise: 'nobody', from: T0, to: T0 + HOUR })).toEqual([]);
      });

      it('groups concurrent writes and resolves every one', async () => {
        const writes = Array.from({ length: 20 }, (_, w) => store.writeMeasurements(run({ enterprise: 'conc-e1', line: `L${w}`, characteristic: 'conductor_diameter' }, T0, 500)));
        const results = await Promise.all(writes);
        expect(results.every((r) => r.written === 500 && r.rejected.length === 0)).toBe(true);
        const summaries = await store.summarize({ enterprise: 'conc-e1', from: T0, to: T0 + HOUR });
        expect(summaries.length).toBe(20);
        expect(summaries.reduce((n, s) => n + s.count, 0)).toBe(10_000);
      });

      it('resolves an empty batch with nothing written', async () => {
        expect(await store.writeMeasurements([])).toEqual({ written: 0, rejected: [] });
      });
    });

    describe('stored values by key', () => {
      it('answers the value held under each key in the order asked, null where nothing is held', async () => {
        const a: SeriesKey = { enterprise: 'held-e1', line: 'L1', characteristic: 'conductor_resistance' };
        const b: SeriesKey = { enterprise: 'held-e1', line: 'L 2,"x"', characteristic: 'conductor_resistance' };
        await store.writeMeasurements([...run(a, T0, 50, (i) => 11 + i / 100), { ...b, ts: T0 + 100, value: 7.25 }]);
        const answer = await store.storedValues([
          { ...a, ts: T0 + 4_900 },
          { ...b, ts: T0 + 100 },
          { ...a, ts: T0 },
          { ...a, ts: T0 + 150 }, // between two stored points
          { ...b, ts: T0 },
          { ...a, ts: T0 + 4_900 }, // asked twice
          { ...a, ts: T0 + HOUR }, // far from the others
          { enterprise: 'held-e1', line: 'L1', characteristic: 'eccentricity', ts: T0 }, // another series of the line
          { enterprise: 'nobody', line: 'L9', characteristic: 'eccentricity', ts: T0 },
        ]);
        expect(answer).toEqual([11.49, 7.25, 11, null, null, 11.49, null, null, null]);
        expect(await store.storedValues([])).toEqual([]);
      });

      it('sees every write that has resolved, including a replaced value', async () => {
        const key: SeriesKey = { enterprise: 'held-e2', line: 'L1', characteristic: 'eccentricity' };
        await store.writeMeasurements([{ ...key, ts: T0, value: 1 }]);
        expect(await store.storedValues([{ ...key, ts: T0 }])).toEqual([1]);
        await store.writeMeasurements([{ ...key, ts: T0, value: 2 }]);
        expect(await store.storedValues([{ ...key, ts: T0 }])).toEqual([2]);
      });

      it('looks up keys spread over months and more keys than one query takes', async () => {
        const key: SeriesKey = { enterprise: 'held-e3', line: 'L1', characteristic: 'conductor_diameter' };
        const spread = Array.from({ length: 2_500 }, (_, i) => ({ ...key, ts: T0 + i * (i % 2 === 0 ? 100 : 3_600_000), value: i }));
        await store.writeMeasurements(spread);
        const answer = await store.storedValues(spread.map(({ value: _, ...k }) => k));
        expect(answer).toEqual(spread.map((p) => p.value));
      }, 60_000);

      it('refuses a key it cannot look up with a store error', async () => {
        await expectStoreError(store.storedValues([{ enterprise: 'held-e1', line: 'L1', characteristic: 'conductor_resistance', ts: 1.5 }]), 'LW_STORE_INVALID_ARGUMENT');
        await expectStoreError(store.storedValues([{ enterprise: '', line: 'L1', characteristic: 'conductor_resistance', ts: T0 }]), 'LW_STORE_INVALID_ARGUMENT');
      });
    });

    describe('downsampling and summaries', () => {
      it('downsamples into buckets aligned on `from`, leaving out empty ones', async () => {
        const key: SeriesKey = { enterprise: 'ds-e1', line: 'L1', characteristic: 'insulation_thickness' };
        // 10 minutes at 10 Hz with a 2-minute gap; `from` deliberately not on a round number.
        const points = run(key, T0, 6000, (i) => 0.7 + ((i * 7919) % 101) / 1000).filter((p) => p.ts < T0 + 240_000 || p.ts >= T0 + 360_000);
        await store.writeMeasurements(points);
        const range = { from: T0 + 37, to: T0 + 600_000 };
        const result = await store.readDownsampled(key, range, 7);
        const bucketMs = Math.ceil((range.to - range.from) / 7);
        expect(result.bucketMs).toBe(bucketMs);

        const expected = new Map<number, number[]>();
        for (const p of points) {
          if (p.ts < range.from || p.ts >= range.to) continue;
          const k = Math.floor((p.ts - range.from) / bucketMs);
          expected.set(k, [...(expected.get(k) ?? []), p.value]);
        }
        expect(result.buckets.map((b) => b.start)).toEqual([...expected.keys()].sort((a, b) => a - b).map((k) => range.from + k * bucketMs));
        for (const bucket of result.buckets) {
          const values = expected.get((bucket.start - range.from) / bucketMs) as number[];
          expect(bucket.count).toBe(values.length);
          expect(bucket.mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 9);
          expect(bucket.min).toBe(Math.min(...values));
          expect(bucket.max).toBe(Math.max(...values));
        }
        // The gap spans a whole bucket, which must be absent rather than zero.
        expect(result.buckets.length).toBe(expected.size);
        expect(expected.size).toBeLessThan(7);
      });

      it('summarises every series of a window: count, mean, sample sd, min, max', async () => {
        const e = 'sum-e1';
        const values = [0.71, 0.69, 0.7, 0.73, 0.68];
        await store.writeMeasurements([
          ...values.map((v, i) => point(e, 'L1', 'insulation_thickness', T0 + i * 100, v)),
          ...values.map((v, i) => point(e, 'L2', 'insulation_thickness', T0 + i * 100, v * 2)),
          point(e, 'L1', 'conductor_resistance', T0, 7.2),
          point(e, 'L1', 'insulation_thickness', T0 + HOUR, 99), // outside the window
          point('sum-other', 'L1', 'insulation_thickness', T0, 5),
        ]);
        const window = { from: T0, to: T0 + HOUR };
        const all = await store.summarize({ ...window, enterprise: e });
        expect(all.map((s) => `${s.key.line}/${s.key.characteristic}`)).toEqual(['L1/conductor_resistance', 'L1/insulation_thickness', 'L2/insulation_thickness']);

        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
        const l1 = all[1];
        expect(l1.count).toBe(5);
        expect(l1.mean).toBeCloseTo(mean, 12);
        expect(l1.sd).toBeCloseTo(sd as number, 12);
        expect([l1.min, l1.max]).toEqual([0.68, 0.73]);
        expect(all[0]).toMatchObject({ count: 1, mean: 7.2, sd: null, min: 7.2, max: 7.2 });

        const byLine = await store.summarize({ ...window, enterprise: e, line: 'L2' });
        expect(byLine.map((s) => s.key.line)).toEqual(['L2']);
        const byCharacteristic = await store.summarize({ ...window, enterprise: e, characteristic: 'conductor_resistance' });
        expect(byCharacteristic.map((s) => s.count)).toEqual([1]);
      });

      it('refuses a raw read larger than maxRawPoints, and bad read arguments', async () => {
        const small = await (fixture as StoreFixture).fresh({ maxRawPoints: 10 });
        try {
          const key: SeriesKey = { enterprise: 'big-e1', line: 'L1', characteristic: 'conductor_diameter' };
          await small.writeMeasurements(run(key, T0, 11));
          await expectStoreError(small.readSeries(key, { from: T0, to: T0 + HOUR }), 'LW_STORE_TOO_LARGE');
          expect((await small.readSeries(key, { from: T0, to: T0 + 1000 })).ts.length).toBe(10);
          await expectStoreError(small.readSeries(key, { from: T0, to: T0 }), 'LW_STORE_INVALID_ARGUMENT');
          await expectStoreError(small.readDownsampled(key, { from: T0, to: T0 + HOUR }, 0), 'LW_STORE_INVALID_ARGUMENT');
          await expectStoreError(small.readSeries({ ...key, characteristic: 'x' as CharacteristicName }, { from: T0, to: T0 + 1 }), 'LW_STORE_INVALID_ARGUMENT');
          await expectStoreError(small.summarize({ from: T0 + 1, to: T0 }), 'LW_STORE_INVALID_ARGUMENT');
        } finally {
          await small.close();
        }
      });
    });

    describe('alert events', () => {
      const base = { enterprise: 'ev-e1', line: 'L1', characteristic: 'insulation_thickness' as const, rule: 'cusum-low', severity: 'warning' };

      it('appends events and reads them by enterprise, alert id and time, in time order', async () => {
        const events: StoredEvent[] = [
          { ...base, id: 'a2', at: T0 + 500, kind: 'raised' },
          { ...base, id: 'a1', at: T0, kind: 'raised', data: { sigma: 0.012, points: [1, 2, 3] } },
          { ...base, id: 'a1', at: T0 + 1000, kind: 'acknowledged', by: 'qa-li', comment: 'die worn, line 1 "A"\nreplaced, 50% done' },
          { ...base, id: 'a1', at: T0 + 2000, kind: 'resolved', by: 'qa-li' },
          { ...base, enterprise: 'ev-e2', id: 'b1', at: T0 + 100, kind: 'raised' },
          { id: 'risk-ev-e1', at: T0 + 1500, kind: 'risk.assessed', enterprise: 'ev-e1', data: { score: 0.42, suggestedClass: 'B' } },
        ];
        await store.appendEvents(events);

        const all = await store.readEvents({ enterprise: 'ev-e1' });
        expect(all.map((e) => `${e.at - T0}:${e.id}:${e.kind}`)).toEqual(['0:a1:raised', '500:a2:raised', '1000:a1:acknowledged', '1500:risk-ev-e1:risk.assessed', '2000:a1:resolved']);
        expect(all[0]).toEqual(events[1]);
        expect(all[2]).toEqual(events[2]);
        expect(all[3]).toEqual(events[5]);

        expect((await store.readEvents({ id: 'a1', enterprise: 'ev-e1' })).map((e) => e.kind)).toEqual(['raised', 'acknowledged', 'resolved']);
        expect((await store.readEvents({ enterprise: 'ev-e1', since: T0 + 1000 })).length).toBe(3);
        expect((await store.readEvents({ enterprise: 'ev-e1', since: T0 + 500, until: T0 + 1500 })).map((e) => e.at - T0)).toEqual([500, 1000]);
        expect((await store.readEvents({ enterprise: 'ev-e1', limit: 2 })).map((e) => e.at - T0)).toEqual([0, 500]);
        expect((await store.readEvents({ enterprise: 'ev-e2' })).map((e) => e.id)).toEqual(['b1']);
      });

      it('stores an event appended twice once, the later copy replacing the earlier', async () => {
        const event: StoredEvent = { ...base, enterprise: 'ev-idem', id: 'x1', at: T0, kind: 'updated', data: { count: 1 }, comment: 'first' };
        await store.appendEvents([event]);
        await store.appendEvents([event]);
        await store.appendEvents([{ ...event, data: { count: 2 }, comment: undefined }]);
        const stored = await store.readEvents({ enterprise: 'ev-idem' });
        expect(stored).toEqual([{ ...base, enterprise: 'ev-idem', id: 'x1', at: T0, kind: 'updated', data: { count: 2 } }]);
      });

      it('refuses a batch with an invalid event as a whole', async () => {
        const ok: StoredEvent = { ...base, enterprise: 'ev-bad', id: 'ok', at: T0, kind: 'raised' };
        await expectStoreError(store.appendEvents([ok, { ...ok, id: 'x\ny' }]), 'LW_STORE_INVALID_ARGUMENT');
        await expectStoreError(store.appendEvents([ok, { ...ok, at: 1.5 }]), 'LW_STORE_INVALID_ARGUMENT');
        expect(await store.readEvents({ enterprise: 'ev-bad' })).toEqual([]);
      });
    });

    describe('paged event reads', () => {
      // Three enterprises, two kinds, and instants shared by up to four events, so pages end inside a tie.
      const log: StoredEvent[] = [];
      for (let i = 0; i < 12; i++) {
        const at = T0 + Math.floor(i / 4) * 1000;
        for (const enterprise of ['pg-a', 'pg-b', 'pg-c']) {
          log.push({ id: `${enterprise}.alert-${i % 4}`, at, kind: i % 3 === 0 ? 'risk.assessed' : 'raised', enterprise, severity: 'low' });
        }
      }
      log.push({ id: 'pg-a.late', at: T0 + HOUR, kind: 'resolved', enterprise: 'pg-a', by: 'qa' });
      const order = (a: StoredEvent, b: StoredEvent) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
      const key = (e: StoredEvent) => `${e.at - T0}/${e.id}/${e.kind}`;
      let appended = false;
      const ensureLog = async () => {
        if (!appended) await store.appendEvents(log);
        appended = true;
      };

      /** Follows `next` to the end, checking every page's size; the keys read, in order. */
      async function readAll(query: Omit<EventQuery, 'after'>): Promise<string[]> {
        const keys: string[] = [];
        let after: EventQuery['after'];
        for (let pages = 0; pages < 200; pages++) {
          const page = await store.readEventPage({ ...query, ...(after ? { after } : {}) });
          expect(page.events.length).toBeLessThanOrEqual(query.limit);
          keys.push(...page.events.map(key));
          if (page.next === null) return keys;
          after = page.next;
        }
        throw new Error('readEventPage never ended');
      }

      it('reads every matching event once, in the log order, whatever the page size', async () => {
        await ensureLog();
        const wanted = new Set(['pg-a', 'pg-c']);
        const expected = log
          .filter((e) => wanted.has(e.enterprise))
          .sort(order)
          .map(key);
        for (const limit of [1, 2, 3, 5, 1000]) {
          expect(await readAll({ enterprises: wanted, limit }), `pages of ${limit}`).toEqual(expected);
          expect(await readAll({ enterprises: ['pg-c', 'pg-a'], limit })).toEqual(expected);
        }
      });

      it('filters by kind and by a half-open time range, and gives events back whole', async () => {
        await ensureLog();
        const raised = log.filter((e) => e.enterprise === 'pg-b' && e.kind === 'raised' && e.at >= T0 + 1000 && e.at < T0 + 2000).sort(order);
        expect(raised.length).toBeGreaterThan(0);
        expect(await readAll({ enterprises: ['pg-b'], kinds: ['raised'], from: T0 + 1000, to: T0 + 2000, limit: 2 })).toEqual(raised.map(key));
        const page = await store.readEventPage({ enterprises: ['pg-a'], kinds: ['resolved'], limit: 10 });
        expect(page).toEqual({ events: [{ id: 'pg-a.late', at: T0 + HOUR, kind: 'resolved', enterprise: 'pg-a', by: 'qa' }], next: null });
      });

      it('names many enterprises at once', async () => {
        await ensureLog();
        // More than an adapter may put in one statement: the answer must be the same.
        const many = [...Array.from({ length: 80 }, (_, i) => `pg-none-${i}`), 'pg-b'];
        expect(await readAll({ enterprises: many, limit: 4 })).toEqual(
          log
            .filter((e) => e.enterprise === 'pg-b')
            .sort(order)
            .map(key),
        );
      });

      it('answers an empty page for no enterprises, no kinds or an empty range', async () => {
        await ensureLog();
        for (const query of [{ enterprises: [] }, { kinds: [] }, { from: T0 + 5, to: T0 + 5 }, { enterprises: ['pg-nobody'] }]) {
          expect(await store.readEventPage({ ...query, limit: 10 })).toEqual({ events: [], next: null });
        }
      });

      it('refuses a malformed query', async () => {
        await expectStoreError(store.readEventPage({ limit: 0 }), 'LW_STORE_INVALID_ARGUMENT');
        await expectStoreError(store.readEventPage({ limit: 1_000_000_000 }), 'LW_STORE_INVALID_ARGUMENT');
        await expectStoreError(store.readEventPage({ enterprises: ['a\nb'], limit: 5 }), 'LW_STORE_INVALID_ARGUMENT');
        await expectStoreError(store.readEventPage({ from: 1.5, limit: 5 }), 'LW_STORE_INVALID_ARGUMENT');
        await expectStoreError(store.readEventPage({ after: { at: T0, id: '', kind: 'raised' }, limit: 5 }), 'LW_STORE_INVALID_ARGUMENT');
      });
    });

    describe('lifecycle', () => {
      it('reports health', async () => {
        const health = await store.health();
        expect(health.ok, health.detail).toBe(true);
        expect(health.adapter).toBe(store.adapter);
        expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      });

      it('refuses a write that would overflow the queue, without dropping queued ones', async () => {
        const tight = await (fixture as StoreFixture).fresh({ maxBatchPoints: 100, maxQueuedPoints: 100 });
        try {
          const key: SeriesKey = { enterprise: 'q-e1', line: 'L1', characteristic: 'conductor_diameter' };
          const first = tight.writeMeasurements(run(key, T0, 100));
          await expectStoreError(tight.writeMeasurements(run(key, T0 + HOUR, 1)), 'LW_STORE_OVERLOADED');
          await first;
          expect((await tight.readSeries(key, { from: T0, to: T0 + 2 * HOUR })).ts.length).toBe(100);
        } finally {
          await tight.close();
        }
      });

      it('keeps acknowledged data across close and reopen, and refuses calls once closed', async () => {
        const first = await (fixture as StoreFixture).fresh();
        const key: SeriesKey = { enterprise: 'reopen-e1', line: 'L1', characteristic: 'sheath_thickness' };
        const pending = first.writeMeasurements(run(key, T0, 300));
        await first.appendEvents([{ id: 'r1', at: T0, kind: 'raised', enterprise: 'reopen-e1' }]);
        await first.close(); // waits for the queued write
        expect((await pending).written).toBe(300);
        await expectStoreError(first.writeMeasurements(run(key, T0, 1)), 'LW_STORE_CLOSED');
        await expectStoreError(first.readSeries(key, { from: T0, to: T0 + HOUR }), 'LW_STORE_CLOSED');

        const second = await (fixture as StoreFixture).reopen(first);
        try {
          expect((await second.readSeries(key, { from: T0, to: T0 + HOUR })).ts.length).toBe(300);
          expect((await second.readEvents({ enterprise: 'reopen-e1' })).map((e) => e.id)).toEqual(['r1']);
        } finally {
          await second.close();
        }
      });
    });
  });
}
