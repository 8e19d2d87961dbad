import { shewhartArl } from '../spc/arl/index.js';
import { upperCusumArl } from '../spc/arl/cusum-one-sided.js';
import { ewmaFixedLimitArl } from '../spc/arl/ewma-fixed-limits.js';
import { normalQuadrature } from './normal-expectation.js';
import { baselineSubgroups, budgetArl, designArl, type LiveChartName, type LiveMonitorOptions } from './options.js';

/**
 * Chart parameters derived from a false-alarm budget stated in time
 * (monitor/README.md, "The arithmetic").
 *
 * The budget (episodes per series per week), spent at `designShare`, is
 * turned into an in-control ARL in subgroups and shared equally between the
 * charts that run (a union
 * bound: the charts see the same data, so together they alarm less often
 * than the sum, never more). Each chart's decision interval h (CUSUM) or
 * limit width L (EWMA, Shewhart) is then solved with the project's ARL
 * engine so that its false-alarm rate, averaged over the estimation error
 * of a Phase I of m subgroups, meets its share:
 *
 *   E[ 1 / ARL(p s; shift d) ] = share / ARL_budget,
 *   d ~ N(0, 1/m)                 (the error of mu0, in residual sigma),
 *   ln s ~ N(0, 1/(2(m - 1)))     (the error of the residual sigma),
 *
 * because a chart run on x / s with parameter p is the chart with p s run on
 * x. Designing at known parameters instead would miss the budget: with a
 * 30-minute baseline the small-shift CUSUM alarms about 1.5 times as often
 * as its known-parameter ARL says, with a 2-minute one about 30 times.
 */
export type LiveChartKind = 'cusum' | 'ewma' | 'shewhart';

export interface LiveChartDesign {
  readonly name: LiveChartName;
  readonly kind: LiveChartKind;
  /** CUSUM reference value, residual sigma; null for other charts. */
  readonly k: number | null;
  /** CUSUM decision interval, residual sigma; null for other charts. */
  readonly h: number | null;
  /** EWMA weight; null for other charts. */
  readonly lambda: number | null;
  /** EWMA or Shewhart limit width in sigma of the charted statistic; null for a CUSUM. */
  readonly L: number | null;
  /** In-control ARL in subgroups with known parameters. */
  readonly arl0Known: number;
  /** Expected false alarms per week of sample time, estimation error of Phase I included. */
  readonly falseAlarmsPerWeek: number;
}

export interface LiveDesign {
  readonly subgroupMs: number;
  readonly baselineSubgroups: number;
  /** The budget, episodes per series per week. */
  readonly budgetPerWeek: number;
  /** In-control ARL in subgroups that the budget allows all charts together. */
  readonly budgetArl: number;
  /** The share of the budget the design spends, and the in-control ARL it is designed for (budgetArl / designShare). */
  readonly designShare: number;
  readonly designArl: number;
  readonly charts: readonly LiveChartDesign[];
  /** Sum of the charts' expected rates: an upper bound of the combined rate; designShare of the budget to within 0.2% (the solver's tolerance). */
  readonly falseAlarmsPerWeek: number;
}

const WEEK_MS = 7 * 24 * 3_600_000;
/** Quadrature points per estimation error (mean, sigma). */
const POINTS = 10;
/** The solved rate matches its share within this relative error. */
const RATE_TOLERANCE = 0.002;

const memo = new Map<string, LiveDesign>();

/** The chart parameters for these options (computed once per distinct design; about a second). */
export function designLiveCharts(o: LiveMonitorOptions): LiveDesign {
  const m = baselineSubgroups(o);
  const key = JSON.stringify([o.subgroupMs, m, o.falseAlarmsPerSeriesPerWeek, o.designShare, o.charts, o.cusumSmallK, o.cusumLargeK, o.ewmaLambda]);
  const hit = memo.get(key);
  if (hit) return hit;
  const arl = budgetArl(o);
  const shareRate = 1 / (designArl(o) * o.charts.length);
  const perWeek = WEEK_MS / o.subgroupMs;
  const charts = o.charts.map((name) => designChart(name, o, m, shareRate, perWeek));
  const design: LiveDesign = Object.freeze({
    subgroupMs: o.subgroupMs,
    baselineSubgroups: m,
    budgetPerWeek: o.falseAlarmsPerSeriesPerWeek,
    budgetArl: arl,
    designShare: o.designShare,
    designArl: designArl(o),
    charts: Object.freeze(charts),
    falseAlarmsPerWeek: charts.reduce((sum, c) => sum + c.falseAlarmsPerWeek, 0),
  });
  memo.set(key, design);
  return design;
}

/** The ARL of one chart, with its parameter p (h or L) and the scale s applied, at a shift. */
type ArlOf = (p: number, shift: number) => number;

function designChart(name: LiveChartName, o: LiveMonitorOptions, m: number, shareRate: number, perWeek: number): LiveChartDesign {
  const k = name === 'cusumSmall' ? o.cusumSmallK : name === 'cusumLarge' ? o.cusumLargeK : null;
  const kind: LiveChartKind = k !== null ? 'cusum' : name === 'ewma' ? 'ewma' : 'shewhart';
  // scale s multiplies every parameter of the chart: k and h, or L.
  const arlAt = (p: number, s: number, shift: number): number => {
    if (kind === 'cusum') return twoSidedCusumArl((k as number) * s, p * s, shift);
    if (kind === 'ewma') return ewmaFixedLimitArl(o.ewmaLambda, p * s * Math.sqrt(o.ewmaLambda / (2 - o.ewmaLambda)), shift, ewmaNodes(o.ewmaLambda, p * s));
    return shewhartArl({ chart: 'shewhart', L: p * s }, shift).arl;
  };
  const known: ArlOf = (p) => arlAt(p, 1, 0);
  const expected = expectedRate(arlAt, m);
  // Known parameters first (cheap), then the estimation error on top.
  const start = kind === 'cusum' ? 8 : 4;
  const pKnown = solve((p) => Math.log(1 / arlAt(p, 1, 0)), Math.log(shareRate), start, start + 1);
  const p = solve((q) => Math.log(expected(q)), Math.log(shareRate), pKnown, pKnown + 0.3);
  const rate = expected(p);
  return Object.freeze({
    name,
    kind,
    k,
    h: kind === 'cusum' ? p : null,
    lambda: kind === 'ewma' ? o.ewmaLambda : null,
    L: kind === 'cusum' ? null : p,
    arl0Known: known(p, 0),
    falseAlarmsPerWeek: rate * perWeek,
  });
}

/**
 * Inside the search the engine's one-sided solvers run at a fixed node
 * count instead of refining to 1e-8: 3 nodes per unit of h (at least 48)
 * agree with the converged value to about 1e-7 for the designs here
 * (test/unit/monitor/design.test.ts checks it), and each side is solved
 * separately, because one side's ARL at a shifted mean can be too large to
 * converge while its rate is simply negligible. Exported for that test only.
 */
export function twoSidedCusumArl(k: number, h: number, shift: number): number {
  const nodes = roundUpToEight(Math.max(48, 3 * h));
  const rate = (arl: number): number => (Number.isFinite(arl) && arl >= 1 ? 1 / arl : 0);
  return 1 / (rate(upperCusumArl(k, h, shift, nodes)) + rate(upperCusumArl(k, h, -shift, nodes)));
}

/** Nodes for the fixed-limit EWMA: 3 per width of its transition density across the limits, at least 48. */
function ewmaNodes(lambda: number, L: number): number {
  const c = L * Math.sqrt(lambda / (2 - lambda));
  return roundUpToEight(Math.max(48, (3 * 2 * c) / lambda));
}

function roundUpToEight(x: number): number {
  return 8 * Math.ceil(x / 8);
}

/**
 * The false-alarm rate per subgroup averaged over Phase I's estimation
 * error: a product Gauss-Hermite rule over the error of the mean (the
 * two-sided rate is even in it, so only non-negative nodes, doubled) and
 * the log-error of sigma.
 */
function expectedRate(arlAt: (p: number, s: number, shift: number) => number, m: number): (p: number) => number {
  const { nodes, weights } = normalQuadrature(POINTS);
  const meanSd = 1 / Math.sqrt(m);
  const logSigmaSd = 1 / Math.sqrt(2 * (m - 1));
  return (p) => {
    let sum = 0;
    for (let i = 0; i < POINTS; i++) {
      if (nodes[i] < 0) continue;
      const wMean = nodes[i] === 0 ? weights[i] : 2 * weights[i];
      const shift = nodes[i] * meanSd;
      for (let j = 0; j < POINTS; j++) {
        // A sigma estimated s times too small makes the chart act as if its parameters were s times smaller.
        const s = Math.exp(nodes[j] * logSigmaSd);
        sum += wMean * weights[j] * (1 / arlAt(p, s, shift));
      }
    }
    return sum;
  };
}

/**
 * Solves f(p) = target for a decreasing, smooth f: the bracket is widened
 * from the two starting points until it holds the root, then narrowed by
 * the Illinois variant of regula falsi, which keeps the bracket (no step can
 * leave the range where the ARL is resolvable) and converges superlinearly.
 */
function solve(f: (p: number) => number, target: number, p0: number, p1: number): number {
  let lo = Math.min(p0, p1);
  let hi = Math.max(p0, p1);
  let flo = f(lo) - target;
  let fhi = f(hi) - target;
  for (let i = 0; flo < 0 && i < 60; i++) {
    hi = lo;
    fhi = flo;
    lo = Math.max(lo / 2, lo - 2);
    flo = f(lo) - target;
  }
  for (let i = 0; fhi > 0 && i < 60; i++) {
    lo = hi;
    flo = fhi;
    hi += Math.max(1, hi / 4);
    fhi = f(hi) - target;
  }
  if (!(flo >= 0 && fhi <= 0)) throw new Error(`chart design: no parameter meets the budget (rate error ${flo} at ${lo}, ${fhi} at ${hi})`);
  let side = 0;
  for (let i = 0; i < 100; i++) {
    const p = (lo * fhi - hi * flo) / (fhi - flo);
    const fp = f(p) - target;
    if (Math.abs(fp) < RATE_TOLERANCE) return p;
    if (fp > 0) {
      lo = p;
      flo = fp;
      if (side === 1) fhi /= 2;
      side = 1;
    } else {
      hi = p;
      fhi = fp;
      if (side === -1) flo /= 2;
      side = -1;
    }
  }
  throw new Error(`chart design did not converge between ${lo} and ${hi}`);
}
