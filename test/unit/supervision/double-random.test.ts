import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRAW_PARAMETERS, draw, verifyDraw, type DrawCandidate, type DrawInput } from '../../../supervision/double-random.js';
import { seededUniform } from '../../../supervision/seeded-random.js';

const classes = ['A', 'B', 'C'] as const;
const candidates: DrawCandidate[] = Array.from({ length: 30 }, (_, i) => ({ enterprise: `e${String(i).padStart(2, '0')}`, class: classes[i % 3], risk: (i * 7) % 100 }));
const inspectors = ['chen', 'li', 'liu', 'wang', 'zhao', 'zhou'];
const input: DrawInput = {
  seed: '2026-Q2 lottery 03 17 22 41',
  period: '2026-Q2',
  parameters: { ...DEFAULT_DRAW_PARAMETERS, count: 8 },
  candidates,
  inspectors,
  conflicts: [
    { inspector: 'chen', enterprise: 'e00' },
    { inspector: 'li', enterprise: 'e00' },
    { inspector: 'wang', enterprise: 'e05' },
  ],
};

function picks(i: DrawInput) {
  const out = draw(i);
  if (!out.ok) throw new Error(out.problem);
  return out.record;
}

describe('seededUniform', () => {
  it('is the same stream for the same seed, another for another, inside (0, 1)', () => {
    const a = seededUniform('s');
    const b = seededUniform('s');
    const c = seededUniform('t');
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
  it('gives the same stream with node:crypto injected as the hash', () => {
    const ours = seededUniform('2026-Q2');
    const node = seededUniform('2026-Q2', (t) => createHash('sha256').update(t, 'utf8').digest());
    for (let i = 0; i < 20; i++) expect(node()).toBe(ours());
  });
});

describe('draw', () => {
  it('reproduces exactly from its record, whatever order the candidates came in', () => {
    const record = picks(input);
    expect(record.picks).toHaveLength(8);
    expect(new Set(record.picks.map((p) => p.enterprise)).size).toBe(8);
    expect(verifyDraw(JSON.parse(JSON.stringify(record)))).toBe(true);
    expect(picks({ ...input, candidates: [...candidates].reverse() }).picks).toEqual(record.picks);
    const tampered = { ...record, picks: [{ ...record.picks[0], enterprise: 'e99' }, ...record.picks.slice(1)] };
    expect(verifyDraw(tampered)).toBe(false);
    expect(picks({ ...input, seed: 'another seed' }).picks).not.toEqual(record.picks);
  });

  it('never sends a conflicted inspector, sends two different ones, and spreads the work', () => {
    const all = picks({ ...input, parameters: { ...input.parameters, count: 30 } });
    const loads = new Map<string, number>();
    for (const p of all.picks) {
      expect(p.inspectors).toHaveLength(2);
      expect(new Set(p.inspectors).size).toBe(2);
      for (const i of p.inspectors) loads.set(i, (loads.get(i) ?? 0) + 1);
      for (const c of input.conflicts) if (c.enterprise === p.enterprise) expect(p.inspectors).not.toContain(c.inspector);
    }
    expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1);
  });

  it('draws with odds in proportion to class and risk weights', () => {
    // One of an A and a C, equal risk: the C's odds are 4 to 1, so it is drawn 80% of the time.
    const pair: DrawCandidate[] = [
      { enterprise: 'a', class: 'A', risk: 0 },
      { enterprise: 'c', class: 'C', risk: 0 },
    ];
    let c = 0;
    const runs = 2000;
    for (let s = 0; s < runs; s++) {
      const r = picks({ ...input, seed: `seed-${s}`, candidates: pair, conflicts: [], parameters: { ...input.parameters, count: 1 } });
      if (r.picks[0].enterprise === 'c') c++;
    }
    // Binomial(2000, 0.8): sd 0.009, so 0.76-0.84 is over 4 sd either side.
    expect(c / runs).toBeGreaterThan(0.76);
    expect(c / runs).toBeLessThan(0.84);
    // Risk 100 doubles the odds of an A: 2 to 4, a third of the draws.
    let a = 0;
    for (let s = 0; s < runs; s++) {
      const r = picks({ ...input, seed: `seed-${s}`, candidates: [{ ...pair[0], risk: 100 }, pair[1]], conflicts: [], parameters: { ...input.parameters, count: 1 } });
      if (r.picks[0].enterprise === 'a') a++;
    }
    expect(a / runs).toBeGreaterThan(0.3);
    expect(a / runs).toBeLessThan(0.37);
  });

  it('says why it cannot draw', () => {
    expect(draw({ ...input, parameters: { ...input.parameters, count: 31 } })).toEqual({ ok: false, problem: 'draw: count 31 exceeds the 30 candidates with odds above 0' });
    const conflicts = inspectors.slice(1).map((i) => ({ inspector: i, enterprise: 'e00' }));
    expect(draw({ ...input, conflicts, parameters: { ...input.parameters, count: 30 } })).toEqual({ ok: false, problem: 'draw: enterprise e00 has 1 inspector(s) without a conflict, needs 2' });
    expect(draw({ ...input, candidates: [...candidates, candidates[0]] })).toEqual({ ok: false, problem: 'draw: enterprise e00 is listed twice' });
    expect(draw({ ...input, seed: ' ' })).toEqual({ ok: false, problem: 'draw: the seed is empty' });
  });
});
