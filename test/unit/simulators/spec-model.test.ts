import { describe, expect, it } from 'vitest';
import { capabilityIndices } from '../../../spc/capability.js';
import { inControlDefaults, IN_CONTROL_CPK, SpecModelError } from '../../../simulators/spec-model.js';
import { savingLimit } from '../../../simulators/products.js';

const cpkOf = (c: ReturnType<typeof inControlDefaults>) => capabilityIndices(c.mean, c.sigma, c.sigma, c).cpk;

describe('inControlDefaults: an honest process from a spec', () => {
  it('centres a two-sided spec between its limits with Cp = Cpk = 5/3, saving toward the minimum', () => {
    const c = inControlDefaults('conductor_diameter', { lsl: 1.35, usl: 1.42, target: 1.38 });
    expect(c.mean).toBeCloseTo(1.385, 12);
    expect(capabilityIndices(c.mean, c.sigma, c.sigma, c).cp).toBeCloseTo(IN_CONTROL_CPK, 12);
    expect(cpkOf(c)).toBeCloseTo(IN_CONTROL_CPK, 12);
    expect(savingLimit(c)).toBe(1.35);
  });

  it('runs a minimum-only thickness 5 % above its nominal, Cpk 5/3 against the minimum', () => {
    const c = inControlDefaults('insulation_thickness', { lsl: 0.53, usl: null, target: 0.7 });
    expect(c.mean).toBeCloseTo(0.735, 12);
    expect(cpkOf(c)).toBeCloseTo(IN_CONTROL_CPK, 12);
    expect(c.savingDirection).toBe(-1);
    // Without a nominal: a quarter above the minimum.
    expect(inControlDefaults('sheath_thickness', { lsl: 0.92, usl: null, target: null }).mean).toBeCloseTo(1.15, 12);
  });

  it('runs a resistance 3 % under its maximum and other maxima at half, Cpk 5/3, saving toward the maximum', () => {
    const r = inControlDefaults('conductor_resistance', { lsl: null, usl: 12.1, target: null });
    expect(r.mean).toBeCloseTo(11.737, 12);
    expect(cpkOf(r)).toBeCloseTo(IN_CONTROL_CPK, 12);
    expect(savingLimit(r)).toBe(12.1);
    const e = inControlDefaults('eccentricity', { lsl: null, usl: 15, target: null });
    expect(e.mean).toBe(7.5);
    expect(cpkOf(e)).toBeCloseTo(IN_CONTROL_CPK, 12);
    expect(e.unit).toBe('%');
  });

  it('refuses a spec no process fits in, with the characteristic named', () => {
    expect(() => inControlDefaults('spark_faults', { lsl: null, usl: 0, target: null })).toThrow(SpecModelError);
    expect(() => inControlDefaults('conductor_diameter', { lsl: 1, usl: 1, target: null })).toThrow(/conductor_diameter/);
    expect(() => inControlDefaults('eccentricity', { lsl: null, usl: null, target: null })).toThrow(/lsl, usl or both/);
  });
});
