import { describe, expect, it } from 'vitest';
import { isStoreError } from '../../../store/errors.js';
import { columnIndexes, parseQueryResponse } from '../../../store/influx/query-results.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return isStoreError(error) ? error.code : 'not a StoreError';
  }
  return undefined;
}

describe('parseQueryResponse', () => {
  it('joins a series split over chunks', () => {
    const body = [
      '{"results":[{"statement_id":0,"series":[{"name":"measurements","columns":["time","value"],"values":[[1,0.5],[2,0.6]],"partial":true}],"partial":true}]}',
      '{"results":[{"statement_id":0,"series":[{"name":"measurements","columns":["time","value"],"values":[[3,0.7]]}]}]}',
      '',
    ].join('\n');
    const series = parseQueryResponse(body);
    expect(series).toHaveLength(1);
    expect(series[0].values).toEqual([
      [1, 0.5],
      [2, 0.6],
      [3, 0.7],
    ]);
    expect(columnIndexes(series[0], ['value', 'time'])).toEqual({ value: 1, time: 0 });
  });

  it('keeps series with different tags apart', () => {
    const body =
      '{"results":[{"statement_id":0,"series":[{"name":"m","tags":{"line":"L1"},"columns":["time","count"],"values":[[0,3]]},{"name":"m","tags":{"line":"L2"},"columns":["time","count"],"values":[[0,4]]}]}]}';
    expect(parseQueryResponse(body).map((s) => s.tags.line)).toEqual(['L1', 'L2']);
  });

  it('reads an empty result as no series', () => {
    expect(parseQueryResponse('{"results":[{"statement_id":0}]}')).toEqual([]);
  });

  it('refuses a result the server cut short', () => {
    const body = '{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","value"],"values":[[1,2]],"partial":true}],"partial":true}]}';
    expect(code(() => parseQueryResponse(body))).toBe('LW_STORE_BAD_RESPONSE');
  });

  it('maps server errors: missing database to NOT_FOUND, others to REJECTED', () => {
    expect(code(() => parseQueryResponse('{"results":[{"statement_id":0,"error":"database not found: lw"}]}'))).toBe('LW_STORE_NOT_FOUND');
    expect(code(() => parseQueryResponse('{"error":"error parsing query: found MEASUREMENTS"}'))).toBe('LW_STORE_REJECTED');
    expect(code(() => parseQueryResponse('<html>proxy error</html>'))).toBe('LW_STORE_BAD_RESPONSE');
  });

  it('fails loudly on a missing column', () => {
    const [series] = parseQueryResponse('{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time"],"values":[[1]]}]}]}');
    expect(code(() => columnIndexes(series, ['value']))).toBe('LW_STORE_BAD_RESPONSE');
  });
});
