import { describe, expect, it } from 'vitest';
import { capabilityIndices, expectedPpm } from '../../../spc/capability.js';

describe('capability indices', () => {
  it('computes the C indices with sigma within and the P indices with the overall sd', () => {
    const c = capabilityIndices(10.5, 0.5, 1, { lsl: 7, usl: 13 });
    expect(c.cp).toBeCloseTo(2, 12);
    expect(c.cpl).toBeCloseTo(3.5 / 1.5, 12);
    expect(c.cpu).toBeCloseTo(2.5 / 1.5, 12);
    expect(c.cpk).toBeCloseTo(2.5 / 1.5, 12);
    expect(c.pp).toBeCloseTo(1, 12);
    expect(c.ppl).toBeCloseTo(3.5 / 3, 12);
    expect(c.ppu).toBeCloseTo(2.5 / 3, 12);
    expect(c.ppk).toBeCloseTo(2.5 / 3, 12);
  });

  it('with only an upper limit (conductor resistance) gives Cpk = Cpu and null for what needs the lower', () => {
    const c = capabilityIndices(11.5, 0.2, 0.25, { lsl: null, usl: 12.1 });
    expect(c.cp).toBeNull();
    expect(c.cpl).toBeNull();
    expect(c.cpu).toBeCloseTo(0.6 / 0.6, 12);
    expect(c.cpk).toBe(c.cpu);
    expect(c.pp).toBeNull();
    expect(c.ppl).toBeNull();
    expect(c.ppk).toBe(c.ppu);
  });

  it('with only a lower limit (insulation minimum) gives Cpk = Cpl', () => {
    const c = capabilityIndices(0.7, 0.05, 0.05, { lsl: 0.53, usl: null });
    expect(c.cpk).toBeCloseTo(0.17 / 0.15, 12);
    expect(c.cpu).toBeNull();
    expect(c.ppk).toBe(c.ppl);
  });

  it('gives null rather than Infinity for a zero sigma', () => {
    const c = capabilityIndices(1, 0, 0, { lsl: 0, usl: 2 });
    expect(c.cp).toBeNull();
    expect(c.cpk).toBeNull();
  });
});

describe('expected ppm', () => {
  it('uses the normal tails on each side and sums them', () => {
    const p = expectedPpm(10, 1, { lsl: 7, usl: 14 });
    expect(p.belowLsl).toBeCloseTo(1349.898031630095, 6);
    expect(p.aboveUsl).toBeCloseTo(31.67124183311986, 8);
    expect(p.total).toBeCloseTo(1349.898031630095 + 31.67124183311986, 6);
  });

  it('keeps its relative accuracy at 6 sigma and beyond', () => {
    const p = expectedPpm(0, 1, { lsl: -6, usl: 8 });
    expect(Math.abs((p.belowLsl as number) - 9.865876450376946e-4) / 9.865876450376946e-4).toBeLessThan(1e-9);
    expect(Math.abs((p.aboveUsl as number) - 6.220960574271784e-10) / 6.220960574271784e-10).toBeLessThan(1e-9);
  });

  it('is null for a missing limit and the total is the other side', () => {
    const p = expectedPpm(11.5, 0.2, { lsl: null, usl: 12.1 });
    expect(p.belowLsl).toBeNull();
    expect(p.total).toBe(p.aboveUsl);
    expect(expectedPpm(1, 1, { lsl: null, usl: null }).total).toBeNull();
  });
});
