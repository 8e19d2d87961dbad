import { describe, expect, it } from 'vitest';
import { REJECT_FIELDS, REJECT_KINDS } from '../../../analytics/ingest/reject-code.js';
import { IngestCounters } from '../../../analytics/service/ingest-counters.js';

describe('IngestCounters', () => {
  it('counts reject reasons under a field and a kind from closed lists', () => {
    const c = new IngestCounters();
    c.batch(10, 2, [
      { index: 3, point: {}, reason: 'points[3].value: expected a number, got the string "abc"' },
      { index: 9, point: {}, reason: 'points[9].value: expected a number, got the string "x\\"y"' },
      { index: 11, point: {}, reason: "line 'L7' of 'acme' does not measure spark_faults" },
      { index: 12, point: {}, reason: 'points[12].value: -0.5 is negative' },
    ]);
    expect(Object.fromEntries(c.rejectsByReason)).toEqual({
      'value: not-a-number': 2,
      'point: unknown-series': 1,
      'value: negative': 1,
    });
    expect(c.toJSON()).toMatchObject({ batches: 1, stored: 10, duplicates: 2, rejectedPoints: 4 });
  });

  it('never makes a label of what a sender controls: thousands of garbage messages stay within the closed lists', () => {
    const c = new IngestCounters();
    let seed = 7;
    const word = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return `w${seed.toString(36)}`;
    };
    for (let i = 0; i < 2300; i++) {
      // What V8 and the schema say about payloads like {"<word>":} or {"points":[{"<word>":1}]}: the sender's text inside.
      c.refusedMessage(`not valid JSON: Unexpected token '}', "{"${word()}":}" is not valid JSON`);
      c.refusedMessage(`${word()}: unknown property`);
      c.batch(0, 0, [{ index: 0, point: {}, reason: `points[0].${word()}: unknown property; points[0].value: expected a number, got the string "${word()}"` }]);
    }
    for (const label of c.rejectsByReason.keys()) {
      const [field, kind] = label.split(': ');
      expect(REJECT_FIELDS).toContain(field);
      expect(REJECT_KINDS).toContain(kind);
    }
    expect(c.rejectsByReason.size).toBeLessThanOrEqual(3);
    expect([...c.rejectsByReason.values()].reduce((a, b) => a + b, 0)).toBe(3 * 2300);
  });
});
