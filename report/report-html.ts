/**
 * The monthly report as one printable, self-contained HTML page: inline CSS,
 * no script, no image, font or link outside the page, so it prints and
 * archives as it is. Rendered from the MonthlyReport alone (it shows the
 * same figures as the JSON, rounded for reading), with every text escaped.
 */
import { chartId } from './charts/chart-scale.js';
import { html, SafeHtml } from './html-escape.js';
import { causeChart, reportReelCharts } from './html-charts.js';
import { enterpriseSection } from './html-enterprise.js';
import { episodeTables, paretoTable } from './html-episodes.js';
import { count, monthName, NONE, ppm, sig, utc } from './html-format.js';
import { anchorOf, levelBadge, note, num, scoreWithLevel } from './html-parts.js';
import { REPORT_CSS } from './html-styles.js';
import type { MonthlyReport } from './report-types.js';

/** Our own constant stylesheet: markup, not text (escaping its quotes would break the font list). */
const STYLE = new SafeHtml(REPORT_CSS);

/** Human titles of the methods entries, in the order the glossary prints them. */
const GLOSSARY: ReadonlyArray<[string, string]> = [
  ['period', 'Data period'],
  ['completeness', 'Completeness'],
  ['n', 'n'],
  ['daysWithData', 'Days with data'],
  ['mean', 'Mean'],
  ['sd', 'SD (overall sigma)'],
  ['minMax', 'Min / max, beyond spec observed'],
  ['spec', 'Specification'],
  ['products', 'Products made'],
  ['byProduct', 'Capability per product'],
  ['ppPpk', 'Pp, Ppk'],
  ['sigmaWithin', 'Sigma within, Cp, Cpk'],
  ['expectedPpm', 'Expected ppm'],
  ['monthOverMonth', 'Month over month'],
  ['alerts', 'Alert episodes'],
  ['alertRules', 'Alert rules and severities'],
  ['timeToAcknowledge', 'Time to acknowledge, to resolve'],
  ['earlierEpisodesActedOn', 'Earlier episodes acted on'],
  ['causes', 'Causes (Pareto)'],
  ['capabilityTrend', 'Capability trend'],
  ['reels', 'Reels and their verdicts'],
  ['riskScore', 'Risk score and level'],
  ['riskTrend', 'Risk over the month'],
  ['supervisionClass', 'Registered and suggested class'],
  ['nextInspection', 'Next inspection'],
  ['ranking', 'Ranking'],
  ['lowestPpk', 'Lowest Ppk'],
];

export function renderMonthlyReportHtml(report: MonthlyReport): string {
  const scopeText = scopeTitle(report);
  const title = `Monthly quality report ${report.period.month}: ${scopeText}`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Monthly quality report</h1>
<p class="subtitle">${monthName(report.period.month)} \u00b7 ${scopeText}</p>
<dl class="meta">
<dt>Data period</dt><dd>${utc(report.period.from)} to ${utc(report.period.to)} (exclusive), ${report.period.days} days</dd>
<dt>Compared with</dt><dd>${report.previousPeriod.month} (${utc(report.previousPeriod.from)} to ${utc(report.previousPeriod.to)})</dd>
<dt>Generated</dt><dd>${utc(report.generatedAt)}</dd>
<dt>Source</dt><dd>linewatch time-series store (${report.store}); report format ${report.formatVersion}</dd>
</dl>
${report.monthComplete ? '' : html`<div class="box warn"><strong>Month under way.</strong> The figures cover data up to ${utc(report.generatedAt)} only.</div>`}
${report.hasData ? '' : html`<div class="box empty"><strong>No data.</strong> ${report.noDataReason ?? ''}.</div>`}
</header>
${toc(report)}
${summary(report)}
${episodes(report)}
${report.scope === 'cluster' ? reels(report) : ''}
${ranking(report)}
${lowestPpk(report)}
${report.enterprises.map((e) => enterpriseSection(e, report))}
<section id="methods">
<h2>What each figure means</h2>
<dl class="glossary">
${GLOSSARY.filter(([key]) => report.methods[key] !== undefined).map(([key, name]) => html`<dt>${name}</dt><dd>${report.methods[key]}</dd>`)}
</dl>
</section>
<footer>${title}. Generated ${utc(report.generatedAt)} from the data of ${utc(report.period.from)} to ${utc(report.period.to)}.</footer>
</body>
</html>
`;
  return page.value;
}

function scopeTitle(report: MonthlyReport): string {
  if (report.scope === 'cluster') return `whole cluster, ${report.enterprises.length} enterprise${report.enterprises.length === 1 ? '' : 's'}`;
  const e = report.enterprises[0];
  return e ? `${e.name} (${e.id})` : (report.enterprise ?? '');
}

function toc(report: MonthlyReport): SafeHtml {
  return html`<nav class="toc">
<h2>Contents</h2>
<ol>
<li><a href="#summary">Summary</a></li>
<li><a href="#episodes">Alert episodes and their causes</a></li>
${report.scope === 'cluster' ? html`<li><a href="#reels">Reels of the month</a></li>` : ''}
<li><a href="#ranking">Ranking by risk</a></li>
<li><a href="#lowest-ppk">Characteristics with the lowest Ppk</a></li>
<li>Enterprises
<ol>${report.enterprises.map((e) => html`<li><a href="#${anchorOf(e.id)}">${e.name}</a> ${levelBadge(e.risk.levelAtMonthEnd)}</li>`)}</ol>
</li>
<li><a href="#methods">What each figure means</a></li>
</ol>
</nav>`;
}

function summary(report: MonthlyReport): SafeHtml {
  const t = report.totals;
  const levels = ['critical', 'high', 'medium', 'low'] as const;
  return html`<section id="summary">
<h2>Summary</h2>
<div class="grid2">
<table>
<thead><tr><th>Risk level at the month's end</th><th class="num">Enterprises</th></tr></thead>
<tbody>
${levels.map((l) => html`<tr><td>${levelBadge(l)}</td>${num(count(t.byLevel[l]))}</tr>`)}
<tr><td>${levelBadge(null)}</td>${num(count(t.byLevel.none))}</tr>
<tr><th>All</th>${num(count(t.enterprises))}</tr>
</tbody>
</table>
<table>
<thead><tr><th>Class</th><th class="num">Registered</th><th class="num">Suggested</th></tr></thead>
<tbody>
${(['A', 'B', 'C'] as const).map((c) => html`<tr><td>${c}</td>${num(count(t.registeredClass[c]))}${num(count(t.suggestedClass[c]))}</tr>`)}
<tr><td>no assessment</td>${num(NONE)}${num(count(t.suggestedClass.none))}</tr>
</tbody>
</table>
</div>
<table>
<thead><tr><th>Suggested class differs</th><th>Registered</th><th>Suggested</th></tr></thead>
<tbody>
${t.classChanges.length === 0 ? html`<tr><td colspan="3">none</td></tr>` : t.classChanges.map((c) => html`<tr><td><a href="#${anchorOf(c.enterprise)}">${c.name}</a></td><td>${c.registeredClass}</td><td>${c.suggestedClass}</td></tr>`)}
</tbody>
</table>
<p>${count(t.samples)} samples stored in the month across the report's series.</p>
${note(report.methods.riskScore)}${note(report.methods.supervisionClass)}
</section>`;
}

function episodes(report: MonthlyReport): SafeHtml {
  const t = report.totals;
  const scope = report.scope === 'cluster' ? 'across the cluster' : 'of the enterprise';
  const where = report.scope === 'cluster' ? "; each enterprise's are on its own pages" : '';
  return html`<section id="episodes">
<h2>Alert episodes and their causes</h2>
<p>Episodes raised in the month ${scope}${where}.</p>
${episodeTables(t.episodes)}
${note(report.methods.alerts)}
<h3>Causes</h3>
${causeChart(t.causes, chartId('total-causes'), `of the month ${scope}`)}
${paretoTable(t.causes, `in the month ${scope}`)}
${note(report.methods.causes)}
</section>`;
}

/** The cluster's reels; an enterprise's report has them in its own section. */
function reels(report: MonthlyReport): SafeHtml {
  return html`<section id="reels">
<h2>Reels of the month</h2>
<p>Reels started in the month across the cluster; each enterprise's, by line, are on its own pages.</p>
${reportReelCharts(report.totals.reels, report.period.month)}
${note(report.methods.reels)}
</section>`;
}

function ranking(report: MonthlyReport): SafeHtml {
  return html`<section id="ranking">
<h2>Ranking by risk</h2>
<p>Ranked on the ${report.ranking.basis}.</p>
<table>
<thead><tr><th class="num">Rank</th><th>Enterprise</th><th>Mean score</th><th>End-of-month score</th><th class="num">Highest score</th><th class="num">Episodes raised</th></tr></thead>
<tbody>
${report.ranking.entries.map((r) => {
  const e = report.enterprises.find((x) => x.id === r.enterprise);
  return html`<tr>${num(`${r.rank}`)}<td><a href="#${anchorOf(r.enterprise)}">${r.name}</a></td><td>${scoreWithLevel(r.score, r.level)}</td><td>${scoreWithLevel(r.endScore, e?.risk.levelAtMonthEnd ?? null)}</td>${num(r.maxScore === null ? NONE : r.maxScore.toFixed(1))}${num(count(r.episodesRaised))}</tr>`;
})}
</tbody>
</table>
${note(report.methods.ranking)}
</section>`;
}

function lowestPpk(report: MonthlyReport): SafeHtml {
  const rows = report.totals.lowestPpk;
  const name = new Map(report.enterprises.map((e) => [e.id, e.name]));
  return html`<section id="lowest-ppk">
<h2>Characteristics with the lowest Ppk</h2>
${
  rows.length === 0
    ? html`<p>No characteristic has a Ppk for the month (no data, or no spread or limits to judge against).</p>`
    : html`<table>
<thead><tr><th>Enterprise</th><th>Line</th><th>Characteristic</th><th class="num">n</th><th class="num">Mean</th><th class="num">Ppk</th><th class="num">Expected</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><td><a href="#${anchorOf(r.enterprise)}">${name.get(r.enterprise) ?? r.enterprise}</a></td><td>${r.line}</td><td>${r.characteristic.replace(/_/g, ' ')}</td>${num(count(r.n))}${num(`${sig(r.mean)} ${r.unit}`)}${num(r.ppk < report.parameters.capableIndex ? html`<span class="flag">${r.ppk.toFixed(2)} not capable</span>` : r.ppk.toFixed(2))}${num(ppm(r.expectedPpm))}</tr>`)}
</tbody>
</table>`
}
${note(report.methods.lowestPpk)}
</section>`;
}
