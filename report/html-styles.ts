/**
 * The report page's stylesheet, inlined so the page needs nothing but itself
 * (it is archived and printed, possibly offline, years later). A4 portrait,
 * each enterprise on a new page, table headers repeated across page breaks,
 * and colours kept when printing: every coloured level also carries its name,
 * so a black-and-white copy loses nothing.
 */
export const REPORT_CSS = `
:root { --low: #2e7d32; --medium: #b28704; --high: #e65100; --critical: #c62828; --rule: #bbb; --muted: #555; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10pt/1.4 "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", sans-serif; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1px solid var(--rule); padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm; }
h4 { font-size: 10pt; margin: 3mm 0 1mm; }
h5 { font-size: 9pt; margin: 2mm 0 0.5mm; }
p, dl { margin: 1.5mm 0; }
.subtitle { font-size: 12pt; color: var(--muted); margin: 0 0 4mm; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0; font-size: 8.5pt; }
th, td { border: 1px solid var(--rule); padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.wide { font-size: 7.5pt; }
table.wide th, table.wide td { padding: 0.6mm 1mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.level { display: inline-block; padding: 0 1.5mm; border-radius: 1mm; color: #fff; font-weight: 600; font-size: 8pt; text-transform: uppercase; letter-spacing: 0.02em; }
.level-low { background: var(--low); }
.level-medium { background: var(--medium); }
.level-high { background: var(--high); }
.level-critical { background: var(--critical); }
.level-none { background: #fff; color: var(--muted); border: 1px solid var(--rule); }
.flag { color: var(--critical); font-weight: 600; }
.note { font-size: 8pt; color: var(--muted); }
.box { border: 1px solid var(--rule); border-left: 3mm solid var(--medium); padding: 2mm 3mm; margin: 3mm 0; }
.box.empty { border-left-color: var(--muted); }
.box.warn { border-left-color: var(--critical); }
nav.toc ol { margin: 1mm 0; padding-left: 6mm; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
table.pareto th.bar-cell, table.pareto td.bar-cell { width: 38%; }
svg.pareto-bar { display: block; width: 100%; height: 3mm; }
svg.pareto-bar .track { fill: #eee; }
svg.pareto-bar .share { fill: #3f5f8f; }
svg.pareto-bar .cumulative { fill: #111; }
figure.chart-figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart-figure figcaption { margin-bottom: 1mm; }
svg.chart { display: block; width: 100%; max-width: 160mm; height: auto; font-size: 12px; font-family: inherit; }
svg.chart .axis { stroke: #111; stroke-width: 1; }
svg.chart .grid { stroke: #ccc; stroke-width: 0.5; }
svg.chart .tick, svg.chart .axis-label { fill: #333; }
svg.chart .value { fill: #111; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg.chart .gap { fill: var(--muted); }
svg.chart .threshold { stroke: #111; stroke-width: 1.2; stroke-dasharray: 6 4; }
svg.chart .threshold-label { fill: #111; font-style: italic; }
svg.chart .trend { fill: none; stroke: #111; stroke-width: 1.5; }
svg.chart .point { fill: #111; stroke: #111; }
svg.chart .point.below { fill: #fff; stroke-width: 1.5; }
svg.chart .bar { fill: #9a9a9a; stroke: #111; stroke-width: 0.8; }
svg.chart .cumulative { fill: none; stroke: #111; stroke-width: 1.5; }
.table-scroll { max-width: 100%; overflow-x: auto; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; align-items: start; }
dl.glossary dt { font-weight: 600; margin-top: 1.5mm; }
dl.glossary dd { margin: 0 0 0 4mm; }
footer { margin-top: 8mm; font-size: 8pt; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 1mm; }
@page { size: A4 portrait; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; }
  .enterprise, #methods { break-before: page; page-break-before: always; }
  h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  nav.toc a::after { content: ""; }
}
@media screen { body { padding: 8mm; } }
/* A phone: one column, smaller margins, and every table scrolls inside its own box, never the page. */
@media screen and (max-width: 640px) {
  body { padding: 3mm; font-size: 11pt; }
  h1 { font-size: 16pt; }
  .grid2 { grid-template-columns: 1fr; }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dd { margin-bottom: 1mm; }
  table { display: block; max-width: 100%; overflow-x: auto; }
  body, dd, td, th, p { overflow-wrap: anywhere; }
  td.num { overflow-wrap: normal; }
}
`;
