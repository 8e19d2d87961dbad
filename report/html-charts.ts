/**
 * The report's charts on the printed page, each with its numbers beside it
 * in a table (the chart is for the eye, the table is the record, and a
 * screen reader or a copy without graphics loses nothing): the capability
 * trend of each series, the Pareto of causes, and the reels of the month
 * with the Paretos of the nonconforming ones.
 */
import { chartId } from './charts/chart-scale.js';
import { paretoChart } from './charts/pareto-chart.js';
import { trendChart } from './charts/trend-chart.js';
import { html, type SafeHtml } from './html-escape.js';
import { percent } from './html-episodes.js';
import { count, fixed, NONE } from './html-format.js';
import { num } from './html-parts.js';
import type { CausePareto, CharacteristicMonth, ParetoBar, ReelMonth, ReportReels } from './report-types.js';

function characteristicLabel(c: string): string {
  return c.replace(/_/g, ' ');
}

/** Ppk per month for every series with data in the window: a chart and its table each. */
export function trendCharts(enterprise: string, rows: readonly CharacteristicMonth[], threshold: number): SafeHtml {
  const withTrend = rows.filter((c) => c.trend.length > 0);
  if (withTrend.length === 0) return html`<p>No series of the enterprise has data in the months of the trend.</p>`;
  return html`${withTrend.map((c) => {
    const title = `Ppk of ${characteristicLabel(c.characteristic)} on ${c.line}, by month`;
    const capable = c.trend.filter((p) => p.ppk !== null && p.ppk >= threshold).length;
    const judged = c.trend.filter((p) => p.ppk !== null).length;
    return html`<figure class="chart-figure">
<figcaption><strong>${c.line} \u00b7 ${characteristicLabel(c.characteristic)}</strong> <span class="note">${c.inConfiguration ? `Ppk ${threshold.toFixed(2)} or more in ${judged === 0 ? 'no month with a Ppk' : `${capable} of ${judged} month${judged === 1 ? '' : 's'}`}` : 'not in the configuration: no limits, no Ppk'}</span></figcaption>
${trendChart({ id: chartId('trend', enterprise, c.line, c.characteristic), title, points: c.trend, threshold })}
<div class="table-scroll"><table class="wide trend-table">
<tbody>
<tr><th>Month</th>${c.trend.map((p) => html`<th class="num">${p.month}</th>`)}</tr>
<tr><th>n</th>${c.trend.map((p) => num(count(p.n)))}</tr>
<tr><th>Ppk</th>${c.trend.map((p) => num(p.ppk !== null && p.ppk < threshold ? html`<span class="flag">${fixed(p.ppk, 2)}</span>` : fixed(p.ppk, 2)))}</tr>
</tbody>
</table></div>
</figure>`;
  })}`;
}

/** The Pareto of causes drawn as a chart (the table of html-episodes.ts carries its numbers). */
export function causeChart(p: CausePareto, id: string, what: string): SafeHtml {
  if (p.bars.length === 0) return html``;
  return html`<figure class="chart-figure">
${paretoChart({ id, title: `Pareto of the causes of the episodes ${what}`, unit: 'episodes', bars: p.bars })}
</figure>`;
}

function paretoTable(bars: readonly ParetoBar[], what: string, unit: string): SafeHtml {
  return html`<div class="table-scroll"><table class="pareto">
<thead><tr><th>${what}</th><th class="num">${unit}</th><th class="num">Share</th><th class="num">Cumulative</th></tr></thead>
<tbody>
${bars.map((b) => html`<tr><td>${b.label}</td>${num(count(b.count))}${num(percent(b.share))}${num(percent(b.cumulative))}</tr>`)}
</tbody>
</table></div>`;
}

/** Reels by verdict, final and open. */
function verdictTable(r: Pick<ReelMonth, 'reels' | 'open' | 'byVerdict'>): SafeHtml {
  const share = (n: number) => (r.reels === 0 ? NONE : percent(n / r.reels));
  const nonconforming = r.byVerdict.nonconforming;
  return html`<div class="table-scroll"><table>
<thead><tr><th>Reels started in the month</th><th class="num">Reels</th><th class="num">Share</th></tr></thead>
<tbody>
<tr><td>Conforming</td>${num(count(r.byVerdict.conforming))}${num(share(r.byVerdict.conforming))}</tr>
<tr><td>Nonconforming</td>${num(nonconforming > 0 ? html`<span class="flag">${count(nonconforming)}</span>` : count(nonconforming))}${num(share(nonconforming))}</tr>
<tr><td>Insufficient data</td>${num(count(r.byVerdict['insufficient-data']))}${num(share(r.byVerdict['insufficient-data']))}</tr>
<tr><th>Finished (final record)</th>${num(count(r.reels))}<td></td></tr>
<tr><th>Still being wound (no final verdict)</th>${num(count(r.open))}<td></td></tr>
</tbody>
</table></div>`;
}

/** A Pareto of nonconforming reels: the chart and its table. */
function reelPareto(id: string, title: string, bars: readonly ParetoBar[], what: string): SafeHtml {
  return html`<figure class="chart-figure">
${paretoChart({ id, title, unit: 'reels', bars })}
${paretoTable(bars, what, 'Reels')}
</figure>`;
}

const NO_REELS = (month: string) => html`<p class="box empty">No reel records are stored for ${month}: no reel was started in the month, or the lines report no reels.</p>`;

/** The reels started in the month: verdicts, and the nonconforming ones by line and by characteristic. */
export function reelCharts(enterprise: string, r: ReelMonth, month: string): SafeHtml {
  if (r.reels + r.open === 0) return NO_REELS(month);
  const nonconforming = r.byVerdict.nonconforming;
  return html`${verdictTable(r)}
${
  nonconforming === 0
    ? html`<p>No nonconforming reel among the ${count(r.reels)} finished in the month.</p>`
    : html`<h4>Nonconforming reels by line</h4>
${reelPareto(chartId('reels-line', enterprise), `Pareto of the ${nonconforming} nonconforming reels by line`, r.nonconformingByLine, 'Line')}
<h4>Nonconformities by characteristic</h4>
${reelPareto(chartId('reels-characteristic', enterprise), 'Pareto of the characteristics out of spec on the nonconforming reels', r.nonconformingByCharacteristic, 'Characteristic out of spec')}`
}`;
}

/** The reels of every enterprise of the report: verdicts, and the nonconforming ones by enterprise and by characteristic. */
export function reportReelCharts(r: ReportReels, month: string): SafeHtml {
  if (r.reels + r.open === 0) return NO_REELS(month);
  const nonconforming = r.byVerdict.nonconforming;
  return html`${verdictTable(r)}
${
  nonconforming === 0
    ? html`<p>No nonconforming reel among the ${count(r.reels)} finished in the month.</p>`
    : html`<h3>Nonconforming reels by enterprise</h3>
${reelPareto(chartId('total-reels-enterprise'), `Pareto of the ${nonconforming} nonconforming reels by enterprise`, r.nonconformingByEnterprise, 'Enterprise')}
<h3>Nonconformities by characteristic</h3>
${reelPareto(chartId('total-reels-characteristic'), 'Pareto of the characteristics out of spec on the nonconforming reels, all enterprises', r.nonconformingByCharacteristic, 'Characteristic out of spec')}`
}`;
}
