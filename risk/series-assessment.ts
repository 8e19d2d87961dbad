import { formatDuration } from '../domain/duration.js';
import { capabilityIndices, expectedPpm, type SpecLimits } from '../spc/capability.js';
import { normalCdf, normalQuantile } from '../spc/normal.js';
import { cpkInterval, cpkLowerBound } from './capability-interval.js';
import type { RiskOptions } from './options.js';
import type { WindowSummary } from './window-stats.js';

export type Diagnosis = 'in control' | 'unstable' | 'off-centre' | 'drifting' | 'incapable' | 'out of spec' | 'no data';

/** Priority when several findings apply: the first names the series' state. */
const PRIORITY: readonly Diagnosis[] = ['drifting', 'unstable', 'off-centre', 'incapable', 'out of spec'];
/** Completeness scores: a silent series, and one with too few samples to judge. */
const SILENT_SCORE = 20;
/** A trend is a straight drift when its residuals scatter no more than this times sigma within (white noise: about 1.0). */
const STRAIGHT_RESIDUAL_RATIO = 1.1;

const SPARSE_SCORE = 15;
/**
 * What little evidence alone may add to a series' capability score: the
 * score of the lower confidence bound, but at most this many points above
 * the score of the point estimate (less than half a level). A judgement: a
 * capable process read rarely (60 readings an hour at one a minute, whose
 * point Cpk alone wanders by +-0.2) stays 'low', as the sparse and silent
 * scores (15, 20) do, while a marginal one with little evidence still moves
 * up. points
 */
export const EVIDENCE_MARGIN = 10;
/** How far below 'medium' the capability score of a series with no finding stays. points */
const IN_CONTROL_MARGIN = 1;

export interface SeriesRiskInput {
  readonly characteristic: string;
  readonly unit: string;
  readonly spec: SpecLimits;
  readonly window: WindowSummary | null;
  /** mu0 and sigma0 once the SPC baseline is in place. */
  readonly baseline: { readonly mean: number; readonly sigma: number } | null;
  /** How long since the series last received a sample, wall clock. ms */
  readonly silentForMs: number;
}

export interface SeriesFactors {
  /** From the expected nonconforming ppm at the one-sided lower 95% confidence bound of Cpk (`ppmLow`). */
  capability: number;
  drift: number;
  instability: number;
  outOfSpec: number;
  completeness: number;
}

export interface SeriesAssessment {
  diagnosis: Diagnosis;
  findings: Diagnosis[];
  /** 0-100: the largest of the factors. */
  score: number;
  factors: SeriesFactors;
  /** One sentence a regulator can read. */
  summary: string;
  cpk: number | null;
  cpkLow: number | null;
  cpkHigh: number | null;
  /** The one-sided lower 95% confidence bound of Cpk: what the capability factor scores. */
  cpkBound: number | null;
  cp: number | null;
  /** With the overall sd: (USL - LSL) / 6 sd; null without both limits. */
  pp: number | null;
  ppk: number | null;
  /** Expected nonconforming ppm at the current level with sigma within. */
  ppm: number | null;
  /** The same at the one-sided lower bound of Cpk (`cpkBound`): what the capability factor scores. */
  ppmLow: number | null;
  /** Hours until the trend reaches the limit it heads for, when drifting. */
  hoursToLimit: number | null;
}

const clamp = (x: number) => Math.max(0, Math.min(100, x));
const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/** The Cpk whose one nearer tail makes this ppm: -z(ppm) / 3. */
export function equivalentCpk(ppm: number): number {
  return -normalQuantile(Math.min(Math.max(ppm, 1e-6), 999_999) / 1e6) / 3;
}

/**
 * Expected ppm to a 0-100 risk, anchored on the customary capability
 * classes so that they fall on the risk levels: 75 points per unit of the
 * equivalent Cpk (the Cpk of a one-sided process making this ppm), 0 at
 * 5/3 (0.3 ppm: capable with margin), 25 at 4/3 (32 ppm: the bar of a
 * capable process, where 'medium' starts), 50 at 1.0 (1,350 ppm: where
 * 'high' starts), 75 at 2/3 (22,750 ppm: 'critical'). The capability factor
 * applies it to the ppm at the lower confidence bound of Cpk
 * (`ppmAtLowerBound`), so these are the scores of the bound, not of the
 * point estimate (risk/README.md, section 3).
 */
export function capabilityRisk(ppm: number): number {
  return clamp(75 * (5 / 3 - equivalentCpk(ppm)));
}

/** Hours to a limit to a 0-100 risk: an hour or less is 90, a day 50, beyond a day 40. */
export function driftRisk(hoursToLimit: number): number {
  if (hoursToLimit <= 1) return 90;
  if (hoursToLimit >= 24) return hoursToLimit === Infinity ? 40 : Math.max(40, 50 - (hoursToLimit - 24) / 24);
  return 90 - (40 * Math.log(hoursToLimit)) / Math.log(24);
}

/**
 * One series over its window: the statistics, which findings apply, the
 * diagnosis (the most telling finding) and a 0-100 score. Pure.
 */
export function assessSeries(input: SeriesRiskInput, options: RiskOptions): SeriesAssessment {
  const { window: w, spec, baseline } = input;
  const factors: SeriesFactors = { capability: 0, drift: 0, instability: 0, outOfSpec: 0, completeness: 0 };
  const findings: Diagnosis[] = [];
  const empty = { cpk: null, cpkLow: null, cpkHigh: null, cpkBound: null, cp: null, pp: null, ppk: null, ppm: null, ppmLow: null, hoursToLimit: null };

  // Completeness: a silent series (its gateway gone quiet) is worth a look, but it scores below
  // any real quality finding, so a cluster replayed and then left quiet keeps its ranking.
  // Silent: nothing for `silenceMs`, or for three of the series' own intervals when it reads more
  // rarely than that (a gauge read once a minute is not silent after 30 s).
  const interval = w && w.n > 1 ? (w.lastTs - w.firstTs) / (w.n - 1) : 0;
  const silent = input.silentForMs > Math.max(options.silenceMs, 3 * interval);
  if (silent) factors.completeness = SILENT_SCORE;
  if (!w || w.n < options.minSamples) {
    factors.completeness = Math.max(factors.completeness, SPARSE_SCORE);
    const summary = silent ? `no sample for ${formatDuration(input.silentForMs)}` : !w ? 'no samples yet' : `only ${w.n} samples in the window`;
    return { diagnosis: 'no data', findings: ['no data'], score: Math.max(...Object.values(factors)), factors, summary, ...empty };
  }

  // Capability now: where the process stands (its current level) with its short-term spread.
  // The window's mean and overall sd would blur a recent step into a wide, middling process.
  const c = capabilityIndices(w.level, w.sigmaWithin, w.sdOverall, spec);
  const tails = expectedPpm(w.level, w.sigmaWithin, spec);
  const ppm = tails.total;
  // The interval on the sizes the estimates rest on (the level's effective n, sigma within's
  // degrees of freedom, both allowing for autocorrelation), and the score on its lower bound,
  // so that a Cpk from little evidence does not score as safe.
  const ci = c.cpk === null ? null : cpkInterval(c.cpk, w.nEff, w.dfWithin);
  const bound = c.cpk === null ? null : cpkLowerBound(c.cpk, w.nEff, w.dfWithin);
  const ppmLow = bound === null ? ppm : ppmAtLowerBound(bound, c.cpl, c.cpu, tails);
  if (ppmLow !== null) factors.capability = ppm === null ? capabilityRisk(ppmLow) : Math.min(capabilityRisk(ppmLow), capabilityRisk(ppm) + EVIDENCE_MARGIN);

  // Drifting: a trend that is certain (t), large (sigmas across the window), heads for a limit,
  // and is still under way, not a step: either the window is one straight line (its residuals
  // scatter like sigma within; a step leaves them much wider), or its newest third is (a drift
  // that began within the window; after a step or a drift that stopped it is flat or broken).
  const spanHours = Math.max((w.lastTs - w.firstTs) / 3_600_000, 1e-9);
  const movedSigmas = (Math.abs(w.slopePerHour) * spanHours) / w.sigmaWithin;
  const heading = w.slopePerHour > 0 ? spec.usl : w.slopePerHour < 0 ? spec.lsl : null;
  const straight = w.residualSd <= STRAIGHT_RESIDUAL_RATIO * w.sigmaWithin;
  const r = w.recent;
  const stillMoving = Math.sign(r.slopePerHour) === Math.sign(w.slopePerHour) && Math.abs(r.trendT) >= options.driftMinT / 2 && r.residualSd <= STRAIGHT_RESIDUAL_RATIO * w.sigmaWithin;
  let hoursToLimit: number | null = null;
  if (heading !== null && (straight || stillMoving) && Math.abs(w.trendT) >= options.driftMinT && movedSigmas >= options.driftMinSigmas) {
    findings.push('drifting');
    // From where the process stands now, at the speed it moves now (when that is known).
    const speed = stillMoving ? r.slopePerHour : w.slopePerHour;
    hoursToLimit = Math.max(0, (heading - w.level) / speed);
    factors.drift = driftRisk(hoursToLimit);
  }

  // Unstable: the short-term spread grew against the baseline's (a step or a drift moves the
  // mean and widens the overall sd, but leaves the moving ranges alone).
  const ratio = baseline && baseline.sigma > 0 ? w.sigmaWithin / baseline.sigma : NaN;
  if (ratio >= options.unstableSigmaRatio) {
    findings.push('unstable');
    factors.instability = clamp(50 + (40 * (ratio - options.unstableSigmaRatio)) / options.unstableSigmaRatio);
  }

  // Off-centre: stable, but the mean sits too close to a limit; incapable: centred, but too wide.
  if (c.cpk !== null && c.cpk < options.capableIndex && !findings.includes('unstable')) {
    const centred = c.cp !== null && c.cp - c.cpk < 0.2 * c.cp;
    findings.push(centred ? 'incapable' : 'off-centre');
  }

  const beyond = w.belowLsl + w.aboveUsl;
  if (beyond >= options.outOfSpecMinCount && beyond >= options.outOfSpecMinFraction * w.n) {
    findings.push('out of spec');
    factors.outOfSpec = clamp(60 + 10 * Math.log10((beyond / w.n) * 1000));
  }

  // The level does not contradict the diagnosis: a series with no finding (stable, Cpk at or above
  // capableIndex, no drift, no excursions) stays below 'medium'; how sure its Cpk is moves it within 'low'.
  if (findings.length === 0) factors.capability = Math.min(factors.capability, options.levels.medium - IN_CONTROL_MARGIN);
  // Silence names the state only when the data themselves show nothing.
  if (silent) findings.push('no data');
  // Where the process now stands beyond a limit, that is the news: the product is out of spec.
  const levelBeyond = (spec.lsl !== null && w.level < spec.lsl) || (spec.usl !== null && w.level > spec.usl);
  if (levelBeyond && !findings.includes('out of spec')) {
    findings.push('out of spec');
    factors.outOfSpec = Math.max(factors.outOfSpec, 90);
  }
  const order: readonly Diagnosis[] = levelBeyond ? ['drifting', 'unstable', 'out of spec'] : PRIORITY;
  const diagnosis = order.find((d) => findings.includes(d)) ?? PRIORITY.find((d) => findings.includes(d)) ?? (silent ? 'no data' : 'in control');
  return {
    diagnosis,
    findings: findings.length > 0 ? findings : ['in control'],
    score: Math.max(...Object.values(factors)),
    factors,
    summary: describe(diagnosis, input, w, c.cpk, c.cp, ratio, hoursToLimit),
    cpk: c.cpk,
    cpkLow: ci?.low ?? null,
    cpkHigh: ci?.high ?? null,
    cpkBound: bound,
    cp: c.cp,
    pp: c.pp,
    ppk: c.ppk,
    ppm,
    ppmLow,
    hoursToLimit,
  };
}

/**
 * Expected ppm were Cpk at its lower bound: the nearer limit's tail at
 * 3 x cpkLow sigma, the farther limit's tail (two-sided specs) as estimated.
 */
export function ppmAtLowerBound(cpkLow: number, cpl: number | null, cpu: number | null, tails: { belowLsl: number | null; aboveUsl: number | null }): number {
  const nearIsLower = cpu === null || (cpl !== null && cpl <= cpu);
  const far = nearIsLower ? tails.aboveUsl : tails.belowLsl;
  return 1e6 * normalCdf(-3 * cpkLow) + (far ?? 0);
}

function describe(diagnosis: Diagnosis, input: SeriesRiskInput, w: WindowSummary, cpk: number | null, cp: number | null, ratio: number, hoursToLimit: number | null): string {
  const u = input.unit;
  const { lsl, usl } = input.spec;
  const cpkText = cpk === null ? '' : ` (Cpk ${fmt(cpk)})`;
  switch (diagnosis) {
    case 'no data':
      return `no sample for ${formatDuration(input.silentForMs)}`;
    case 'drifting': {
      const limit = w.slopePerHour > 0 ? `the ${usl} ${u} maximum` : `the ${lsl} ${u} minimum`;
      const speed = hoursToLimit !== null && hoursToLimit > 0 ? Math.abs((w.slopePerHour > 0 ? (usl ?? 0) - w.level : w.level - (lsl ?? 0)) / hoursToLimit) : Math.abs(w.slopePerHour);
      const when = hoursToLimit === 0 ? `and has reached ${limit}` : `and reaches ${limit} in ${formatDuration((hoursToLimit ?? 0) * 3_600_000)}`;
      return `${w.slopePerHour > 0 ? 'rising' : 'falling'} ${fmt(speed)} ${u} per hour ${when}`;
    }
    case 'unstable':
      return `spread ${fmt(ratio)} times the baseline's (sigma ${fmt(w.sigmaWithin)} ${u})${cpkText}`;
    case 'off-centre': {
      const toLow = lsl === null ? Infinity : (w.level - lsl) / w.sigmaWithin;
      const toHigh = usl === null ? Infinity : (usl - w.level) / w.sigmaWithin;
      return toLow <= toHigh
        ? `level ${fmt(w.level)} ${u} sits ${fmt(toLow)} sigma above the ${lsl} ${u} minimum${cpkText}`
        : `level ${fmt(w.level)} ${u} sits ${fmt(toHigh)} sigma below the ${usl} ${u} maximum${cpkText}`;
    }
    case 'incapable':
      return `centred, but the spread is too wide for the specification (Cp ${fmt(cp ?? NaN)})`;
    case 'out of spec':
      if (lsl !== null && w.level < lsl) return `level ${fmt(w.level)} ${u} is below the ${lsl} ${u} minimum${cpkText}`;
      if (usl !== null && w.level > usl) return `level ${fmt(w.level)} ${u} is above the ${usl} ${u} maximum${cpkText}`;
      return `${w.belowLsl + w.aboveUsl} of ${w.n} samples beyond the limits in the window${cpkText}`;
    default:
      return `stable and capable${cpkText}`;
  }
}
