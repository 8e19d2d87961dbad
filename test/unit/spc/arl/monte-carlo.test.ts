import { describe, it, expect } from 'vitest';
import { arlAt } from '../../../../spc/arl/index.js';
import type { ChartDesign } from '../../../../spc/arl/index.js';

/**
 * An independent check of the quadrature methods: simulate the charts exactly
 * as defined (not through any code of spc/arl) and compare the mean run length
 * with the computed ARL. Seeded, so the test is repeatable; the tolerance is
 * 4 standard errors, so a real discrepancy of a few percent fails it.
 */

/** mulberry32 (T. Ettinger): a small, fast, seeded 32-bit generator. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296; // in (0, 1)
  };
}

/** Standard normals by the Box-Muller transform. */
function normals(seed: number): () => number {
  const u = uniforms(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const r = Math.sqrt(-2 * Math.log(u()));
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** One run: the number of samples up to and including the first signal. */
function runLength(design: ChartDesign, shift: number, z: () => number): number {
  switch (design.chart) {
    case 'ewma': {
      const { lambda, L } = design;
      const asymptotic = lambda / (2 - lambda);
      let ewma = 0;
      let decay = 1;
      for (let i = 0; ; i++) {
        ewma = lambda * (shift + z()) + (1 - lambda) * ewma;
        decay *= (1 - lambda) * (1 - lambda);
        const variance = design.limits === 'exact' ? asymptotic * (1 - decay) : asymptotic;
        if (Math.abs(ewma) > L * Math.sqrt(variance)) return i + 1;
      }
    }
    case 'cusum': {
      // The true two-sided chart, not the 1/ARL combination the method uses.
      const { k, h } = design;
      let high = 0;
      let low = 0;
      for (let i = 0; ; i++) {
        const x = shift + z();
        high = Math.max(0, high + x - k);
        low = Math.max(0, low - x - k);
        if (high > h || (design.sided !== 'upper' && low > h)) return i + 1;
      }
    }
    case 'shewhart':
      for (let i = 0; ; i++) if (Math.abs(shift + z()) > design.L) return i + 1;
  }
}

function simulate(design: ChartDesign, shift: number, runs: number, seed: number): { mean: number; standardError: number } {
  const z = normals(seed);
  let sum = 0;
  let sumSquares = 0;
  for (let r = 0; r < runs; r++) {
    const n = runLength(design, shift, z);
    sum += n;
    sumSquares += n * n;
  }
  const mean = sum / runs;
  const variance = (sumSquares - runs * mean * mean) / (runs - 1);
  return { mean, standardError: Math.sqrt(variance / runs) };
}

describe('computed ARLs agree with a seeded Monte Carlo simulation', () => {
  const cases: [string, ChartDesign, number, number][] = [
    ['EWMA 0.2/3 exact, in control', { chart: 'ewma', lambda: 0.2, L: 3, limits: 'exact' }, 0, 3000],
    ['EWMA 0.2/3 exact, 1 sigma', { chart: 'ewma', lambda: 0.2, L: 3, limits: 'exact' }, 1, 20000],
    ['EWMA 0.05/2.615 exact, 0.5 sigma', { chart: 'ewma', lambda: 0.05, L: 2.615, limits: 'exact' }, 0.5, 8000],
    ['EWMA 0.05/2.615 exact, 2 sigma', { chart: 'ewma', lambda: 0.05, L: 2.615, limits: 'exact' }, 2, 20000],
    ['EWMA 0.1/2.814 asymptotic, 1 sigma', { chart: 'ewma', lambda: 0.1, L: 2.814, limits: 'asymptotic' }, 1, 20000],
    ['CUSUM 0.5/5 two-sided, in control', { chart: 'cusum', k: 0.5, h: 5 }, 0, 3000],
    ['CUSUM 0.5/5 two-sided, 1 sigma', { chart: 'cusum', k: 0.5, h: 5 }, 1, 20000],
    ['CUSUM 0.25/8 two-sided, 0.5 sigma', { chart: 'cusum', k: 0.25, h: 8 }, 0.5, 8000],
    ['Shewhart 3, 1 sigma', { chart: 'shewhart', L: 3 }, 1, 20000],
  ];

  it.each(cases)('%s', (_name, design, shift, runs) => {
    const computed = arlAt(design, shift).arl;
    const { mean, standardError } = simulate(design, shift, runs, 20240611 + runs + Math.round(shift * 10));
    expect(Math.abs(mean - computed)).toBeLessThan(4 * standardError);
    // The simulation is precise enough to tell the designs apart at all.
    expect(standardError / mean).toBeLessThan(0.025);
  });

  it('tells exact from asymptotic limits: a method mixing them up would fail above', () => {
    const exact = arlAt({ chart: 'ewma', lambda: 0.05, L: 2.615, limits: 'exact' }, 2).arl;
    const asymptotic = arlAt({ chart: 'ewma', lambda: 0.05, L: 2.615, limits: 'asymptotic' }, 2).arl;
    const { standardError } = simulate({ chart: 'ewma', lambda: 0.05, L: 2.615, limits: 'exact' }, 2, 20000, 1);
    expect(asymptotic - exact).toBeGreaterThan(10 * standardError);
  });
});
