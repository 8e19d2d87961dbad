import { describe, expect, it } from 'vitest';
import { capabilityOfRisk, capabilityOfValues, verdictOf, type RiskWindow } from '../../../web/model/capability.js';

/** A window as GET /api/enterprises/:id/risk reports it. */
const riskWindow: RiskWindow = {
  from: 1_000,
  to: 241_000,
  n: 240,
  mean: 0.688,
  level: 0.662,
  sigmaWithin: 0.011,
  sigmaOverall: 0.0272,
  cp: null,
  cpk: 4.02,
  cpkLow: 3.63,
  cpkHigh: 4.41,
  pp: null,
  ppk: 1.62,
  ppm: 0.0004,
  outOfSpec: 0,
};

describe("the card's capability figures", () => {
  it("are the risk model's own when it has assessed the series: nothing recomputed", () => {
    const c = capabilityOfRisk(riskWindow)!;
    expect(c).toMatchObject({ source: 'risk', n: 240, level: 0.662, mean: 0.688, cpk: 4.02, cpkLow: 3.63, cpkHigh: 4.41, ppk: 1.62, sigmaWithin: 0.011, sigmaOverall: 0.0272 });
    expect(verdictOf(c)).toMatchObject({ index: 'Ppk', value: 1.62, verdict: 'capable', unstable: true });
  });

  it('fall back to the points in view only when the risk model has no index for the series', () => {
    expect(capabilityOfRisk(undefined)).toBeNull();
    expect(capabilityOfRisk({ n: 12, mean: 0.7, cpk: null, ppk: null })).toBeNull();
  });

  it('from the points in view: Cp/Cpk with MRbar/1.128, Pp/Ppk with the sample sd, about the mean', () => {
    const values = [10, 12, 11, 13, 12, 10, 11, 12];
    const c = capabilityOfValues(values, { lsl: 5, usl: 17, nominal: null })!;
    const mean = values.reduce((a, b) => a + b) / values.length;
    let mr = 0;
    for (let i = 1; i < values.length; i++) mr += Math.abs(values[i] - values[i - 1]);
    const within = mr / (values.length - 1) / 1.128;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    expect(c.source).toBe('view');
    expect(c.level).toBeNull();
    expect(c.cp).toBeCloseTo(12 / (6 * within), 10);
    expect(c.cpk).toBeCloseTo(Math.min(mean - 5, 17 - mean) / (3 * within), 10);
    expect(c.pp).toBeCloseTo(12 / (6 * sd), 10);
    expect(c.ppk).toBeCloseTo(Math.min(mean - 5, 17 - mean) / (3 * sd), 10);
    expect(c.cpkLow).toBeNull();
  });
});
