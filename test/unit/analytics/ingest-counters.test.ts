import { describe, expect, it } from 'vitest';
import { IngestCounters } from '../../../analytics/service/ingest-counters.js';

describe('IngestCounters', () => {
  it('groups reject reasons by kind, blanking what a sender controls', () => {
    const c = new IngestCounters();
    c.batch(10, 2, [
      { index: 3, point: {}, reason: 'points[3].value: expected a number, got the string "abc"' },
      { index: 9, point: {}, reason: 'points[9].value: expected a number, got the string "x\\"y"' },
      { index: 11, point: {}, reason: "line 'L7' of 'acme' does not measure spark_faults" },
      { index: 12, point: {}, reason: 'points[12].value: -0.5 is negative' },
    ]);
    expect(Object.fromEntries(c.rejectsByReason)).toEqual({
      'value: expected a number, got the string …': 2,
      'line … of … does not measure spark_faults': 1,
      'value: -N is negative': 1,
    });
    expect(c.toJSON()).toMatchObject({ batches: 1, stored: 10, duplicates: 2, rejectedPoints: 4 });
  });
});
