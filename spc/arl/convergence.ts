import { ARL_NUMERICS } from './defaults.js';

/** A value from a quadrature method, with the node count that produced it. */
export interface ConvergedValue {
  readonly value: number;
  /** Quadrature nodes of the accepted value (the finer of the last pair compared). */
  readonly nodes: number;
}

/** The discretisation did not settle within the node budget. */
export class ArlConvergenceError extends Error {
  readonly code = 'LW_ARL_CONVERGENCE';
  constructor(message: string) {
    super(message);
    this.name = 'ArlConvergenceError';
  }
}

/**
 * Evaluates `compute` with n, 2n, 4n, ... nodes until two successive values
 * agree to the relative tolerance. Gauss-Legendre Nystrom solutions of these
 * ARL integral equations converge geometrically in n (the kernels are
 * analytic), so agreement between n and 2n means the 2n value is far better
 * than the tolerance.
 */
export function convergeByDoubling(compute: (nodes: number) => number, what: string): ConvergedValue {
  const { startNodes, maxNodes, relativeTolerance } = ARL_NUMERICS;
  let nodes = startNodes;
  let previous = compute(nodes);
  while (nodes < maxNodes) {
    nodes *= 2;
    const value = compute(nodes);
    if (Math.abs(value - previous) <= relativeTolerance * Math.abs(value)) return { value, nodes };
    previous = value;
  }
  throw new ArlConvergenceError(
    `${what}: the ARL did not converge with ${maxNodes} quadrature nodes (last value ${previous.toPrecision(6)}); the design is outside the range this method resolves`,
  );
}
