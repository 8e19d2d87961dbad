/**
 * The printed report: self-contained (nothing loaded from elsewhere, no
 * script), every text escaped, the sections a reader looks for, levels in
 * colour and in words, and a clear page for a month without data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAUSE_CATALOGUE } from '../../../monitor/causes.js';
import { escapeHtml, html } from '../../../report/html-escape.js';
import { duration, ppm, sig, signed } from '../../../report/html-format.js';
import { buildMonthlyReport } from '../../../report/monthly-report.js';
import { renderMonthlyReportHtml } from '../../../report/report-html.js';
import type { MonthlyReport } from '../../../report/report-types.js';
import { filledStore, JAN, NOW, reportConfig, type FilledStore } from './report-fixture.js';

const EVIL = '<script>alert("x")</script> <img src=x onerror=alert(1)> "Evil" & \'Sons\'';
/** A cause label from the configuration is text too. */
const EVIL_CAUSE = 'Setting <b>speed</b> & "tension"';
const CATALOGUE = { causes: DEFAULT_CAUSE_CATALOGUE.causes.map((c) => (c.id === 'setting' ? { id: c.id, label: EVIL_CAUSE } : c)), actions: DEFAULT_CAUSE_CATALOGUE.actions };
let fx: FilledStore;
let report: MonthlyReport;
let page: string;

beforeAll(async () => {
  fx = await filledStore();
  report = await buildMonthlyReport({ config: reportConfig('/unused', { gamma: EVIL }, CATALOGUE), store: fx.store, month: JAN.month, now: NOW });
  page = renderMonthlyReportHtml(report);
});
afterAll(() => fx.close());

describe('the page is self-contained', () => {
  it('loads nothing from elsewhere and runs no script', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link/i);
    expect(page).not.toMatch(/@import|url\(/i);
    expect(page).not.toMatch(/\b(src|href|action)\s*=\s*["']?\s*(https?:)?\/\//i);
    // Every link is to a place in the page.
    for (const [, target] of page.matchAll(/href="([^"]*)"/g)) expect(target).toMatch(/^#/);
    // No element loads anything (the hostile name's "src=" is text between &lt; and &gt;, not in a tag).
    expect(page).not.toMatch(/<[a-z][^>]*\ssrc\s*=/i);
  });

  it('is a whole document with its style inline and a print layout for A4', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    // The stylesheet is markup, not escaped text.
    expect(page).toContain('"Segoe UI"');
    expect(page).toMatch(/@page\s*{\s*size:\s*A4/);
    expect(page).toMatch(/\.enterprise[^{]*{[^}]*break-before:\s*page/);
  });
});

describe('escaping', () => {
  it('prints a hostile enterprise name as text', () => {
    expect(page).not.toContain('<img');
    expect(page).not.toContain('"Evil"');
    expect(page).toContain(escapeHtml(EVIL));
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('prints a cause label from the configuration as text', () => {
    expect(page).not.toContain('<b>speed</b>');
    expect(page).toContain('Setting &lt;b&gt;speed&lt;/b&gt; &amp; &quot;tension&quot;');
  });

  it('escapes every interpolation of the template, and only those', () => {
    const name = '<b>&"\'';
    expect(html`<p title="${name}">${name}</p>`.value).toBe('<p title="&lt;b&gt;&amp;&quot;&#39;">&lt;b&gt;&amp;&quot;&#39;</p>');
    expect(html`<div>${html`<i>${name}</i>`}${[1, null, false, undefined, 'x']}</div>`.value).toBe('<div><i>&lt;b&gt;&amp;&quot;&#39;</i>1x</div>');
  });
});

describe('content', () => {
  it('has a table of contents linking to every section and enterprise', () => {
    const ids = ['summary', 'episodes', 'ranking', 'lowest-ppk', 'methods', ...report.enterprises.map((e) => `enterprise-${e.id}`)];
    for (const id of ids) {
      expect(page, id).toContain(`id="${id}"`);
      expect(page, id).toContain(`href="#${id}"`);
    }
  });

  it('says the period, the generation time and the data source', () => {
    expect(page).toContain('January 2026');
    expect(page).toContain('2026-01-01 00:00 UTC to 2026-02-01 00:00 UTC (exclusive), 31 days');
    expect(page).toContain('Generated</dt><dd>2026-02-10 12:00 UTC');
    expect(page).toContain('store (embedded)');
  });

  it('shows levels in colour and in words', () => {
    expect(page).toMatch(/<span class="level level-critical">critical<\/span>/);
    expect(page).toMatch(/<span class="level level-high">high<\/span>/);
    expect(page).toMatch(/<span class="level level-none">no assessment<\/span>/);
  });

  it('prints the figures with units and rounded, and flags what is not capable', () => {
    const r = report.enterprises[0].characteristics[0];
    expect(page).toContain(`${sig(r.mean)} mm`);
    expect(page).toContain(ppm(r.expectedPpm));
    expect(page).toMatch(/class="flag">\d\.\d\d(<br>| )not capable/);
    expect(page).not.toMatch(/NaN|Infinity|undefined|null/);
  });

  it('explains every figure', () => {
    expect(page).toContain('What each figure means');
    expect(page).toContain(escapeHtml(report.methods.sigmaWithin));
    expect(page).toContain(escapeHtml(report.methods.ranking));
  });

  it('says plainly when a month has no data', async () => {
    const empty = renderMonthlyReportHtml(await buildMonthlyReport({ config: reportConfig('/unused'), store: fx.store, month: '2025-06', now: NOW }));
    expect(empty).toMatch(/<strong>No data\.<\/strong> no measurements, alerts or risk assessments of any of the 3 configured enterprises are stored for 2025-06/);
    expect(empty).not.toMatch(/NaN|Infinity|undefined|null/);
  });
});

/** The part of the page from an element's id to the next enterprise section (or the end). */
function sectionOf(id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  const next = page.indexOf('<section', start + 1);
  return page.slice(start, next < 0 ? undefined : next);
}

/** The rows of a Pareto table: label, count, share, cumulative, and the drawn bar's width and tick. */
function paretoRows(part: string): Array<[string, string, string, string, string, string]> {
  return [
    ...part.matchAll(
      /<tr><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="bar-cell"><svg[^>]*>.*?<rect class="share" x="0" y="1" width="([\d.]+)".*?<rect class="cumulative" x="([\d.]+)"/g,
    ),
  ].map((m) => [m[1], m[2], m[3], m[4], m[5], m[6]]);
}

describe('alert episodes and the Pareto of causes', () => {
  it("prints the cluster's episodes by severity and by rule, and what became of them", () => {
    const part = sectionOf('episodes');
    const t = report.totals.episodes;
    expect(part).toContain(`<tr><th>All severities</th><td class="num">${t.raised}</td></tr>`);
    for (const [rule, n] of Object.entries(t.byRule)) expect(part).toContain(`<tr><td>${rule}</td><td class="num">${n}</td></tr>`);
    expect(part).toContain(`<th>Resolved by themselves</th><td class="num">${t.resolvedAutomatically}</td>`);
    expect(part).toContain(`<th>Resolved by a person</th><td class="num">${t.resolvedByPerson}</td>`);
    expect(part).toContain(`<th>Escalated (severity rose after raising)</th><td class="num">${t.escalated}</td>`);
    expect(part).toContain(`<td class="num">${duration(t.medianTimeToAcknowledgeMs)}</td>`);
  });

  it("draws the cluster's causes as bars of their share with a tick at the running total, labelled from the catalogue", () => {
    const rows = paretoRows(sectionOf('episodes'));
    expect(rows).toEqual(
      report.totals.causes.bars.map((b) => [
        escapeHtml(b.label),
        `${b.count}`,
        `${(b.share * 100).toFixed(1)}%`,
        `${(b.cumulative * 100).toFixed(1)}%`,
        (b.share * 100).toFixed(2),
        Math.min(99.4, b.cumulative * 100).toFixed(2),
      ]),
    );
    expect(rows.map((r) => r[0])).toEqual([escapeHtml(EVIL_CAUSE), 'Tooling (die, tip, wear)', 'Gauge or measurement fault', 'Material (rod, compound, lot change)']);
    expect(rows[0].slice(1, 5)).toEqual(['2', '33.3%', '33.3%', '33.33']);
    expect(sectionOf('episodes')).toContain(`<tr><th>No cause given (unassigned)</th><td class="num">${report.totals.causes.unassigned}</td>`);
  });

  it("draws each enterprise's causes, and per characteristic", () => {
    const acme = sectionOf('enterprise-acme');
    const rows = paretoRows(acme);
    // The enterprise's Pareto, then one per characteristic: insulation thickness, conductor resistance, the risk level (no bars).
    expect(rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['Tooling (die, tip, wear)', '2', '66.7%', '66.7%'],
      ['Gauge or measurement fault', '1', '33.3%', '100.0%'],
      ['Tooling (die, tip, wear)', '2', '100.0%', '100.0%'],
      ['Gauge or measurement fault', '1', '100.0%', '100.0%'],
    ]);
    expect(acme).toContain('Causes by characteristic');
    expect(acme).toMatch(/<h5>insulation thickness <span class="note">\(3 episodes, all lines\)<\/span><\/h5>/);
    expect(acme).toMatch(/<h5>enterprise risk level <span class="note">\(1 episode, all lines\)<\/span><\/h5>/);
    expect(acme).toContain('No cause given to the one episode on enterprise risk level.');
    expect(acme).toContain('<tr><th>No cause given (unassigned)</th><td class="num">3</td>');
    expect(sectionOf('enterprise-gamma')).toContain('No episodes raised in the month.');
  });

  it('explains the Pareto where it is printed', () => {
    expect(sectionOf('episodes')).toContain(escapeHtml(report.methods.causes));
    expect(sectionOf('enterprise-beta')).toContain(escapeHtml(report.methods.causes));
  });
});

describe('number formats', () => {
  it('keep units and sensible precision', () => {
    expect(sig(0.601234)).toBe('0.6012');
    expect(sig(11.80567)).toBe('11.81');
    expect(sig(123456.7)).toBe('123,457');
    expect(signed(-0.0123, 'mm')).toBe('\u22120.0123 mm');
    expect(signed(0.5)).toBe('+0.500');
    expect(ppm(0.001)).toBe('< 0.01 ppm');
    expect(ppm(1349.9)).toBe('1,350 ppm');
    expect(ppm(231.04)).toBe('231 ppm');
    expect(duration(30 * 60_000)).toBe('about 30 min');
    expect(duration(25 * 3_600_000)).toBe('about 1 day');
    expect(duration(null)).toBe('\u2013');
  });
});
