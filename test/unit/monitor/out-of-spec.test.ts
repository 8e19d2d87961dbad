import { describe, expect, it } from 'vitest';
import { OutOfSpecStretch } from '../../../monitor/out-of-spec.js';

describe('OutOfSpecStretch', () => {
  it('joins readings no further apart than the gap into one stretch', () => {
    const s = new OutOfSpecStretch(1000);
    expect(s.lengthMs).toBe(0);
    expect(s.ongoingAt(0)).toBe(false);
    expect(s.add(5000)).toBe('new');
    expect(s.lastStepMs).toBe(0);
    expect(s.add(5600)).toBe('continued');
    expect(s.lastStepMs).toBe(600);
    expect(s.add(6600)).toBe('continued'); // exactly the gap apart
    expect(s.lengthMs).toBe(1600);
    expect(s.ongoingAt(7600)).toBe(true);
    expect(s.ongoingAt(7601)).toBe(false);
    expect(s.add(7601)).toBe('new');
    expect(s.lengthMs).toBe(0);
    expect(s.lastStepMs).toBe(0);
  });

  it('restores a snapshot (a JSON null is read as no stretch)', () => {
    const s = new OutOfSpecStretch(1000);
    s.add(100);
    s.add(400);
    const copy = new OutOfSpecStretch(1000);
    copy.restore(JSON.parse(JSON.stringify(s.snapshot())));
    expect(copy.lengthMs).toBe(300);
    expect(copy.add(900)).toBe('continued');
    expect(copy.lastStepMs).toBe(500);
    expect(copy.lengthMs).toBe(800);
    const empty = new OutOfSpecStretch(1000);
    empty.restore({ startTs: Number.NaN, lastTs: Number.NaN });
    expect(empty.add(100)).toBe('new');
  });
});
