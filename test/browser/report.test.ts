/**
 * The monthly report in a real browser (Debian's Chromium driven by
 * playwright-core) on a phone-sized screen, against the real stack with its
 * embedded store. The store holds four months of readings of one line, ending
 * two months before today, and that month's reel records; the last month and
 * this one hold nothing (the old default opened on an empty month).
 *
 *   - the report view opens on the latest month with data, and fits 375 px;
 *   - the printable page it opens fits 375 px (tables scroll in their own
 *     box), draws a capability trend per series and the Paretos of the
 *     nonconforming reels, and loads nothing from anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../ops/logger.js';
import { encodeReelRecord } from '../../protocol/event-log/reel-records.js';
import { SeededRandom } from '../../simulators/random.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import type { Measurement } from '../../store/port.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { launchChromium } from '../support/chromium.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { logIn, openPage, screenshot, type WatchedPage } from './support/page-helpers.js';
import { buildWebPage } from './support/web-build.js';

const NORTHWIND = 'northwind-cable';
const HOUR = 3_600_000;
const PHONE = { width: 375, height: 812 };

function monthStart(offset: number): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
}
function monthId(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The latest month with data: two months before this one (the last month is empty). */
const LATEST = monthStart(-2);

function readings(): Measurement[] {
  const rng = new SeededRandom(18);
  const out: Measurement[] = [];
  // Four months, the insulation thinning a little each month so the trend falls.
  for (let k = 0; k < 4; k++) {
    const from = monthStart(-5 + k);
    for (let i = 0; i < 300; i++) {
      const ts = from + i * 2 * HOUR;
      out.push({ enterprise: NORTHWIND, line: 'extruder-1', characteristic: 'insulation_thickness', ts, value: 0.7 - 0.02 * k + 0.02 * rng.normal() });
      out.push({ enterprise: NORTHWIND, line: 'extruder-1', characteristic: 'conductor_resistance', ts, value: 11.7 + 0.08 * rng.normal() });
    }
  }
  return out;
}

function reel(id: string, startedAt: number, outOfSpec: number): ReelRecord {
  const verdict = outOfSpec > 0 ? 'nonconforming' : 'conforming';
  return {
    enterprise: NORTHWIND,
    line: 'extruder-1',
    reel: id,
    product: 'BV-1.5',
    startedAt,
    endedAt: startedAt + HOUR,
    endedBy: 'end',
    startM: 0,
    endM: 2000,
    status: 'final',
    lateReadings: 0,
    characteristics: [
      { characteristic: 'insulation_thickness', n: 60, min: 0.5, max: 0.72, mean: 0.64, sd: 0.03, lsl: 0.53, usl: null, ppk: 1.2, outOfSpec, metresOutOfSpec: outOfSpec > 0 ? 4 : 0, verdict },
    ],
    verdict,
  };
}

describe('the monthly report in a browser, on a phone', () => {
  let dir: string;
  let stack: EmbeddedStack;
  let browser: Browser;
  let phone: WatchedPage;

  beforeAll(async () => {
    buildWebPage();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'linewatch-browser-report-'));
    const config = await pipelineTestConfig({ dataDir: join(dir, 'data'), baseline: 20 });
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('browser-report-test', 'silent') });
    // Months long past: written to the store as the analytics service would have, not replayed live.
    await stack.store.writeMeasurements(readings());
    await stack.store.appendEvents([reel('NW-001', LATEST + 24 * HOUR, 0), reel('NW-002', LATEST + 26 * HOUR, 3), reel('NW-003', LATEST + 28 * HOUR, 1)].map(encodeReelRecord));
    phone = await openPage(browser, stack.httpUrl, PHONE);
    await logIn(phone.page, 'regulator', TEST_PASSWORDS.regulator);
  }, 120_000);

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The document's width against the window's: more would scroll sideways. */
  const widths = (page: Page) => page.evaluate('({ scroll: document.documentElement.scrollWidth, view: window.innerWidth })') as Promise<{ scroll: number; view: number }>;

  it('opens the report view on the latest month with data, within the phone width', async () => {
    const { page, problems } = phone;
    await page.goto('/#/report');
    await page.locator('.view.report').waitFor();
    await expect.poll(() => page.locator('#report-month-note').textContent()).toContain('Latest month with data');
    expect(await page.locator('#report-month').inputValue()).toBe(monthId(LATEST));
    expect(await page.locator('#report-month-note').textContent()).toBe(`Latest month with data: ${monthId(LATEST)}.`);
    const w = await widths(page);
    expect(w.view).toBe(PHONE.width);
    expect(w.scroll).toBeLessThanOrEqual(w.view);
    await screenshot(page, 'report-view-phone');
    expect(problems).toEqual([]);
  });

  it('opens the printable page with its charts, fitting the phone and loading nothing', async () => {
    const { page, problems } = phone;
    const requests: string[] = [];
    page.context().on('request', (r) => requests.push(r.url()));
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.locator('#report-open').click()]);
    await report.waitForURL(/\/reports\/monthly\?ticket=/);
    await report.locator('#methods').waitFor();
    expect(await report.locator('.subtitle').first().textContent()).toContain(new Date(LATEST).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }));

    // A trend per series with data, and both Paretos of the nonconforming reels.
    expect(await report.locator('svg.trend-chart').count()).toBe(2);
    expect(await report.locator(`#chart-reels-line-${NORTHWIND}`).count()).toBe(1);
    expect(await report.locator(`#chart-reels-characteristic-${NORTHWIND}`).count()).toBe(1);
    // The trend of insulation thickness: four months, the last the table's Ppk.
    const trend = report.locator(`#chart-trend-${NORTHWIND}-extruder-1-insulation_thickness`);
    expect(await trend.locator('text.value').count()).toBe(4);
    expect(await trend.getAttribute('aria-labelledby')).toBe(`chart-trend-${NORTHWIND}-extruder-1-insulation_thickness-title chart-trend-${NORTHWIND}-extruder-1-insulation_thickness-desc`);
    // The charts scale with the screen: drawn no wider than the page.
    for (const box of await report.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(PHONE.width);

    const w = await widths(report);
    expect(w.view).toBe(PHONE.width);
    expect(w.scroll).toBeLessThanOrEqual(w.view);
    // A wide table scrolls inside its own box instead.
    const wide = await report
      .locator('table.wide')
      .first()
      .evaluate((t) => ({ scroll: t.scrollWidth, client: t.clientWidth }));
    expect(wide.client).toBeLessThanOrEqual(PHONE.width);

    const html = await report.content();
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    // Nothing but the page itself (and the ticket the view asked for) was requested.
    const origin = new URL(stack.httpUrl).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && u !== 'about:blank')).toEqual([]);
    await screenshot(report, 'report-page-phone');
    // In print the charts are still drawn, in black on white.
    await report.emulateMedia({ media: 'print' });
    const printed = await report.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    expect(printed.length).toBeGreaterThan(0);
    for (const width of printed) expect(width).toBeGreaterThan(100);
    // A string, not a function: this file compiles without the DOM library.
    expect(await report.evaluate(`getComputedStyle(document.querySelector('svg.trend-chart polyline.trend')).stroke`)).toBe('rgb(17, 17, 17)');
    await report.close();
    expect(problems).toEqual([]);
  });
});
