/**
 * Why the risk model rates an enterprise as it does: the series that carry
 * the score first, each with the diagnosis in words (unstable, off-centre,
 * drifting, ...), its share of the score and the model's one-line summary;
 * the series in control folded below them, so the reasons stand out.
 */
import { h } from '../lib/dom.js';
import { capitalise, characteristicLabel, formatIndex, formatPpm } from '../lib/format.js';
import { toneBadge, type Level } from '../lib/levels.js';
import type { RiskBreakdown, RiskSeries } from '../model/risk-types.js';

/** The level each diagnosis is shown with (the series card's state line uses it too). */
export const DIAGNOSIS_LEVEL: Record<string, Level> = {
  'in control': 'low',
  unstable: 'high',
  'off-centre': 'high',
  drifting: 'high',
  incapable: 'high',
  'out of spec': 'critical',
  'no data': 'medium',
};

export function riskBreakdown(b: RiskBreakdown): HTMLElement {
  const series = [...(b.series ?? [])].sort((x, y) => (y.contribution ?? 0) - (x.contribution ?? 0) || y.score - x.score);
  const findings = series.filter((s) => s.diagnosis !== 'in control');
  const calm = series.filter((s) => s.diagnosis === 'in control');
  if (series.length === 0) return h('p', { class: 'empty' }, 'The risk model lists no series for this enterprise yet.');
  return h(
    'div',
    { class: 'risk-breakdown' },
    findings.length > 0 ? table(findings, 'Series that carry the risk score') : h('p', { class: 'empty' }, 'Every series is in control.'),
    calm.length > 0 ? h('details', { class: 'calm' }, h('summary', null, `${calm.length} series in control`), table(calm, 'Series in control')) : null,
  );
}

/** Heads, what they mean, and whether a long head may wrap. The indices are the risk model's, about the level: the series cards show the same figures. */
const COLUMNS: ReadonlyArray<readonly [head: string, title: string, wrap?: boolean]> = [
  ['Series', 'line and characteristic'],
  ['Diagnosis', "the risk model's reading of the series"],
  ['Share', "the series' share of the enterprise's score"],
  ['Score', '0-100'],
  ['Cpk (within) / Ppk (overall)', 'Cpk with sigma within (mean moving range / 1.128), its 95% interval below; Ppk with the overall standard deviation', true],
  ['ppm', 'expected nonconforming parts per million'],
  ['Summary', ''],
];

function table(series: readonly RiskSeries[], caption: string): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'breakdown-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          COLUMNS.map(([t, title, wrap]) => h('th', { scope: 'col', title: title || null, class: wrap ? 'wrap' : null }, t)),
        ),
      ),
      h('tbody', null, series.map(row)),
    ),
  );
}

function row(s: RiskSeries): HTMLElement {
  const share = Math.max(0, Math.min(1, s.contribution ?? 0));
  const w = s.window;
  const interval = typeof w?.cpkLow === 'number' && typeof w.cpkHigh === 'number' ? `${formatIndex(w.cpkLow)}–${formatIndex(w.cpkHigh)}` : null;
  const bar = h('span', { class: 'share-bar', 'aria-hidden': 'true' }, h('span', { class: 'share-fill' }));
  // Set through the CSSOM: the page's Content-Security-Policy allows no inline style attributes.
  (bar.firstElementChild as HTMLElement).style.width = `${(share * 100).toFixed(1)}%`;
  return h(
    'tr',
    null,
    h('th', { scope: 'row', class: 'series-name' }, s.line, h('span', { class: 'muted' }, ` · ${characteristicLabel(s.characteristic)}`)),
    h('td', null, toneBadge(DIAGNOSIS_LEVEL[s.diagnosis] ?? 'medium', capitalise(s.diagnosis))),
    h('td', { class: 'share' }, bar, ` ${Math.round(share * 100)} %`),
    h('td', { class: 'num' }, formatIndex(s.score)),
    h(
      'td',
      { class: 'num indices' },
      h('span', { 'data-figure': 'cpk' }, formatIndex(w?.cpk ?? null)),
      ' / ',
      h('span', { 'data-figure': 'ppk' }, formatIndex(w?.ppk ?? null)),
      interval ? h('span', { class: 'interval', 'data-figure': 'cpk-interval' }, interval) : null,
    ),
    h('td', { class: 'num' }, formatPpm(w?.ppm ?? null)),
    h('td', { class: 'summary' }, s.summary ?? ''),
  );
}
