import { ARL_NUMERICS } from './defaults.js';
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

/** A value from a quadrature method, with the node count that produced it. */
export interface ConvergedValue {
  readonly value: number;
  /** Quadrature nodes of the accepted value (the finer of the last pair compared). */
  readonly nodes: number;
}

/**
 * The design is beyond what the numerical method resolves: the discretisation
 * did not settle within the node budget, or the ARL is too large for double
 * precision (an ARL of 1e15 needs a false-alarm rate below machine epsilon).
 */
export class ArlPrecisionError extends LinewatchError<'LW_ARL_PRECISION'> {
  constructor(message: string) {
    super('LW_ARL_PRECISION', message);
    this.name = 'ArlPrecisionError';
  }
}

/**
 * The first node count to try for a kernel that `features` of its standard
 * deviations span: fewer nodes than kernel widths cannot resolve the kernel,
 * and such results can be wildly off (even negative) rather than imprecise.
 * 1.5 nodes per width was enough in every design tried; more come by growth.
 */
export function startingNodes(features: number): number {
  const { minNodes, maxNodes } = ARL_NUMERICS;
  return Math.min(maxNodes, Math.max(minNodes, roundUpToEight(1.5 * features)));
}

function roundUpToEight(x: number): number {
  return 8 * Math.ceil(x / 8);
}

/**
 * Evaluates `compute` with n, 1.5 n, 2.25 n, ... nodes until two successive
 * values agree to the relative tolerance. Gauss-Legendre Nystrom solutions of
 * these ARL integral equations converge geometrically in n (the kernels are
 * analytic), so agreement between two node counts means the finer value is
 * far better than the tolerance. Growing by 1.5 rather than doubling keeps the
 * confirming solve cheap: the exact-limits walk costs n^2 per sample.
 */
export function convergeByRefinement(compute: (nodes: number) => number, firstNodes: number, what: string, relativeTolerance: number = ARL_NUMERICS.relativeTolerance): ConvergedValue {
  const { maxNodes } = ARL_NUMERICS;
  let nodes = firstNodes;
  let previous = compute(nodes);
  while (nodes < maxNodes) {
    nodes = Math.min(maxNodes, roundUpToEight(1.5 * nodes));
    const value = compute(nodes);
    // An ARL below 1 or not finite is a discretisation too coarse, or a system
    // too ill-conditioned (an ARL near 1/epsilon), never an answer.
    const plausible = Number.isFinite(value) && value >= 1;
    if (plausible && Math.abs(value - previous) <= relativeTolerance * value) return { value, nodes };
    // Two attempts in a row beyond TOO_LARGE: more nodes cannot help.
    if (Math.abs(value) > TOO_LARGE && Math.abs(previous) > TOO_LARGE) break;
    previous = value;
  }
  const why =
    Math.abs(previous) > TOO_LARGE
      ? `the ARL (about ${previous.toExponential(1)}) is too large to resolve in double precision`
      : `the ARL did not converge with ${maxNodes} quadrature nodes (last value ${previous.toPrecision(6)})`;
  throw new ArlPrecisionError(`${what}: ${why}`);
}

/**
 * ARLs beyond this cannot be resolved: the linear system's condition number
 * is about the ARL, and 1e12 of it leaves under four digits of the 16.
 */
const TOO_LARGE = 1e12;
