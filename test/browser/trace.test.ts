/**
 * The trace pages in a real browser (Debian's Chromium driven by
 * playwright-core) against the real stack (`startEmbeddedStack`: broker,
 * embedded store, analytics, the embedded register, the dashboard). Reel
 * records go into the store with the stack's own encoder, the enterprise's
 * lots, reel lots, tests and shipments into the register as it keeps them:
 *
 *   - a regulator traces a line over a time range with the form: exactly the
 *     reels made in it, with their verdicts, and exactly their customers;
 *     the CSV is the API's;
 *   - a click on a reel opens its reverse trace: line, product, quality
 *     record, lots with supplier and certificate, tests, shipments;
 *   - the regulator opens a recall case from the trace and adds an action
 *     with a status change: shown with who and when, and stored so;
 *   - an enterprise user traces its own enterprise only (no picker; another
 *     enterprise in the URL still shows its own) and reads its case without
 *     a form.
 * No page logs a console error; screenshots go to test-artifacts/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import type { RecallRecord } from '../../trace/records/trace-records.js';
import { launchChromium } from '../support/chromium.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { logIn, openPage, screenshot, tokenOf, type WatchedPage } from './support/page-helpers.js';
import { insulation, reelRecord, registerTraceRecords, storeReels } from './support/trace-data.js';
import { buildWebPage } from './support/web-build.js';

const NORTHWIND = 'northwind-cable';
const EASTRIVER = 'eastriver-wire';
const MIN = 60_000;
const WAIT = { timeout: 20_000 };
/** Whole minutes, hours ago: a datetime-local input holds minutes, and nothing is in the future. */
const BASE = Math.floor((Date.now() - 8 * 60 * MIN) / MIN) * MIN;
const FROM = BASE + 55 * MIN;
const TO = BASE + 155 * MIN;

/** The local wall clock a datetime-local input shows for `ms` (the browser runs in this machine's zone). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe('the trace pages in a browser', { timeout: 120_000 }, () => {
  let dir: string;
  let stack: EmbeddedStack;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  let recallId = '';

  beforeAll(async () => {
    buildWebPage();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'linewatch-trace-browser-'));
    const file = await pipelineTestConfigFile({ dataDir: join(dir, 'data'), baseline: 20, live: { baselineMinutes: 1 } });
    const config = parseConfig(JSON.stringify({ ...file, supervision: { inspectors: [{ id: 'insp-li', name: 'Li Na' }] } }), 'trace-browser-test.json', join(dir, 'data'));
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('trace-browser-test', 'silent') });

    // Northwind's extruder-1: NW-R0 before the range, NW-R1..R3 in it (R2 with a thin-insulation stretch); Eastriver's reel at the same time.
    await storeReels(stack, [
      reelRecord(NORTHWIND, 'extruder-1', 'NW-R0', BASE, [insulation(0)]),
      reelRecord(NORTHWIND, 'extruder-1', 'NW-R1', BASE + 60 * MIN, [insulation(0)]),
      reelRecord(NORTHWIND, 'extruder-1', 'NW-R2', BASE + 90 * MIN, [insulation(4)]),
      reelRecord(NORTHWIND, 'extruder-1', 'NW-R3', BASE + 120 * MIN, [insulation(0)]),
      reelRecord(EASTRIVER, 'L1', 'ER-R1', BASE + 90 * MIN, [insulation(0)]),
    ]);
    const day = new Date(BASE).toISOString().slice(0, 10);
    const at = new Date(BASE + 160 * MIN).toISOString();
    await registerTraceRecords(
      stack,
      [
        {
          id: 'lot-cu-1',
          enterprise: NORTHWIND,
          kind: 'trace.material-lot',
          material: 'copper-rod',
          supplier: 'Jiangxi Copper',
          lot: 'CU-7781',
          certificate: 'COA-2026-0412',
          receivedOn: day,
          quantity: '12.5 t',
        },
        { id: 'lot-pvc-1', enterprise: NORTHWIND, kind: 'trace.material-lot', material: 'pvc-insulation', supplier: 'Zhongtai', lot: 'PVC-330', certificate: '', receivedOn: day, quantity: '' },
        { id: 'rl-r2', enterprise: NORTHWIND, kind: 'trace.reel-lots', reel: 'NW-R2', lots: ['lot-cu-1', 'lot-pvc-1'] },
        {
          id: 'rt-r2-res',
          enterprise: NORTHWIND,
          kind: 'trace.reel-test',
          reel: 'NW-R2',
          test: 'conductor-resistance-20c',
          value: 12.02,
          unit: 'ohm/km',
          result: 'pass',
          instrument: 'KB-2',
          testedAt: at,
          by: 'lab-wu',
        },
        {
          id: 'rt-r2-volt',
          enterprise: NORTHWIND,
          kind: 'trace.reel-test',
          reel: 'NW-R2',
          test: 'voltage-test',
          value: 3.5,
          unit: 'kV',
          result: 'fail',
          instrument: 'HV-9',
          testedAt: at,
          by: 'lab-wu',
        },
        { id: 'sh-1', enterprise: NORTHWIND, kind: 'trace.shipment', reels: ['NW-R1', 'NW-R2'], customer: 'Harbin Power', shippedOn: day, destination: 'Harbin', document: 'WB-1001' },
        { id: 'sh-2', enterprise: NORTHWIND, kind: 'trace.shipment', reels: ['NW-R1'], customer: 'Acme Grid', shippedOn: day, destination: 'Wuhan', document: '' },
        { id: 'sh-0', enterprise: NORTHWIND, kind: 'trace.shipment', reels: ['NW-R0'], customer: 'Before Range Ltd', shippedOn: day, destination: 'Xian', document: '' },
        { id: 'sh-er', enterprise: EASTRIVER, kind: 'trace.shipment', reels: ['ER-R1'], customer: 'Eastriver Customer', shippedOn: day, destination: 'Chengdu', document: '' },
      ],
      'regulator',
    );
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

  describe('as a regulator', () => {
    let regulator: WatchedPage;

    beforeAll(async () => {
      regulator = await open();
      await logIn(regulator.page, 'regulator', TEST_PASSWORDS.regulator);
    });

    it('traces a line over a time range: exactly its reels, verdicts and customers, and the CSV', async () => {
      const { page, problems } = regulator;
      await page.getByRole('link', { name: 'Trace', exact: true }).click();
      await page.locator('#trace-enterprise').selectOption(NORTHWIND);
      await page.locator(`.view.trace[data-enterprise="${NORTHWIND}"]`).waitFor(WAIT);
      const byLine = page.locator('form[data-by="line"]');
      await byLine.locator('#trace-line').selectOption('extruder-1');
      await byLine.locator('#trace-from').fill(localInput(FROM));
      await byLine.locator('#trace-to').fill(localInput(TO));
      await byLine.getByRole('button', { name: 'Trace' }).click();

      const rows = page.locator('table.trace-table tbody tr');
      await rows.first().waitFor(WAIT);
      expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-reel'), tr.getAttribute('data-verdict')]))).toEqual([
        ['NW-R1', 'conforming'],
        ['NW-R2', 'nonconforming'],
        ['NW-R3', 'conforming'],
      ]);
      const r2 = page.locator('table.trace-table tr[data-reel="NW-R2"]');
      expect(await r2.locator('td[data-field="verdict"]').textContent()).toContain('Nonconforming');
      expect(await r2.locator('td[data-field="length"]').textContent()).toBe('2,000 m');
      expect(await r2.locator('td[data-field="tests"]').textContent()).toBe('2 tests, failed: voltage-test');
      expect(await r2.locator('td[data-field="shipped"]').textContent()).toBe(`Harbin Power → Harbin (${new Date(BASE).toISOString().slice(0, 10)})`);
      expect(await page.locator('table.trace-table tr[data-reel="NW-R3"] td[data-field="shipped"]').textContent()).toBe('not shipped');
      // The recall list: exactly the customers of the reels in the range, not the reel before it nor the other enterprise's.
      const customers = page.locator('ul.recall-customers li');
      expect(await customers.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-customer')))).toEqual(['Acme Grid', 'Harbin Power']);
      expect(await page.locator('ul.recall-customers li[data-customer="Harbin Power"] .customer-nonconforming').textContent()).toBe(' · nonconforming: NW-R2');
      // The page asked the API with the range the form was given.
      const token = await tokenOf(page);
      const api = (await (
        await fetch(`${stack.httpUrl}/api/trace/reels?enterprise=${NORTHWIND}&line=extruder-1&from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { customers: string[] };
      expect(api.customers).toEqual(['Acme Grid', 'Harbin Power']);
      await screenshot(page, 'trace-line');

      const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`trace-${NORTHWIND}-extruder-1-${new Date(FROM).toISOString().slice(0, 10)}.csv`);
      const csv = readFileSync(await download.path(), 'utf8');
      for (const reel of ['NW-R1', 'NW-R2', 'NW-R3']) expect(csv).toContain(reel);
      for (const absent of ['NW-R0', 'ER-R1', 'Before Range Ltd']) expect(csv).not.toContain(absent);
      expect(problems).toEqual([]);
    });

    it('opens a reel from the trace: its line, product, quality record, lots, tests and shipments', async () => {
      const { page, problems } = regulator;
      await page.locator('table.trace-table tr[data-reel="NW-R2"] a.reel-link').click();
      const view = page.locator(`.view.reel[data-reel="NW-R2"][data-enterprise="${NORTHWIND}"]`);
      await view.locator('table.reel-quality-table').waitFor(WAIT);
      expect(await view.locator('.reel-summary [data-field="line"]').textContent()).toBe('extruder-1');
      expect(await view.locator('.reel-summary [data-field="product"]').textContent()).toBe('BV-1.5');
      expect(await view.locator('.reel-summary .verdict').getAttribute('data-verdict')).toBe('nonconforming');
      const quality = view.locator('table.reel-quality-table tr[data-characteristic="insulation_thickness"]');
      expect(await quality.getAttribute('data-verdict')).toBe('nonconforming');
      expect(await quality.locator('td[data-field="n"]').textContent()).toBe('1800');
      expect(await quality.locator('td[data-field="min"]').textContent()).toBe('0.512');
      expect(await quality.locator('td[data-field="ppk"]').textContent()).toBe('1.93');
      expect(await quality.locator('td[data-field="outOfSpec"]').textContent()).toBe('4');
      expect(await quality.locator('td[data-field="metresOutOfSpec"]').textContent()).toBe('12.5 m');
      expect(await quality.locator('td[data-field="calibration"]').getAttribute('data-status')).toBe('not-registered');
      const lots = view.locator('.reel-lots tbody tr');
      expect(await lots.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
        ['copper-rod', 'Jiangxi Copper', 'CU-7781', 'COA-2026-0412'],
        ['pvc-insulation', 'Zhongtai', 'PVC-330', '—'],
      ]);
      const tests = view.locator('.reel-tests tbody tr');
      expect(await tests.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-test'), tr.getAttribute('data-result')]))).toEqual([
        ['conductor-resistance-20c', 'pass'],
        ['voltage-test', 'fail'],
      ]);
      expect(await view.locator('.reel-tests tr[data-test="conductor-resistance-20c"] td').nth(1).textContent()).toBe('12.02 ohm/km');
      expect(await view.locator('.reel-shipments tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer')))).toEqual(['Harbin Power']);
      await screenshot(page, 'trace-reel');
      expect(problems).toEqual([]);
    });

    it('opens a recall case from the trace and adds an action, shown with who and when', async () => {
      const { page, problems } = regulator;
      await page.goBack();
      await page.locator('#recall-title').waitFor(WAIT);
      await page.locator('#recall-title').fill('Thin insulation on extruder-1');
      await page.getByRole('button', { name: 'Open a recall case' }).click();
      const view = page.locator('.view.recall[data-status="open"]');
      await view.waitFor(WAIT);
      recallId = (await view.getAttribute('data-recall-id')) ?? '';
      expect(recallId).not.toBe('');
      expect(await view.locator('ul.recall-reels li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-reel')))).toEqual(['NW-R1', 'NW-R2', 'NW-R3']);
      expect(await view.locator('ul.recall-customers li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-customer')))).toEqual(['Acme Grid', 'Harbin Power']);

      await page.locator('#recall-action').fill('Called both customers');
      await page.locator('#recall-note').fill('Harbin Power holds NW-R2 in its yard.');
      await page.locator('#recall-status').selectOption('notified');
      await page.getByRole('button', { name: 'Add the action' }).click();
      await page.locator('.view.recall[data-status="notified"]').waitFor(WAIT);
      const action = page.locator('li.recall-action');
      await action.first().waitFor(WAIT);
      const token = await tokenOf(page);
      const stored = (await (await fetch(`${stack.httpUrl}/api/trace/recalls/${recallId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as RecallRecord;
      expect(stored.status).toBe('notified');
      expect(stored.actions.map((a) => [a.action, a.note, a.by])).toContainEqual(['Called both customers', 'Harbin Power holds NW-R2 in its yard.', 'regulator']);
      const mine = stored.actions.find((a) => a.action === 'Called both customers')!;
      const shown = page.locator(`li.recall-action[data-at="${mine.at}"]`);
      expect(await shown.getAttribute('data-by')).toBe('regulator');
      expect(await shown.locator('.action-text').textContent()).toBe('Called both customers');
      expect(await shown.locator('.action-who').textContent()).toBe(`by regulator at ${localInput(Date.parse(mine.at)).replace('T', ' ')}`);
      expect(await shown.locator('.action-note').textContent()).toBe('Harbin Power holds NW-R2 in its yard.');
      await screenshot(page, 'trace-recall-case');
      expect(problems).toEqual([]);
    });
  });

  it('shows an enterprise user traces of its own enterprise only, and its recall case read-only', async () => {
    const user = await open();
    const { page, problems } = user;
    await logIn(page, 'northwind-quality', TEST_PASSWORDS.enterpriseUser);
    await page.getByRole('link', { name: 'Trace', exact: true }).click();
    await page.locator(`.view.trace[data-enterprise="${NORTHWIND}"]`).waitFor(WAIT);
    expect(await page.locator('#trace-enterprise').count()).toBe(0);
    // Another enterprise in the URL: still its own, and none of the other's reels or customers.
    const range = `from=${encodeURIComponent(new Date(FROM).toISOString())}&to=${encodeURIComponent(new Date(TO).toISOString())}`;
    await page.goto(`/#/trace?enterprise=${EASTRIVER}&line=extruder-1&${range}`);
    await page.locator('table.trace-table tbody tr').first().waitFor(WAIT);
    expect(await page.locator('.view.trace').getAttribute('data-enterprise')).toBe(NORTHWIND);
    expect(await page.locator('table.trace-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-reel')))).toEqual(['NW-R1', 'NW-R2', 'NW-R3']);
    expect(await page.locator('main').textContent()).not.toMatch(/ER-R1|Eastriver Customer/);
    expect(await page.locator('form.recall-open').count()).toBe(0);
    await screenshot(page, 'trace-enterprise-user');
    // And the API refuses it the other enterprise's trace.
    const token = await tokenOf(page);
    const other = await fetch(`${stack.httpUrl}/api/trace/reels?enterprise=${EASTRIVER}&line=L1&${range}`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(403);

    await page.getByRole('link', { name: 'Recalls', exact: true }).click();
    const row = page.locator(`table.recalls-table tr[data-recall-id="${recallId}"]`);
    await row.waitFor(WAIT);
    await row.getByRole('link').click();
    await page.locator('li.recall-action').first().waitFor(WAIT);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('.recall-status').textContent()).toBe('Customers notified');
    expect(problems).toEqual([]);
  });
});
