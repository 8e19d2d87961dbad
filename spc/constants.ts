/**
 * Control chart constants for subgroups of n = 2..25, as in the usual
 * three-decimal tables (Montgomery, Introduction to Statistical Quality
 * Control, Appendix VI; ASTM E2587). linewatch uses the tables rather than
 * exactly computed values because that is what quality engineers check
 * against; they differ by well under 0.1%. A unit test recomputes each value
 * from its definition to guard the table against typos.
 */
export interface SubgroupConstants {
  readonly n: number;
  /** Xbar-R chart factor: Xbar limits = grand mean +/- A2 Rbar. */
  readonly A2: number;
  /** Xbar-S chart factor: Xbar limits = grand mean +/- A3 Sbar. */
  readonly A3: number;
  /** E[S]/sigma for a normal sample of size n. */
  readonly c4: number;
  /** S chart limits: B3 Sbar, B4 Sbar. */
  readonly B3: number;
  readonly B4: number;
  /** E[R]/sigma for a normal sample of size n. */
  readonly d2: number;
  /** R chart limits: D3 Rbar, D4 Rbar. */
  readonly D3: number;
  readonly D4: number;
}

/** d2(2): moving ranges of two consecutive individuals (docs/spc-conventions.md). */
export const D2_MOVING_RANGE = 1.128;

export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 25;

//  n     A2     A3     c4      B3     B4     d2     D3     D4
const TABLE: ReadonlyArray<readonly [number, number, number, number, number, number, number, number, number]> = [
  [2, 1.88, 2.659, 0.7979, 0, 3.267, 1.128, 0, 3.267],
  [3, 1.023, 1.954, 0.8862, 0, 2.568, 1.693, 0, 2.574],
  [4, 0.729, 1.628, 0.9213, 0, 2.266, 2.059, 0, 2.282],
  [5, 0.577, 1.427, 0.94, 0, 2.089, 2.326, 0, 2.114],
  [6, 0.483, 1.287, 0.9515, 0.03, 1.97, 2.534, 0, 2.004],
  [7, 0.419, 1.182, 0.9594, 0.118, 1.882, 2.704, 0.076, 1.924],
  [8, 0.373, 1.099, 0.965, 0.185, 1.815, 2.847, 0.136, 1.864],
  [9, 0.337, 1.032, 0.9693, 0.239, 1.761, 2.97, 0.184, 1.816],
  [10, 0.308, 0.975, 0.9727, 0.284, 1.716, 3.078, 0.223, 1.777],
  [11, 0.285, 0.927, 0.9754, 0.321, 1.679, 3.173, 0.256, 1.744],
  [12, 0.266, 0.886, 0.9776, 0.354, 1.646, 3.258, 0.283, 1.717],
  [13, 0.249, 0.85, 0.9794, 0.382, 1.618, 3.336, 0.307, 1.693],
  [14, 0.235, 0.817, 0.981, 0.406, 1.594, 3.407, 0.328, 1.672],
  [15, 0.223, 0.789, 0.9823, 0.428, 1.572, 3.472, 0.347, 1.653],
  [16, 0.212, 0.763, 0.9835, 0.448, 1.552, 3.532, 0.363, 1.637],
  [17, 0.203, 0.739, 0.9845, 0.466, 1.534, 3.588, 0.378, 1.622],
  [18, 0.194, 0.718, 0.9854, 0.482, 1.518, 3.64, 0.391, 1.608],
  [19, 0.187, 0.698, 0.9862, 0.497, 1.503, 3.689, 0.403, 1.597],
  [20, 0.18, 0.68, 0.9869, 0.51, 1.49, 3.735, 0.415, 1.585],
  [21, 0.173, 0.663, 0.9876, 0.523, 1.477, 3.778, 0.425, 1.575],
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: D3 for n = 22 as the published table gives it, not log10(e).
  [22, 0.167, 0.647, 0.9882, 0.534, 1.466, 3.819, 0.434, 1.566],
  [23, 0.162, 0.633, 0.9887, 0.545, 1.455, 3.858, 0.443, 1.557],
  [24, 0.157, 0.619, 0.9892, 0.555, 1.445, 3.895, 0.451, 1.548],
  [25, 0.153, 0.606, 0.9896, 0.565, 1.435, 3.931, 0.459, 1.541],
];

const BY_SIZE: ReadonlyMap<number, SubgroupConstants> = new Map(TABLE.map(([n, A2, A3, c4, B3, B4, d2, D3, D4]) => [n, Object.freeze({ n, A2, A3, c4, B3, B4, d2, D3, D4 })]));

/** The constants for subgroup size n; throws a RangeError outside 2..25. */
export function subgroupConstants(n: number): SubgroupConstants {
  const c = BY_SIZE.get(n);
  if (!c) throw new RangeError(`subgroup size must be a whole number from ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE}, got ${n}`);
  return c;
}
