import { describe, expect, it } from 'vitest';
import { LineContext } from '../../../gateway/line-context.js';
import { parseStdinLine } from '../../../gateway/sources/stdin-lines.js';

const T = Date.UTC(2026, 2, 1, 8);
const reading = (line: string, ts: number, value: number) => ({ kind: 'reading' as const, line, characteristic: 'conductor_diameter', ts, value });

describe('the line context stamps product and position on readings', () => {
  it('passes readings through untouched until the line reports anything', () => {
    const c = new LineContext();
    expect(c.apply(reading('L1', T, 1.38))).toEqual({ line: 'L1', characteristic: 'conductor_diameter', ts: T, value: 1.38 });
  });

  it('stamps the product from a changeover on, per line', () => {
    const c = new LineContext();
    expect(c.apply({ kind: 'product', line: 'L1', ts: T, product: 'BV-2.5' })).toBeNull();
    expect(c.apply(reading('L1', T + 100, 1.78))).toMatchObject({ product: 'BV-2.5' });
    expect(c.apply(reading('L2', T + 100, 1.38))?.product).toBeUndefined();
    c.apply({ kind: 'product', line: 'L1', ts: T + 200, product: 'BV-4' });
    expect(c.apply(reading('L1', T + 300, 2.25))?.product).toBe('BV-4');
  });

  it('takes the position from a length counter as read', () => {
    const c = new LineContext();
    c.apply({ kind: 'length', line: 'L1', ts: T, metres: 1520.5 });
    c.apply({ kind: 'speed', line: 'L1', ts: T, metresPerMinute: 600 }); // ignored: the counter is read
    expect(c.apply(reading('L1', T + 60_000, 1.38))).toMatchObject({ positionM: 1520.5 });
  });

  it('integrates the line speed where no counter is read, and starts a new run at 0 at a changeover', () => {
    const c = new LineContext();
    c.apply({ kind: 'product', line: 'L1', ts: T, product: 'BV-1.5' });
    c.apply({ kind: 'speed', line: 'L1', ts: T, metresPerMinute: 600 });
    expect(c.apply(reading('L1', T + 30_000, 1.38))).toMatchObject({ positionM: 300 });
    c.apply({ kind: 'speed', line: 'L1', ts: T + 60_000, metresPerMinute: 300 });
    expect(c.apply(reading('L1', T + 120_000, 1.38))).toMatchObject({ positionM: 900 });
    c.apply({ kind: 'product', line: 'L1', ts: T + 120_000, product: 'BV-2.5' });
    expect(c.apply(reading('L1', T + 180_000, 1.78))).toMatchObject({ product: 'BV-2.5', positionM: 300 });
  });

  it("keeps a source's late flag", () => {
    const c = new LineContext();
    expect(c.apply({ ...reading('L1', T, 1.38), historical: true })).toMatchObject({ historical: true });
  });
});

describe('a --stdin line', () => {
  it('is a reading, passed through as read', () => {
    expect(parseStdinLine('L1,conductor_diameter,1772352000000,1.38')).toEqual({ kind: 'reading', line: 'L1', characteristic: 'conductor_diameter', ts: 1772352000000, value: 1.38 });
    expect(parseStdinLine('L1,conductor_diameter,yesterday,abc')).toMatchObject({ ts: 'yesterday', value: 'abc' });
    expect(parseStdinLine('   ')).toBeNull();
  });

  it('is a changeover, a length or a speed when its characteristic says so', () => {
    expect(parseStdinLine('L1,product,2026-03-01T08:00:00Z,BV-2.5')).toEqual({ kind: 'product', line: 'L1', ts: T, product: 'BV-2.5' });
    expect(parseStdinLine('L1,length,2026-03-01T08:00:00Z,1520.5')).toEqual({ kind: 'length', line: 'L1', ts: T, metres: 1520.5 });
    expect(parseStdinLine('L1,speed,2026-03-01T08:00:00Z,600')).toEqual({ kind: 'speed', line: 'L1', ts: T, metresPerMinute: 600 });
  });

  it('says what is wrong with a line-state event it cannot read', () => {
    expect(parseStdinLine('L1,product,2026-03-01T08:00:00Z,')).toEqual({ problem: "product event for line 'L1' names no product" });
    expect(parseStdinLine('L1,speed,noon,600')).toEqual({ problem: "speed event for line 'L1': time 'noon' is neither ms nor ISO 8601" });
    expect(parseStdinLine('L1,length,2026-03-01T08:00:00Z,-3')).toEqual({ problem: "length event for line 'L1': '-3' is not a non-negative number" });
  });
});
