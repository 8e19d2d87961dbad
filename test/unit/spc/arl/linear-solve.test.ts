import { describe, it, expect } from 'vitest';
import { SingularMatrixError, solveLinearSystem } from '../../../../spc/arl/linear-solve.js';

describe('solveLinearSystem', () => {
  it('needs and does a row exchange when the first pivot is zero', () => {
    const a = Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]);
    const b = Float64Array.from([5, 4, 4]); // x = (1, 2, 1)
    const x = solveLinearSystem(a, b, 3);
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 1]);
  });

  it('leaves its inputs unchanged', () => {
    const a = Float64Array.from([4, 1, 2, 3]);
    const b = Float64Array.from([1, 2]);
    solveLinearSystem(a, b, 2);
    expect(Array.from(a)).toEqual([4, 1, 2, 3]);
    expect(Array.from(b)).toEqual([1, 2]);
  });

  it('has a small residual on a larger non-symmetric system', () => {
    const n = 60;
    const a = new Float64Array(n * n);
    let seed = 7;
    const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    for (let i = 0; i < n * n; i++) a[i] = next();
    const b = new Float64Array(n).map(() => next());
    const x = solveLinearSystem(a, b, n);
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += a[i * n + j] * x[j];
      expect(Math.abs(row - b[i])).toBeLessThan(1e-10);
    }
  });

  it('reports a singular matrix instead of returning infinities', () => {
    expect(() => solveLinearSystem(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 1]), 2)).toThrow(SingularMatrixError);
  });

  it('rejects mismatched sizes', () => {
    expect(() => solveLinearSystem(new Float64Array(3), new Float64Array(2), 2)).toThrow(RangeError);
  });
});
