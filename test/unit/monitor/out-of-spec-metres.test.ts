import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { DEFAULT_LIVE_OPTIONS } from '../../../monitor/options.js';
import { SeriesWatch } from '../../../monitor/series-watch.js';

const LIVE = DEFAULT_LIVE_OPTIONS;
const T0 = Date.UTC(2026, 2, 1, 8);
const SERIES = { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness' as const };

describe('product out of spec, in metres', () => {
  it('adds up the metres between out-of-spec readings of a stretch and keeps where on the reel they were', () => {
    const watch = new SeriesWatch(SERIES, { lsl: 0.53, usl: null }, LIVE);
    const book = new EpisodeBook();
    const events: AlertEvent[] = [];
    // 10 m/min: one reading every 100 ms is 1/60 m apart. 30 s in spec, 20 s below the limit, 30 s in spec.
    let ts = T0;
    const at = (i: number) => 1000 + i / 60;
    for (let i = 0; i < 800; i++, ts += 100) watch.push(ts, i >= 300 && i < 500 ? 0.5 : 0.7, book, ts, events, at(i));
    const episode = book.list()[0];
    expect(episode.outOfSpec).toMatchObject({ readings: 200, stretches: 1, firstPositionM: at(300), lastPositionM: at(499) });
    expect(episode.outOfSpec!.metres).toBeCloseTo(199 / 60, 9);
  });

  it('reads a position that went back (a new reel) as a new start, never as negative length; no position, no metres', () => {
    const watch = new SeriesWatch(SERIES, { lsl: 0.53, usl: null }, LIVE);
    const book = new EpisodeBook();
    const events: AlertEvent[] = [];
    for (const [i, position] of [5000, 5001, 2, 3].entries()) watch.push(T0 + i * 100, 0.5, book, T0, events, position);
    expect(book.list()[0].outOfSpec!.metres).toBe(2);

    const plain = new SeriesWatch(SERIES, { lsl: 0.53, usl: null }, LIVE);
    const other = new EpisodeBook();
    for (let i = 0; i < 5; i++) plain.push(T0 + i * 100, 0.5, other, T0, events);
    expect(other.list()[0].outOfSpec).not.toHaveProperty('metres');
  });
});
