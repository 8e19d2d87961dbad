import type { AnalysisReport } from '../spc/index.js';
import { SIGNAL_NAMES } from '../spc/index.js';

const SIGNAL_LABELS: Record<(typeof SIGNAL_NAMES)[number], string> = {
  rule1: 'rule 1  (1 beyond 3 sigma)',
  rule2: 'rule 2  (2 of 3 beyond 2 sigma)',
  rule3: 'rule 3  (4 of 5 beyond 1 sigma)',
  rule4: 'rule 4  (8 on one side)',
  ewma: 'EWMA',
  cusum: 'CUSUM',
};

function num(x: number | null, digits = 6): string {
  if (x === null) return '-';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4)) return x.toExponential(3);
  return Number(x.toPrecision(digits)).toString();
}

/** Indices as runs: 311-326, 332 ... so long signal lists stay readable. */
export function formatIndexRuns(indices: number[], maxRuns = 12): string {
  if (indices.length === 0) return 'none';
  const runs: string[] = [];
  let start = indices[0];
  let prev = start;
  for (let i = 1; i <= indices.length; i++) {
    const x = indices[i];
    if (x === prev + 1) {
      prev = x;
      continue;
    }
    runs.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = prev = x;
  }
  const shown = runs.slice(0, maxRuns).join(', ');
  return runs.length > maxRuns ? `${shown}, ... (${runs.length - maxRuns} more runs)` : shown;
}

/** The analysis report as text for a person (the same content as --json). */
export function formatAnalysisText(file: string, r: AnalysisReport): string {
  const out: string[] = [];
  const line = (label: string, value: string) => out.push(`  ${label.padEnd(34)} ${value}`);
  out.push(`linewatch analysis of ${file}`, '');
  out.push('Rows');
  line('total / valid / rejected', `${r.rows.total} / ${r.rows.valid} / ${r.rows.rejected.length}`);
  for (const rej of r.rows.rejected.slice(0, 20)) line(`  row ${rej.row}`, rej.reason);
  if (r.rows.rejected.length > 20) line('', `... ${r.rows.rejected.length - 20} more`);
  out.push('', 'Statistics');
  line('spec (LSL, USL)', `${num(r.spec.lsl)}, ${num(r.spec.usl)}`);
  line('n, mean, sd', `${r.stats.n}, ${num(r.stats.mean)}, ${num(r.stats.sd)}`);
  line('min, max, mean moving range', `${num(r.stats.min)}, ${num(r.stats.max)}, ${num(r.stats.mrBar)}`);
  out.push('', 'Capability');
  const c = r.capability;
  line('sigma within', num(c.sigmaWithin));
  line('Cp, Cpl, Cpu, Cpk', [c.cp, c.cpl, c.cpu, c.cpk].map((x) => num(x, 4)).join(', '));
  line('Pp, Ppl, Ppu, Ppk', [c.pp, c.ppl, c.ppu, c.ppk].map((x) => num(x, 4)).join(', '));
  line('expected ppm (below, above, total)', [r.ppm.belowLsl, r.ppm.aboveUsl, r.ppm.total].map((x) => num(x, 4)).join(', '));
  line('out of spec, below LSL', formatIndexRuns(r.outOfSpec.belowLsl));
  line('out of spec, above USL', formatIndexRuns(r.outOfSpec.aboveUsl));
  out.push('', 'Control charts (individuals)');
  if (r.baseline.complete) {
    line(`baseline (first ${r.baseline.n} samples)`, `mu0 ${num(r.baseline.mean)}, sigma0 ${num(r.baseline.sigma)}`);
  } else {
    line('baseline', `incomplete: ${r.baseline.n} valid samples, fewer than the window; no signals`);
  }
  for (const name of SIGNAL_NAMES) {
    const at = r.signals[name];
    line(SIGNAL_LABELS[name], at.length === 0 ? 'no signal' : `${at.length} at ${formatIndexRuns(at)}`);
  }
  if (r.subgroups) {
    const s = r.subgroups;
    out.push('', `Subgroups of ${s.size} (${s.count} complete)`);
    for (const chart of ['xbarR', 'r', 'xbarS', 's'] as const) {
      const l = s.limits[chart];
      const ooc = s.outOfControl[chart];
      line(`${chart.padEnd(5)} LCL / centre / UCL`, `${num(l.lcl)} / ${num(l.center)} / ${num(l.ucl)}; out of control: ${formatIndexRuns(ooc)}`);
    }
  }
  out.push('');
  return out.join('\n');
}
