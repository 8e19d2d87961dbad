import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../../web/router.js';

describe('the trace routes', () => {
  it('address a trace, a reel, the recall cases and one case', () => {
    const trace = parseRoute('#/trace?enterprise=nw&lot=cu-7');
    expect(trace.name).toBe('trace');
    expect(trace.name === 'trace' && trace.params.get('lot')).toBe('cu-7');
    const reel = parseRoute('#/reels/R%2F17?enterprise=nw');
    expect(reel).toMatchObject({ name: 'reel', reel: 'R/17' });
    expect(reel.name === 'reel' && reel.params.get('enterprise')).toBe('nw');
    expect(parseRoute('#/recalls').name).toBe('recalls');
    expect(parseRoute('#/recalls/recall-3')).toEqual({ name: 'recall', id: 'recall-3' });
    expect(parseRoute('#/reels/')).toEqual({ name: 'unknown', path: '/reels/' });
  });
});
