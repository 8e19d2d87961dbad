/**
 * The public page as HTML: every text escaped, no script, one table per
 * kind of published fact. The web UI may replace it; the content rule stays
 * in supervision/public-disclosure.ts.
 */
import type { PublicPage } from '../../supervision-service/supervision-service.js';

export function publicPageHtml(page: PublicPage): string {
  const name = new Map(page.enterprises.map((e) => [e.enterprise, e.name]));
  const who = (id: string) => name.get(id) ?? id;
  const section = (title: string, headers: string[], rows: string[][], empty: string) =>
    `<section><h2>${esc(title)}</h2>${
      rows.length === 0
        ? `<p>${esc(empty)}</p>`
        : `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    }</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>County cable makers: supervision results</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin-bottom:1rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f3f3f3}</style>
</head><body>
<h1>Supervision results of the county's cable makers</h1>
<p>Published by the county market supervision bureau, as of ${esc(page.asOf)}.</p>
${section(
  'Classes',
  ['Maker', 'Class'],
  page.enterprises.map((e) => [e.name, e.class]),
  'No maker is registered.',
)}
${section(
  'Spot checks',
  ['Date', 'Maker', 'Level', 'Product', 'Result', 'Failed items'],
  page.spotChecks.map((s) => [s.date, who(s.enterprise), s.level, s.product, s.result, s.failedItems.join('; ')]),
  'No spot-check result is published.',
)}
${section(
  'Administrative penalties',
  ['Date', 'Maker', 'Decision', 'Reason'],
  page.penalties.map((p) => [p.date, who(p.enterprise), p.decisionNumber, p.reason]),
  'No penalty is published.',
)}
${section(
  'Typical cases',
  ['Date', 'Maker', 'Case', 'Summary'],
  page.typicalCases.map((t) => [t.date, who(t.enterprise), t.title, t.summary]),
  'No typical case is published.',
)}
${section(
  'Serious-violation list',
  ['Maker', 'Listed on', 'Until', 'Reason'],
  page.creditList.map((c) => [who(c.enterprise), c.listedOn, c.until ?? 'open', c.reason]),
  'No maker is on the list.',
)}
${section(
  'Double-random inspections',
  ['Period', 'Seed', 'Maker', 'Inspectors'],
  page.draws.flatMap((d) => d.picks.map((p) => [d.period, d.seed, p.name, p.inspectors.join(', ')])),
  'No draw is published.',
)}
</body></html>
`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
