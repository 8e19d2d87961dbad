import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteString, selectBuckets, selectEvents, selectRaw, selectSummaries } from '../../../store/influx/influxql.js';

const key = { enterprise: "O'Brien\\Co", line: 'L 1', characteristic: 'sheath_thickness' as const };

describe('InfluxQL', () => {
  it('escapes backslashes and single quotes in string literals', () => {
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString('a\\b')).toBe("'a\\\\b'");
  });

  it('double-quotes identifiers (measurements is a keyword)', () => {
    expect(quoteIdent('measurements')).toBe('"measurements"');
    expect(quoteIdent('a"b')).toBe('"a\\"b"');
  });

  it('reads a raw series in time order with a limit', () => {
    expect(selectRaw(key, { from: 1000, to: 2000 }, 11)).toBe(
      `SELECT "value" FROM "measurements" WHERE "enterprise" = 'O\\'Brien\\\\Co' AND "line" = 'L 1' AND "characteristic" = 'sheath_thickness' ` +
        'AND time >= 1000ms AND time < 2000ms ORDER BY time ASC LIMIT 11',
    );
  });

  it('aligns GROUP BY time buckets on `from` with an offset', () => {
    const q = selectBuckets(key, { from: 1_000_037, to: 2_000_000 }, 1000);
    expect(q).toContain('GROUP BY time(1000ms, 37ms) fill(none)');
    expect(q).toMatch(/^SELECT count\("value"\), mean\("value"\), min\("value"\), max\("value"\) FROM "measurements"/);
  });

  it('summarises per series, filtering only on the fields given', () => {
    expect(selectSummaries({ from: 0, to: 10 })).toBe(
      'SELECT count("value"), mean("value"), stddev("value"), min("value"), max("value") FROM "measurements" WHERE time >= 0ms AND time < 10ms GROUP BY "enterprise", "line", "characteristic"',
    );
    expect(selectSummaries({ from: 0, to: 10, enterprise: 'E', characteristic: 'eccentricity' })).toContain(`AND "enterprise" = 'E' AND "characteristic" = 'eccentricity' GROUP BY`);
  });

  it('reads events by enterprise, alert and time window', () => {
    expect(selectEvents({ enterprise: 'E', id: 'a1', since: 5, until: 9 }, 100)).toBe(
      `SELECT "body", "alert", "enterprise", "kind" FROM "alert_events" WHERE time >= 5ms AND time < 9ms AND "enterprise" = 'E' AND "alert" = 'a1' ORDER BY time ASC LIMIT 100`,
    );
    expect(selectEvents({}, 3)).toBe(`SELECT "body", "alert", "enterprise", "kind" FROM "alert_events" WHERE time >= 0ms ORDER BY time ASC LIMIT 3`);
  });
});
