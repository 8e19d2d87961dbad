import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_OPTIONS, resolveRiskOptions } from '../../../risk/options.js';
import { assessSeries, capabilityRisk, driftRisk, equivalentCpk, EVIDENCE_MARGIN, ppmAtLowerBound, type SeriesRiskInput } from '../../../risk/series-assessment.js';
import { WindowStats, type WindowSummary } from '../../../risk/window-stats.js';
import { SeededRandom } from '../../../simulators/random.js';
import type { SpecLimits } from '../../../spc/capability.js';
import { normalCdf } from '../../../spc/normal.js';
import { Ar1 } from './ar1.js';

const o = DEFAULT_RISK_OPTIONS;

/** An hour of 10 Hz readings: mean(t) and sigma(t), t in hours from 0 to 1. */
function windowOf(mean: (h: number) => number, sigma: (h: number) => number, spec: SpecLimits, seed = 1, n = 36_000, override?: (i: number) => number | undefined): WindowStats {
  const rng = new SeededRandom(seed);
  const w = new WindowStats(o.bucketMs, o.windowMs / o.bucketMs);
  for (let i = 0; i < n; i++) {
    const t = (i * 3_600_000) / n;
    const x = override?.(i) ?? mean(t / 3_600_000) + sigma(t / 3_600_000) * rng.normal();
    w.push(t, x, spec.lsl !== null && x < spec.lsl, spec.usl !== null && x > spec.usl, false);
  }
  return w;
}

const resistance: SpecLimits = { lsl: null, usl: 12.1 };
const insulation: SpecLimits = { lsl: 0.53, usl: null };

function input(w: WindowStats, spec: SpecLimits, baselineSigma: number, extra: Partial<SeriesRiskInput> = {}): SeriesRiskInput {
  return { characteristic: 'x', unit: 'u', spec, window: w.summary(), baseline: { mean: 0, sigma: baselineSigma }, silentForMs: 100, ...extra };
}

describe('series diagnosis', () => {
  it('in control: capable, stable, no trend; scores well inside low', () => {
    // Resistance 3% under its maximum, Cpk 5/3. Scored on the one-sided 95% bound (about 1.60 for an hour at 10 Hz),
    // 75 points per unit of Cpk below 5/3: about 5 (it was below 5 on the old scale, which put 1.33 at 31, not 25).
    const a = assessSeries(
      input(
        windowOf(
          () => 11.737,
          () => 0.0726,
          resistance,
        ),
        resistance,
        0.0726,
      ),
      o,
    );
    expect(a.diagnosis).toBe('in control');
    expect(a.score).toBeLessThan(10);
    expect(a.cpkBound!).toBeGreaterThan(a.cpkLow!);
    expect(a.cpkBound!).toBeLessThan(a.cpk!);
    expect(a.cpk).toBeCloseTo(1.667, 1);
  });

  it('off-centre: stable with a small sigma, but the mean hugs the minimum (material saving)', () => {
    // The demo's cutting-material line: 0.581 mm against a 0.53 mm minimum, Cpk 0.83.
    const a = assessSeries(
      input(
        windowOf(
          () => 0.581,
          () => 0.0204,
          insulation,
        ),
        insulation,
        0.0204,
      ),
      o,
    );
    expect(a.diagnosis).toBe('off-centre');
    expect(a.cpk).toBeCloseTo(0.83, 1);
    expect(a.summary).toMatch(/^level 0\.58\d* u sits 2\.\d+ sigma above the 0\.53 u minimum \(Cpk 0\.8\d+\)$/);
    const worse = assessSeries(
      input(
        windowOf(
          () => 0.56,
          () => 0.0102,
          insulation,
        ),
        insulation,
        0.0102,
      ),
      o,
    );
    expect(worse.diagnosis).toBe('off-centre');
    expect(worse.cpk!).toBeLessThan(1.33);
    expect(worse.score).toBeGreaterThan(50);
  });

  it('off-centre starts below the capability index, not above it', () => {
    // Cpk = (mean - 0.53) / (3 * 0.01): 1.40 and 1.25.
    expect(
      assessSeries(
        input(
          windowOf(
            () => 0.572,
            () => 0.01,
            insulation,
          ),
          insulation,
          0.01,
        ),
        o,
      ).diagnosis,
    ).toBe('in control');
    expect(
      assessSeries(
        input(
          windowOf(
            () => 0.5675,
            () => 0.01,
            insulation,
          ),
          insulation,
          0.01,
        ),
        o,
      ).diagnosis,
    ).toBe('off-centre');
  });

  it('drifting: a certain, large trend toward a limit, with the hours it has left', () => {
    const w = windowOf(
      (h) => 11.75 + 0.2 * h,
      () => 0.05,
      resistance,
    );
    const a = assessSeries(input(w, resistance, 0.05), o);
    expect(a.diagnosis).toBe('drifting');
    // At the window's end the line stands near 11.95: 0.15 to go at 0.2 an hour.
    expect(a.hoursToLimit).toBeCloseTo(0.75, 1);
    expect(a.summary).toMatch(/^rising 0\.2\d* u per hour and reaches the 12\.1 u maximum in about 4\d min$/);
    expect(a.score).toBeGreaterThanOrEqual(90);
  });

  it('a step toward a limit is not a drift: the process is off-centre where it now stands', () => {
    // Insulation steps from 0.735 down to 0.581 mm half-way through the hour and stays there.
    const a = assessSeries(
      input(
        windowOf(
          (h) => (h < 0.5 ? 0.735 : 0.581),
          () => 0.0204,
          insulation,
        ),
        insulation,
        0.0204,
      ),
      o,
    );
    expect(a.findings).not.toContain('drifting');
    expect(a.findings).not.toContain('unstable');
    expect(a.diagnosis).toBe('off-centre');
    expect(a.cpk).toBeCloseTo(0.83, 1);
  });

  it('a trend away from the only limit, or too small to matter, is not a drift', () => {
    expect(
      assessSeries(
        input(
          windowOf(
            (h) => 11.75 - 0.2 * h,
            () => 0.05,
            resistance,
          ),
          resistance,
          0.05,
        ),
        o,
      ).findings,
    ).not.toContain('drifting');
    // 0.5 sigma across the hour: certain with 36,000 samples, but below driftMinSigmas.
    expect(
      assessSeries(
        input(
          windowOf(
            (h) => 11.5 + 0.025 * h,
            () => 0.05,
            resistance,
          ),
          resistance,
          0.05,
        ),
        o,
      ).findings,
    ).not.toContain('drifting');
  });

  it('unstable: the spread grew past 1.5 times the baseline sigma', () => {
    const spec: SpecLimits = { lsl: 1.1, usl: 1.4 };
    expect(
      assessSeries(
        input(
          windowOf(
            () => 1.26,
            () => 0.03 * 1.4,
            spec,
          ),
          spec,
          0.03,
        ),
        o,
      ).findings,
    ).not.toContain('unstable');
    const a = assessSeries(
      input(
        windowOf(
          () => 1.26,
          () => 0.03 * 1.6,
          spec,
        ),
        spec,
        0.03,
      ),
      o,
    );
    expect(a.diagnosis).toBe('unstable');
    expect(a.summary).toMatch(/spread 1\.6\d? times the baseline's/);
  });

  it('incapable: centred, but too wide for a two-sided specification', () => {
    const spec: SpecLimits = { lsl: 1.347, usl: 1.42 };
    const a = assessSeries(
      input(
        windowOf(
          () => 1.3835,
          () => 0.0146,
          spec,
        ),
        spec,
        0.0146,
      ),
      o,
    );
    expect(a.diagnosis).toBe('incapable');
    // Both families, as the dashboard shows them: Cp with sigma within, Pp with the overall sd.
    const w = windowOf(
      () => 1.3835,
      () => 0.0146,
      spec,
    ).summary()!;
    expect(a.cp).toBeCloseTo((1.42 - 1.347) / (6 * w.sigmaWithin), 10);
    expect(a.pp).toBeCloseTo((1.42 - 1.347) / (6 * w.sdOverall), 10);
  });

  it('out of spec: samples beyond a limit with no structural cause found', () => {
    const spec: SpecLimits = { lsl: 0.53, usl: null };
    // 40 excursions scattered through 36,000 samples: above both the count (3) and the fraction (0.1%).
    const w = windowOf(
      () => 0.74,
      () => 0.02,
      spec,
      1,
      36_000,
      (i) => (i % 900 === 450 ? 0.5 : undefined),
    );
    const a = assessSeries(input(w, spec, 0.02), o);
    expect(a.diagnosis).toBe('out of spec');
    expect(a.summary).toMatch(/^40 of 36000 samples beyond the limits/);
    const fewer = windowOf(
      () => 0.74,
      () => 0.02,
      spec,
      1,
      36_000,
      (i) => (i % 1200 === 600 ? 0.5 : undefined),
    );
    expect(assessSeries(input(fewer, spec, 0.02), o).findings).not.toContain('out of spec');
  });

  it('no data: a silent series, or too few samples to judge', () => {
    const w = windowOf(
      () => 11.7,
      () => 0.05,
      resistance,
    );
    const silent = assessSeries(input(w, resistance, 0.05, { silentForMs: o.silenceMs + 1 }), o);
    expect(silent.diagnosis).toBe('no data');
    expect(silent.summary).toMatch(/no sample for 30 s/);
    // Below any real finding: a silent drifting series stays 'drifting', and outranks a silent healthy one.
    const driftingSilent = assessSeries(
      input(
        windowOf(
          (h) => 11.75 + 0.2 * h,
          () => 0.05,
          resistance,
        ),
        resistance,
        0.05,
        { silentForMs: 3_600_000 },
      ),
      o,
    );
    expect(driftingSilent.diagnosis).toBe('drifting');
    expect(driftingSilent.findings).toContain('no data');
    expect(driftingSilent.score).toBeGreaterThan(silent.score);
    expect(assessSeries(input(w, resistance, 0.05, { silentForMs: o.silenceMs }), o).diagnosis).toBe('in control');
    const few = windowOf(
      () => 11.7,
      () => 0.05,
      resistance,
      1,
      o.minSamples - 1,
    );
    expect(assessSeries(input(few, resistance, 0.05), o).diagnosis).toBe('no data');
  });

  it('follows its options', () => {
    const strict = resolveRiskOptions({ capableIndex: 2 });
    expect(
      assessSeries(
        input(
          windowOf(
            () => 11.737,
            () => 0.0726,
            resistance,
          ),
          resistance,
          0.0726,
        ),
        strict,
      ).diagnosis,
    ).toBe('off-centre');
  });
});

describe('risk scales', () => {
  it('capability risk puts the capability classes on the risk levels: Cpk 4/3 at 25, 1 at 50, 2/3 at 75', () => {
    const ppmAt = (cpk: number) => 1e6 * normalCdf(-3 * cpk);
    expect(capabilityRisk(ppmAt(5 / 3))).toBeCloseTo(0, 6);
    expect(capabilityRisk(ppmAt(2))).toBe(0);
    expect(capabilityRisk(ppmAt(4 / 3))).toBeCloseTo(25, 6);
    expect(capabilityRisk(ppmAt(1))).toBeCloseTo(50, 6);
    expect(capabilityRisk(ppmAt(2 / 3))).toBeCloseTo(75, 6);
    expect(capabilityRisk(1e6)).toBe(100);
    expect(equivalentCpk(1350)).toBeCloseTo(1, 3);
  });
  it('drift risk falls with the hours left to the limit', () => {
    expect(driftRisk(0.5)).toBe(90);
    expect(driftRisk(24)).toBeCloseTo(50, 6);
    expect(driftRisk(4)).toBeGreaterThan(driftRisk(8));
    expect(driftRisk(Infinity)).toBe(40);
  });
});

describe('drift that begins within the window', () => {
  it('is drifting while it goes on, and off-centre once it stops near the limit', () => {
    const spec: SpecLimits = { lsl: null, usl: 7.41 };
    // Flat for 40 minutes, then rising toward the maximum for the last 20 (the demo's pattern, slower).
    const ongoing = assessSeries(
      input(
        windowOf(
          (h) => 7.19 + (h > 2 / 3 ? 0.5 * (h - 2 / 3) : 0),
          () => 0.044,
          spec,
        ),
        spec,
        0.044,
      ),
      o,
    );
    expect(ongoing.diagnosis).toBe('drifting');
    expect(ongoing.summary).toMatch(/^rising 0\.\d+ ohm|^rising 0\.\d+ u per hour/);
    // The same rise over the first 20 minutes, then held just under the maximum.
    const stopped = assessSeries(
      input(
        windowOf(
          (h) => 7.19 + 0.5 * Math.min(h, 1 / 3),
          () => 0.044,
          spec,
        ),
        spec,
        0.044,
      ),
      o,
    );
    expect(stopped.findings).not.toContain('drifting');
    expect(stopped.diagnosis).toBe('off-centre');
  });
});

describe('a process standing beyond its limit', () => {
  it('is out of spec, said plainly', () => {
    const a = assessSeries(
      input(
        windowOf(
          () => 12.15,
          () => 0.03,
          resistance,
        ),
        resistance,
        0.03,
      ),
      o,
    );
    expect(a.diagnosis).toBe('out of spec');
    expect(a.summary).toMatch(/^level 12\.(1[5-9]|2)\d* u is above the 12\.1 u maximum/);
    expect(a.score).toBeGreaterThanOrEqual(90);
  });
});

describe('capability scored on the lower bound of Cpk', () => {
  /** n readings at 10 Hz of an AR(1), with the minimum placed so that the window's own Cpk is exactly `cpk`. */
  function sameCpk(cpk: number, n: number, phi: number, seed: number): { summary: WindowSummary; spec: SpecLimits } {
    const ar = new Ar1(phi, 0.74, 0.02, seed);
    const w = new WindowStats(o.bucketMs, o.windowMs / o.bucketMs);
    for (let i = 0; i < n; i++) w.push(i * 100, ar.next(), false, false, false);
    const summary = w.summary()!;
    return { summary, spec: { lsl: summary.level - 3 * cpk * summary.sigmaWithin, usl: null } };
  }
  const assess = ({ summary, spec }: { summary: WindowSummary; spec: SpecLimits }) =>
    assessSeries({ characteristic: 'insulation_thickness', unit: 'mm', spec, window: summary, baseline: null, silentForMs: 0 }, o);

  // At 1.2, below the capable index: an in-control series (1.33 and above) stays below 'medium' whatever its evidence (next test).
  it('a Cpk from little evidence scores higher than the same Cpk from much', () => {
    const few = assess(sameCpk(1.2, 60, 0, 21)); // six seconds
    const many = assess(sameCpk(1.2, 36_000, 0, 22)); // an hour
    expect(few.cpk).toBeCloseTo(1.2, 10);
    expect(many.cpk).toBeCloseTo(1.2, 10);
    expect(few.ppm).toBeCloseTo(many.ppm!, 6);
    expect(few.cpkLow!).toBeLessThan(many.cpkLow! - 0.1);
    // By up to EVIDENCE_MARGIN above its point estimate's score (the bound alone would add 20).
    expect(few.score).toBeGreaterThan(many.score + 5);
    expect(few.score).toBeCloseTo(capabilityRisk(few.ppm!) + EVIDENCE_MARGIN, 9);
    // Much evidence: little below the point estimate (the hour's level still rests on about 99 readings).
    expect(many.score).toBeGreaterThan(capabilityRisk(many.ppm!));
    expect(many.score).toBeLessThan(capabilityRisk(many.ppm!) + 10);
  });

  it('an in-control series stays low however little its evidence, and still scores it', () => {
    const few = assess(sameCpk(1.45, 60, 0, 31));
    const many = assess(sameCpk(1.45, 36_000, 0, 32));
    expect([few.diagnosis, many.diagnosis]).toEqual(['in control', 'in control']);
    expect(few.score).toBe(DEFAULT_RISK_OPTIONS.levels.medium - 1);
    expect(many.score).toBeLessThan(few.score);
  });

  it('so does a Cpk from autocorrelated readings, against independent ones', () => {
    const independent = assess(sameCpk(1.2, 36_000, 0, 23));
    const autocorrelated = assess(sameCpk(1.2, 36_000, 0.8, 24));
    expect(autocorrelated.cpk).toBeCloseTo(independent.cpk!, 10);
    expect(autocorrelated.cpkHigh! - autocorrelated.cpkLow!).toBeGreaterThan(3 * (independent.cpkHigh! - independent.cpkLow!));
    // Up to what little evidence may add (EVIDENCE_MARGIN above the point estimate's score; the bound alone would add 27).
    expect(autocorrelated.score).toBeGreaterThan(independent.score + 5);
    expect(autocorrelated.score).toBeCloseTo(capabilityRisk(autocorrelated.ppm!) + EVIDENCE_MARGIN, 9);
  });

  it('scores the expected ppm at the lower bound', () => {
    const a = assess(sameCpk(1.0, 36_000, 0.5, 25));
    // At the one-sided 95% bound (z 1.645), which lies inside the two-sided interval's lower end (z 1.96).
    expect(a.ppmLow).toBeCloseTo(1e6 * normalCdf(-3 * a.cpkBound!), 6);
    expect(a.cpkBound!).toBeGreaterThan(a.cpkLow!);
    expect(a.ppmLow!).toBeGreaterThan(a.ppm!);
    expect(a.factors.capability).toBeCloseTo(Math.min(capabilityRisk(a.ppmLow!), capabilityRisk(a.ppm!) + EVIDENCE_MARGIN), 10);
  });

  it('two-sided: the nearer limit at the bound, the farther as estimated', () => {
    // Cpl 1.0 (the nearer), Cpu 1.5; the bound 0.9.
    const tails = { belowLsl: 1350, aboveUsl: 3.4 };
    expect(ppmAtLowerBound(0.9, 1.0, 1.5, tails)).toBeCloseTo(1e6 * normalCdf(-2.7) + 3.4, 6);
    expect(ppmAtLowerBound(0.9, 1.5, 1.0, { belowLsl: 3.4, aboveUsl: 1350 })).toBeCloseTo(1e6 * normalCdf(-2.7) + 3.4, 6);
    expect(ppmAtLowerBound(0.9, null, 1.0, { belowLsl: null, aboveUsl: 1350 })).toBeCloseTo(1e6 * normalCdf(-2.7), 6);
  });
});
