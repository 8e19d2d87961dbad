/** One enterprise's pages of the printed report: risk, capability, month over month, alert episodes and their causes. */
import { chartId } from './charts/chart-scale.js';
import { html, type SafeHtml } from './html-escape.js';
import { causeChart, reelCharts, trendCharts } from './html-charts.js';
import { characteristicParetos, episodeTables, paretoTable } from './html-episodes.js';
import { count, duration, fixed, NONE, ppm, sig, signed, utc, withUnit } from './html-format.js';
import { anchorOf, levelBadge, note, num, scoreWithLevel } from './html-parts.js';
import type { CharacteristicMonth, EnterpriseMonth, LineProducts, MonthlyReport, ScorePoint } from './report-types.js';

export function enterpriseSection(e: EnterpriseMonth, report: MonthlyReport): SafeHtml {
  const m = report.methods;
  return html`<section class="enterprise" id="${anchorOf(e.id)}">
<h2>${e.name}</h2>
<dl class="meta">
<dt>Enterprise id</dt><dd>${e.id}</dd>
<dt>Registered class</dt><dd>${e.registeredClass}</dd>
<dt>Last inspection</dt><dd>${e.lastInspection}</dd>
<dt>Data period</dt><dd>${utc(report.period.from)} to ${utc(report.period.to)} (exclusive)</dd>
</dl>
${e.hasData ? '' : html`<div class="box empty"><strong>No data.</strong> The store holds no measurement, alert or risk assessment of this enterprise for ${report.period.month}. Its configured series are listed below with no samples.</div>`}
${e.unreadableEvents > 0 ? html`<div class="box warn">${count(e.unreadableEvents)} stored event(s) of the month could not be read as an alert or a risk assessment and are left out of the figures.</div>` : ''}
${riskBlock(e, m)}
<h3>Products made</h3>
${productTable(e.products)}
${note(m.products)}
<h3>Capability by line and characteristic</h3>
${capabilityTable(e.characteristics, report.parameters.capableIndex)}
${note(m.spec)}${note(m.ppPpk)}${note(m.sigmaWithin)}${note(m.expectedPpm)}
${byProductTable(e.characteristics, report.parameters.capableIndex, m)}
<h3>Capability trend (Ppk by month)</h3>
${trendCharts(e.id, e.characteristics, report.parameters.capableIndex)}
${note(m.capabilityTrend)}
<h3>Month over month (against ${report.previousPeriod.month})</h3>
${changeTable(e.characteristics)}
${note(m.monthOverMonth)}
<h3>Alert episodes</h3>
${episodeTables(e.episodes)}
${note(m.alerts)}${note(m.timeToAcknowledge)}
<h3>Causes of the month's episodes</h3>
${causeChart(e.causes, chartId('causes', e.id), 'of the month')}
${paretoTable(e.causes, 'in the month')}
${characteristicParetos(e.causesByCharacteristic)}
${note(m.causes)}
<h3>Reels of the month</h3>
${reelCharts(e.id, e.reels, report.period.month)}
${note(m.reels)}
</section>`;
}

function point(p: ScorePoint | null): SafeHtml {
  return p === null ? html`${NONE}` : html`${scoreWithLevel(p.score, p.level)} <span class="note">${utc(p.at)}</span>`;
}

function riskBlock(e: EnterpriseMonth, m: Record<string, string>): SafeHtml {
  const r = e.risk;
  return html`<h3>Risk over the month</h3>
<table>
<tbody>
<tr><th>Level at the month's end</th><td>${levelBadge(r.levelAtMonthEnd)}</td><th>Mean score (time-weighted)</th><td>${scoreWithLevel(r.meanScore, r.meanLevel)}</td></tr>
<tr><th>First assessment</th><td>${point(r.first)}</td><th>Last assessment</th><td>${point(r.last)}</td></tr>
<tr><th>Highest score</th><td>${point(r.max)}</td><th>Assessments stored</th><td>${count(r.assessments)} (covering ${duration(r.coveredHours * 3_600_000)})</td></tr>
<tr><th>Registered class</th><td>${r.registeredClass}</td><th>Suggested class</th><td>${r.suggestedClass ?? NONE}${r.classDiffers ? html` <span class="flag">differs from the registered class</span>` : ''}</td></tr>
<tr><th>Next inspection</th><td colspan="3">${r.nextInspection} (by the ${r.nextInspectionBasis})${r.inspectionDue ? html` <span class="flag">due</span>` : ''}</td></tr>
</tbody>
</table>
${note(m.riskTrend)}${note(m.supervisionClass)}${note(m.nextInspection)}`;
}

function productTable(lines: readonly LineProducts[]): SafeHtml {
  if (lines.length === 0) return html`<p>No lines configured.</p>`;
  return html`<table>
<thead><tr><th>Line</th><th>Product</th><th>From</th><th>To (exclusive)</th><th class="num">Duration</th><th>Known from</th></tr></thead>
<tbody>
${lines.flatMap((l) =>
  l.periods.map(
    (p) =>
      html`<tr><td>${l.line}</td><td>${p.product ?? NONE}</td><td>${utc(p.from)}</td><td>${utc(p.to)}</td>${num(duration(p.to - p.from))}<td>${p.basis === 'changeover' ? 'reported changeover' : 'configuration'}</td></tr>`,
  ),
)}
</tbody>
</table>`;
}

/** Limits as configured (0.53, not 0.5300): they are the standard's figures, not measurements. */
function spec(c: CharacteristicMonth): string {
  if (!c.spec) return 'not in the configuration';
  const parts: string[] = [];
  if (c.spec.lsl !== null) parts.push(`min ${c.spec.lsl} ${c.unit}`);
  if (c.spec.usl !== null) parts.push(`max ${c.spec.usl} ${c.unit}`);
  if (c.spec.nominal !== null) parts.push(`nominal ${c.spec.nominal} ${c.unit}`);
  return parts.length > 0 ? parts.join(', ') : 'no limits';
}

function label(c: CharacteristicMonth): SafeHtml {
  return html`${c.characteristic.replace(/_/g, ' ')}${c.unit ? html` <span class="note">(${c.unit})</span>` : ''}`;
}

function capabilityTable(rows: readonly CharacteristicMonth[], capableIndex: number): SafeHtml {
  if (rows.length === 0) return html`<p>No series configured or stored.</p>`;
  return html`<table class="wide">
<thead><tr><th>Line</th><th>Characteristic</th><th>Specification</th><th class="num">n</th><th class="num">Days with data</th><th class="num">Mean</th><th class="num">SD</th><th class="num">Min<br>max</th><th class="num">Pp</th><th class="num">Ppk</th><th class="num">Expected</th><th>Beyond spec seen</th></tr></thead>
<tbody>
${rows.map(
  (c) => html`<tr>
<td>${c.line}</td><td>${label(c)}</td><td>${spec(c)}${c.spec?.source ? html`<br><span class="note">${c.spec.source}</span>` : ''}</td>
${num(count(c.n))}${num(`${c.daysWithData}`)}${num(withUnit(c.mean, c.unit))}${num(withUnit(c.sd, c.unit, 3))}
${num(c.min === null ? NONE : html`${sig(c.min)}<br>${sig(c.max)}`)}
${num(fixed(c.pp, 2))}${num(c.ppk !== null && c.ppk < capableIndex ? html`<span class="flag">${fixed(c.ppk, 2)}<br>not capable</span>` : fixed(c.ppk, 2))}
${num(ppm(c.expectedPpm))}
<td>${c.beyondSpecObserved === null ? NONE : c.beyondSpecObserved ? html`<span class="flag">yes</span>` : 'no'}</td>
</tr>`,
)}
</tbody>
</table>`;
}

/** Where a line made more than its configured product: each product's figures against its own limits. */
function byProductTable(rows: readonly CharacteristicMonth[], capableIndex: number, m: Record<string, string>): SafeHtml {
  const split = rows.filter((c) => c.byProduct.length > 0);
  if (split.length === 0) return html``;
  return html`<h3>Capability per product</h3>
<table class="wide">
<thead><tr><th>Line</th><th>Characteristic</th><th>Product</th><th>Specification</th><th class="num">n</th><th class="num">Mean</th><th class="num">SD</th><th class="num">Min<br>max</th><th class="num">Pp</th><th class="num">Ppk</th><th class="num">Expected</th></tr></thead>
<tbody>
${split.flatMap((c) =>
  c.byProduct.map(
    (p) => html`<tr>
<td>${c.line}</td><td>${label(c)}</td><td>${p.product}</td><td>${spec({ ...c, spec: p.spec })}</td>
${num(count(p.n))}${num(withUnit(p.mean, c.unit))}${num(withUnit(p.sd, c.unit, 3))}
${num(p.min === null ? NONE : html`${sig(p.min)}<br>${sig(p.max)}`)}
${num(fixed(p.pp, 2))}${num(p.ppk !== null && p.ppk < capableIndex ? html`<span class="flag">${fixed(p.ppk, 2)}<br>not capable</span>` : fixed(p.ppk, 2))}
${num(ppm(p.expectedPpm))}
</tr>`,
  ),
)}
</tbody>
</table>
${note(m.byProduct)}`;
}

function changeTable(rows: readonly CharacteristicMonth[]): SafeHtml {
  if (rows.length === 0) return html``;
  return html`<table>
<thead><tr><th>Line</th><th>Characteristic</th><th class="num">n, previous</th><th class="num">Mean, previous</th><th class="num">Mean change</th><th class="num">Ppk, previous</th><th class="num">Ppk change</th><th class="num">Episodes raised</th></tr></thead>
<tbody>
${rows.map(
  (c) => html`<tr><td>${c.line}</td><td>${label(c)}</td>
${num(count(c.previous.n))}${num(withUnit(c.previous.mean, c.unit))}${num(signed(c.change.mean, c.unit))}
${num(fixed(c.previous.ppk, 2))}${num(c.change.ppk === null ? NONE : `${c.change.ppk >= 0 ? '+' : '\u2212'}${Math.abs(c.change.ppk).toFixed(2)}`)}${num(count(c.episodesRaised))}</tr>`,
)}
</tbody>
</table>`;
}
