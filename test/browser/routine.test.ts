/**
 * The enterprise's routine in a real browser (Debian's Chromium driven by
 * playwright-core) against the real stack (`startEmbeddedStack`: broker,
 * embedded store, analytics, the embedded register, the dashboard):
 *
 *   - an enterprise user opens yesterday's daily control log, reads the
 *     draft, writes remarks, saves, signs as the quality-safety officer
 *     after confirming, and then sees the report read-only as signed;
 *   - a regulator sees the month's compliance: the daily logs signed
 *     against those due, and the monthly review missing for every maker in
 *     the month before.
 * Every page is checked for console errors; screenshots go to
 * test-artifacts/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { launchChromium } from '../support/chromium.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { logIn, openPage, screenshot, type WatchedPage } from './support/page-helpers.js';
import { buildWebPage } from './support/web-build.js';

const NORTHWIND = 'northwind-cable';
const EASTRIVER = 'eastriver-wire';
const DAY = 86_400_000;
const WAIT = { timeout: 20_000 };

/** Sundays from the month's 1st up to and including `last`: the weekly reports due by then. */
function sundaysUpTo(last: string): number {
  let n = 0;
  for (let d = Date.parse(`${last.slice(0, 7)}-01T00:00:00Z`); d <= Date.parse(`${last}T00:00:00Z`); d += DAY) if (new Date(d).getUTCDay() === 0) n += 1;
  return n;
}

describe('the routine in a browser', { timeout: 120_000 }, () => {
  let dir: string;
  let stack: EmbeddedStack;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  // The report is for yesterday, so it is due in the compliance of yesterday's month whenever the suite runs.
  const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
  const month = yesterday.slice(0, 7);
  const monthBefore = new Date(Date.parse(`${month}-01T00:00:00Z`) - DAY).toISOString().slice(0, 7);

  beforeAll(async () => {
    buildWebPage();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'linewatch-routine-browser-'));
    const file = await pipelineTestConfigFile({ dataDir: join(dir, 'data'), baseline: 20, live: { baselineMinutes: 1 } });
    const config = parseConfig(JSON.stringify(file), 'routine-browser-test.json', join(dir, 'data'));
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('routine-browser-test', 'silent') });
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async () => {
    const p = await openPage(browser, stack.httpUrl);
    pages.push(p);
    return p;
  };

  it('lets the enterprise’s quality officer complete and sign the daily log, then shows it read-only', async () => {
    const { page, problems } = await open();
    await logIn(page, 'northwind-quality', TEST_PASSWORDS.enterpriseUser);
    expect(await page.locator('nav a').allTextContents()).toEqual(['My lines', 'My records', 'Alerts', 'Trace', 'Recalls', 'Report', 'Routine']);
    await page.getByRole('link', { name: 'Routine' }).click();
    await page.locator('.view.routine[data-role="enterprise"]').waitFor(WAIT);
    await page.goto(`/#/routine?period=daily&start=${yesterday}`);
    const view = page.locator(`.view.routine[data-role="enterprise"][data-period="daily"][data-start="${yesterday}"]`);
    await view.waitFor(WAIT);
    const draft = view.locator(`.routine-draft[data-period="daily"][data-start="${yesterday}"]`);
    await draft.waitFor(WAIT);
    expect(await draft.locator('[data-part] h3').allTextContents()).toEqual(['Episodes', 'Nonconforming reels', 'Gateways down', 'Calibration']);
    expect(await draft.locator('[data-part="episodes"] .routine-summary').textContent()).toBe('0 episode(s), 0 without a cause');
    expect(await page.locator('.routine-history .empty').textContent()).toBe('No report saved yet.');

    await page.getByLabel('Remarks: causes, measures taken').fill('Line ran clean; die inspected at shift change.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('.routine-reports li', { hasText: `Daily control log ${yesterday} · not signed` }).waitFor(WAIT);
    expect(await view.locator('h2').first().textContent()).toBe('Daily control log · saved, not signed');

    // Signing asks first; cancelling signs nothing.
    await page.getByRole('button', { name: 'Sign…' }).click();
    expect(await page.locator('.routine-confirm').textContent()).toBe('Sign this report? Once signed it cannot change.');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('button', { name: 'Sign it' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByLabel('Signing as').selectOption('quality-safety-officer');
    await page.getByRole('button', { name: 'Sign it' }).click();

    const signature = view.locator('.routine-signature[data-signed-by="northwind-quality"]');
    await signature.waitFor(WAIT);
    expect(await signature.textContent()).toMatch(/^Signed by northwind-quality as Quality-safety officer on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. A signed report cannot change\.$/);
    expect(await view.locator('.routine-remarks').textContent()).toBe('Line ran clean; die inspected at shift change.');
    // Read-only: no remarks box, no save or sign.
    expect(await page.locator('textarea').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Save draft|Sign/ }).count()).toBe(0);
    await page.locator('.routine-reports li', { hasText: `Daily control log ${yesterday} · signed by northwind-quality` }).waitFor(WAIT);
    await screenshot(page, 'routine-signed');

    // What the register holds: signed, by whom, with the draft frozen.
    const [stored] = await stack.supervision.register.listRecords({ enterprise: NORTHWIND, kind: 'trace.routine' });
    expect(stored.body).toMatchObject({
      period: 'daily',
      periodStart: yesterday,
      signedBy: 'northwind-quality',
      signedAs: 'quality-safety-officer',
      draft: { period: 'daily', periodStart: yesterday },
    });
    expect(problems).toEqual([]);
  });

  it('shows a regulator who keeps the routine in a month and who misses the monthly review', async () => {
    const { page, problems } = await open();
    await logIn(page, 'regulator', TEST_PASSWORDS.regulator);
    expect(await page.locator('nav a').allTextContents()).toEqual(['Overview', 'Alerts', 'Register', 'Proposals', 'Draws', 'Trace', 'Recalls', 'Routine', 'Report']);
    await page.getByRole('link', { name: 'Routine' }).click();
    await page.locator('.view.routine[data-role="regulator"]').waitFor(WAIT);
    await page.goto(`/#/routine?month=${month}`);
    const table = page.locator(`table.routine-compliance[data-month="${month}"]`);
    await table.waitFor(WAIT);
    const row = (e: string) => table.locator(`tr[data-enterprise="${e}"]`);
    const due = Number(yesterday.slice(8, 10));
    expect(await row(NORTHWIND).locator('[data-count="daily"]').textContent()).toBe(`1 of ${due}`);
    expect(await row(EASTRIVER).locator('[data-count="daily"]').textContent()).toBe(`0 of ${due}`);
    expect(await row(NORTHWIND).locator('[data-count="weekly"]').textContent()).toBe(`0 of ${sundaysUpTo(yesterday)}`);
    expect(await row(NORTHWIND).locator('[data-count="monthly"]').textContent()).toBe('Not due yet');
    await screenshot(page, 'routine-compliance');

    // The month before is over: nobody signed its review.
    await page.locator('#routine-month').fill(monthBefore);
    await page.locator('#routine-month').dispatchEvent('change');
    const before = page.locator(`table.routine-compliance[data-month="${monthBefore}"]`);
    await before.waitFor(WAIT);
    expect(await before.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-enterprise'), r.getAttribute('data-review')]))).toEqual([
      [NORTHWIND, 'missing'],
      [EASTRIVER, 'missing'],
    ]);
    expect(await before.locator('tr.routine-missing [data-count="monthly"]').allTextContents()).toEqual(['Missing', 'Missing']);
    expect(problems).toEqual([]);
  });
});
