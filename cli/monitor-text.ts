import type { DesignReport, EpisodeReport, MonitorReport } from './monitor-report.js';

/** Rejected rows listed in the text; all are in --json (up to MAX_LISTED_REJECTS). */
const LISTED_REJECTS = 20;

function num(x: number | null, digits = 4): string {
  if (x === null || !Number.isFinite(x)) return '-';
  if (x !== 0 && (Math.abs(x) >= 1e7 || Math.abs(x) < 1e-4)) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toString();
}

/** Sample time as `YYYY-MM-DD HH:MM:SS.sss` (no T, no Z: tables stay narrow; the header says UTC). */
function time(isoText: string | null): string {
  return isoText === null ? '-' : isoText.replace('T', ' ').replace(/\.000Z$|Z$/, '');
}

/** Rows of cells as columns padded to their widest cell, numbers right-aligned. */
function table(header: string[], rows: string[][], indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,e+-]+$/.test(r[i]) || r[i] === '-'));
  const format = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)];
}

function designLines(d: DesignReport): string[] {
  const rows = Object.entries(d.charts).map(([name, c]) => [name, num(c.k, 3), c.h !== null ? `h ${num(c.h, 5)}` : `L ${num(c.L, 5)}`, num(c.arl0Known, 7), num(c.falseAlarmsPerWeek, 3)]);
  return [
    `  budget ${num(d.budgetPerWeek)} false episode(s) per series per week = ARL ${num(d.budgetArl, 7)} subgroups of ${d.subgroupMs} ms for all charts together, designed to spend ${num(d.designShare)} of it (ARL ${num(d.designArl, 7)}); Phase I ${d.baselineSubgroups} subgroups`,
    ...table(['chart', 'k', 'h / L', 'ARL0 (subgroups)', 'false alarms/week'], rows),
    `  expected false alarms per week, Phase I estimation error included: ${num(d.falseAlarmsPerWeek, 3)}`,
  ];
}

function outOfSpecText(e: EpisodeReport): string {
  const o = e.outOfSpec;
  if (o === null) return '-';
  return `${o.readings} readings (${o.below} below, ${o.above} above), ${o.stretches} stretch${o.stretches === 1 ? '' : 'es'}, ${num(o.totalMs / 1000)} s (longest ${num(o.longestMs / 1000)} s)`;
}

/** The monitor report as text for a person (the same content as --json). */
export function formatMonitorText(r: MonitorReport): string {
  const out: string[] = [`linewatch monitor: ${r.file} replayed through the live engine (sample time, UTC)`, ''];
  const o = r.options;
  out.push('Options');
  out.push(`  subgroups of ${o.subgroupMs} ms; Phase I ${o.baselineMinutes} min; charts ${o.charts.join(', ')}; auto-resolve after ${o.autoResolveMinutes} min`);
  for (const [characteristic, own] of Object.entries(o.byCharacteristic)) {
    const changed = Object.entries(own).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify((o as unknown as Record<string, unknown>)[name]));
    out.push(`  for ${characteristic}: ${changed.length === 0 ? 'the same' : changed.map(([name, value]) => `${name} ${Array.isArray(value) ? value.join(', ') : String(value)}`).join('; ')}`);
  }
  out.push(`  spec: ${r.spec.lsl === null && r.spec.usl === null ? 'none (no out-of-spec checks)' : `LSL ${num(r.spec.lsl, 6)}, USL ${num(r.spec.usl, 6)}`}`);
  out.push('', 'Chart design');
  out.push(...designLines(r.design));
  const { byCharacteristic, ...base } = r.design;
  for (const [characteristic, d] of Object.entries(byCharacteristic)) {
    if (JSON.stringify(d) === JSON.stringify(base)) out.push(`  ${characteristic}: the same design`);
    else out.push('', `Chart design for ${characteristic}`, ...designLines(d));
  }

  out.push('', 'Rows');
  out.push(`  total ${r.rows.total}, valid ${r.rows.valid}, rejected ${r.rows.rejectedCount}${r.rows.otherSeries > 0 ? `; ${r.rows.otherSeries} rows of other series left out` : ''}`);
  for (const [reason, n] of Object.entries(r.rows.reasons)) out.push(`    ${String(n).padStart(8)}  ${reason}`);
  if (r.rows.rejected.length > 0) {
    out.push(
      ...table(
        ['row', 'reason'],
        r.rows.rejected.slice(0, LISTED_REJECTS).map((x) => [String(x.row), x.reason]),
        '    ',
      ),
    );
    if (r.rows.rejectedCount > LISTED_REJECTS)
      out.push(`    ... ${r.rows.rejectedCount - LISTED_REJECTS} more${r.rows.rejectedCount > r.rows.rejected.length ? ` (--json lists the first ${r.rows.rejected.length})` : ' (all in --json)'}`);
  }

  out.push('', `Series (${r.series.length})`);
  out.push(
    ...table(
      ['series', 'readings', 'rejected', 'first reading', 'last reading', 'status', 'episodes'],
      r.series.map((s) => {
        let status =
          s.baseline === null
            ? `monitoring, limits v${s.limits[s.limits.length - 1]?.version}`
            : `phase I ${s.baseline.subgroups}/${s.baseline.needed} subgroups${s.baseline.refused > 0 ? `, ${s.baseline.refused} refused: ${s.baseline.lastRefusal}` : ''}`;
        if (s.skippedSubgroups > 0) status += `; ${s.skippedSubgroups} subgroups too thin to chart`;
        return [s.series, String(s.readings), String(s.rejected), time(s.firstReading), time(s.lastReading), status, String(s.episodes)];
      }),
    ),
  );

  out.push('', 'Limits (every version locked)');
  const limits = r.series.flatMap((s) =>
    s.limits.map((l) => [
      s.series,
      `v${l.version}`,
      l.reason,
      time(l.from),
      time(l.lockedAt),
      num(l.mean, 6),
      num(l.sdReadings),
      num(l.sdMean),
      num(l.phi, 3),
      num(l.sdResidual),
      num(l.readingsPerSubgroup, 3),
    ]),
  );
  if (limits.length === 0) out.push('  none locked (Phase I needs its full baseline of stable subgroups)');
  else out.push(...table(['series', 'version', 'reason', 'Phase I from', 'locked at', 'mean', 'sd', 'sd means', 'phi', 'sd resid.', 'per subgroup'], limits));

  out.push('', `Episodes (${r.episodes.length})`);
  if (r.episodes.length === 0) out.push('  none');
  else
    out.push(
      ...table(
        ['raised at', 'resolved at', 'series', 'severity', 'status', 'rules', 'count', 'shift (sigma)', 'limits', 'out of spec'],
        r.episodes.map((e) => [
          time(e.raisedAt),
          e.resolvedAt === null ? 'open' : time(e.resolvedAt),
          e.series,
          e.severity,
          e.status,
          e.evidence.map((x) => `${x.rule} x${x.count}`).join(', '),
          String(e.count),
          num(e.shiftSigma, 3),
          e.limitsVersion === null ? '-' : `v${e.limitsVersion}`,
          outOfSpecText(e),
        ]),
      ),
    );
  return `${out.join('\n')}\n`;
}
