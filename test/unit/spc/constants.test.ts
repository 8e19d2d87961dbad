import { describe, expect, it } from 'vitest';
import { subgroupConstants, MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE, D2_MOVING_RANGE } from '../../../spc/constants.js';
import { normalCdf, normalPdf } from '../../../spc/normal.js';

/** ln Gamma by Lanczos (g = 7, n = 9), for c4. */
function lnGamma(z: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  z -= 1;
  let x = g[0];
  for (let i = 1; i < 9; i++) x += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/** The constants from their definitions, by numerical integration. */
function exactConstants(n: number) {
  const h = 0.02;
  const lo = -8;
  const m = 800;
  const Phi = Array.from({ length: m + 1 }, (_, i) => normalCdf(lo + i * h));
  // d2 = E[R] = integral of 1 - Phi^n - (1 - Phi)^n.
  let d2 = 0;
  for (let i = 0; i <= m; i++) d2 += (i === 0 || i === m ? 0.5 : 1) * (1 - Phi[i] ** n - (1 - Phi[i]) ** n);
  d2 *= h;
  // E[R^2] = 2 * double integral over x < y of 1 - Phi(y)^n - (1-Phi(x))^n + (Phi(y)-Phi(x))^n.
  let er2 = 0;
  for (let j = 0; j <= m; j++) {
    let inner = 0;
    for (let i = 0; i <= j; i++) {
      const w = i === 0 || i === j ? 0.5 : 1;
      inner += w * (1 - Phi[j] ** n - (1 - Phi[i]) ** n + (Phi[j] - Phi[i]) ** n);
    }
    er2 += (j === 0 || j === m ? 0.5 : 1) * inner * h;
  }
  er2 *= 2 * h;
  const d3 = Math.sqrt(er2 - d2 * d2);
  const c4 = Math.sqrt(2 / (n - 1)) * Math.exp(lnGamma(n / 2) - lnGamma((n - 1) / 2));
  const sFactor = (3 * Math.sqrt(1 - c4 * c4)) / c4;
  return {
    d2,
    c4,
    A2: 3 / (d2 * Math.sqrt(n)),
    A3: 3 / (c4 * Math.sqrt(n)),
    B3: Math.max(0, 1 - sFactor),
    B4: 1 + sFactor,
    D3: Math.max(0, 1 - (3 * d3) / d2),
    D4: 1 + (3 * d3) / d2,
  };
}

describe('control chart constants', () => {
  it('match their definitions to the rounding of the three-decimal tables', () => {
    expect(normalPdf(0)).toBeGreaterThan(0); // the integrals above rely on the cdf only
    for (let n = MIN_SUBGROUP_SIZE; n <= MAX_SUBGROUP_SIZE; n++) {
      const table = subgroupConstants(n);
      const exact = exactConstants(n);
      for (const key of ['A2', 'A3', 'B3', 'B4', 'd2', 'D3', 'D4'] as const) {
        expect(Math.abs(table[key] - exact[key]), `n=${n} ${key}: table ${table[key]}, exact ${exact[key]}`).toBeLessThan(0.0016);
      }
      expect(Math.abs(table.c4 - exact.c4), `n=${n} c4`).toBeLessThan(0.00011);
    }
  });

  it('uses d2(2) = 1.128 for moving ranges', () => {
    expect(D2_MOVING_RANGE).toBe(1.128);
    expect(subgroupConstants(2).d2).toBe(1.128);
  });

  it('refuses sizes outside 2..25', () => {
    expect(() => subgroupConstants(1)).toThrow(/2 to 25/);
    expect(() => subgroupConstants(26)).toThrow(/2 to 25/);
    expect(() => subgroupConstants(2.5)).toThrow(/2 to 25/);
  });
});
