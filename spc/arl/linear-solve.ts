/**
 * Dense linear systems A x = b by LU decomposition with partial pivoting
 * (Golub & Van Loan, Matrix Computations, algorithm 3.4.1). The Nystrom
 * systems here are small (at most a few hundred unknowns) and dense, so a
 * textbook LU is both the simplest and the fastest choice.
 */
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

export class SingularMatrixError extends LinewatchError<'LW_ARL_SINGULAR'> {
  constructor(message: string) {
    super('LW_ARL_SINGULAR', message);
    this.name = 'SingularMatrixError';
  }
}

/**
 * Solves A x = b. `a` is n x n in row-major order. Neither input is modified.
 * Throws SingularMatrixError when a pivot is zero or not finite.
 */
export function solveLinearSystem(a: Float64Array, b: Float64Array, n: number): Float64Array {
  if (a.length !== n * n || b.length !== n) {
    throw new RangeError(`solveLinearSystem: expected a ${n}x${n} matrix and ${n} right-hand sides, got ${a.length} and ${b.length} values`);
  }
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    let pivotSize = Math.abs(lu[col * n + col]);
    for (let row = col + 1; row < n; row++) {
      const size = Math.abs(lu[row * n + col]);
      if (size > pivotSize) {
        pivotSize = size;
        pivotRow = row;
      }
    }
    if (!(pivotSize > 0) || !Number.isFinite(pivotSize)) {
      throw new SingularMatrixError(`solveLinearSystem: matrix is singular at column ${col}`);
    }
    if (pivotRow !== col) swapRows(lu, x, n, col, pivotRow);
    const pivot = lu[col * n + col];
    for (let row = col + 1; row < n; row++) {
      const factor = lu[row * n + col] / pivot;
      if (factor === 0) continue;
      const rowStart = row * n;
      const colStart = col * n;
      for (let j = col + 1; j < n; j++) lu[rowStart + j] -= factor * lu[colStart + j];
      x[row] -= factor * x[col];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = x[row];
    const rowStart = row * n;
    for (let j = row + 1; j < n; j++) sum -= lu[rowStart + j] * x[j];
    x[row] = sum / lu[rowStart + row];
  }
  return x;
}

function swapRows(lu: Float64Array, x: Float64Array, n: number, r1: number, r2: number): void {
  for (let j = 0; j < n; j++) {
    const t = lu[r1 * n + j];
    lu[r1 * n + j] = lu[r2 * n + j];
    lu[r2 * n + j] = t;
  }
  const t = x[r1];
  x[r1] = x[r2];
  x[r2] = t;
}
