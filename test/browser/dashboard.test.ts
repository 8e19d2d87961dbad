/**
 * The regulator's dashboard in a real browser (Debian's Chromium driven by
 * playwright-core) against the real stack: broker, embedded store,
 * analytics and the dashboard in one process, fed by gateways over MQTT.
 *
 *   - a regulator logs in and sees the cluster overview fill;
 *   - a drift replayed through a gateway raises an alert that appears in the
 *     open page without a reload, and the regulator acknowledges it;
 *   - the enterprise page draws control charts, capability and a histogram;
 *   - an enterprise user sees only its own enterprise: another's data is
 *     neither shown nor reachable by URL, API or socket.
 * Every page is checked for console errors; screenshots of the main pages
 * go to test-artifacts/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../monitor/alert.js';
import { launchChromium } from '../../dashboard/testing/chromium.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { gatewayReplayer, type Replayer } from './support/line-data.js';
import { logIn, openPage, screenshot, tokenOf, type WatchedPage } from './support/page-helpers.js';
import { buildWebPage } from './support/web-build.js';

const NORTHWIND = 'northwind-cable';
const EASTRIVER = 'eastriver-wire';
const SECOND = 1000;

describe('the dashboard in a browser', () => {
  let dir: string;
  let stack: EmbeddedStack;
  let browser: Browser;
  let northwind: Replayer;
  let eastriver: Replayer;
  /** Readings are placed in the last minutes before the suite started. */
  const t0 = Date.now();
  const pages: WatchedPage[] = [];
  const alertsOf = (enterprise: string) => stack.analytics.alerts.list({ enterprise });

  beforeAll(async () => {
    // The page first: a compile error should fail here, before anything starts.
    buildWebPage();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'linewatch-browser-'));
    const config = await pipelineTestConfig({ dataDir: join(dir, 'data'), baseline: 20 });
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('browser-test', 'silent') });
    northwind = gatewayReplayer({ mqttUrl: stack.mqttUrl, enterprise: NORTHWIND, gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, dir });
    eastriver = gatewayReplayer({ mqttUrl: stack.mqttUrl, enterprise: EASTRIVER, gateway: 'eastriver-gw1', password: TEST_PASSWORDS.otherGateway, dir });
    // Northwind in control on both characteristics; Eastriver's insulation thinning toward its minimum.
    const start = t0 - 400 * SECOND;
    await northwind.replay({ line: 'extruder-1', characteristic: 'insulation_thickness', start, n: 150, mean: 0.7, sd: 0.01, seed: 11 });
    await northwind.replay({ line: 'extruder-1', characteristic: 'conductor_resistance', start, n: 150, mean: 11.7, sd: 0.04, seed: 12 });
    await eastriver.replay({ line: 'L1', characteristic: 'insulation_thickness', start, n: 150, mean: 0.72, sd: 0.01, driftFrom: 60, driftPerSample: -0.002, seed: 13 });
    await stack.analytics.drain();
    if (alertsOf(EASTRIVER).length === 0) throw new Error("Eastriver's drift raised no alert: the tenancy checks below would prove nothing");
  }, 90_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await northwind?.stop();
    await eastriver?.stop();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (viewport?: { width: number; height: number }) => {
    const p = await openPage(browser, stack.httpUrl, viewport);
    pages.push(p);
    return p;
  };

  describe('as a regulator', () => {
    let regulator: WatchedPage;

    beforeAll(async () => {
      regulator = await open();
    });

    it('logs in and sees the cluster overview fill', async () => {
      const { page, problems } = regulator;
      await page.goto('/');
      await page.getByLabel('User name').waitFor();
      await screenshot(page, 'login');
      await logIn(page, 'regulator', TEST_PASSWORDS.regulator);

      const rows = page.locator('.enterprise-table .rank-body [role=row]');
      await expect.poll(() => rows.count()).toBe(2);
      await expect.poll(() => page.locator('.alert-list [data-alert-id]').count()).toBeGreaterThan(0);
      const eastriverRow = page.locator(`.rank-row[data-enterprise="${EASTRIVER}"]`);
      await expect.poll(() => eastriverRow.textContent()).toMatch(/\d+ active/);
      expect(await page.locator('[data-kpi="active-alerts"] .kpi-figure').textContent()).toBe(String(alertsOf(EASTRIVER).filter((a) => a.status === 'active').length + alertsOf(NORTHWIND).filter((a) => a.status === 'active').length));
      // Every open alert of the cluster is in the feed, Eastriver's included.
      for (const a of alertsOf(EASTRIVER).slice(0, 5)) await page.locator(`[data-alert-id="${a.id}"]`).waitFor();
      await screenshot(page, 'regulator-overview');

      const tablet = await open({ width: 820, height: 1180 });
      await logIn(tablet.page, 'regulator', TEST_PASSWORDS.regulator);
      await expect.poll(() => tablet.page.locator('.enterprise-table .rank-body [role=row]').count()).toBe(2);
      await screenshot(tablet.page, 'regulator-overview-tablet');
      expect(tablet.problems).toEqual([]);
      expect(problems).toEqual([]);
    });

    it('sees a new alert arrive live after a drift, and acknowledges it', async () => {
      const { page, problems } = regulator;
      const before = new Set(alertsOf(NORTHWIND).map((a) => a.id));
      // Northwind's insulation starts thinning, right after its in-control readings.
      await northwind.replay({ line: 'extruder-1', characteristic: 'insulation_thickness', start: t0 - 240 * SECOND, n: 60, mean: 0.7, sd: 0.01, driftFrom: 0, driftPerSample: -0.0015, seed: 21 });
      await stack.analytics.drain();
      // Series alerts only: the enterprise's risk-level alert comes from the risk loop's own timer.
      const raised = alertsOf(NORTHWIND).filter((a) => !before.has(a.id) && a.rule !== 'riskLevel');
      expect(raised.length, 'alerts raised by the drift').toBeGreaterThan(0);

      // The page was not reloaded: the cards came over the socket.
      const newest = raised.reduce((a, b) => (b.raisedAt > a.raisedAt ? b : a));
      const card = page.locator(`.overview [data-alert-id="${newest.id}"]`);
      await card.waitFor({ timeout: 15_000 });
      expect(await card.textContent()).toContain('Northwind Cable');
      await expect.poll(() => page.locator(`.rank-row[data-enterprise="${NORTHWIND}"]`).textContent()).toMatch(/\d+ active/);
      await screenshot(page, 'regulator-alert-live');

      await card.getByRole('button', { name: 'Acknowledge…' }).click();
      await card.getByLabel(/cause and corrective action/).fill('Die wear suspected; line stopped for inspection.');
      await card.locator('form').getByRole('button', { name: 'Acknowledge' }).click();
      await expect.poll(() => card.locator('.alert-status').textContent()).toMatch(/^Acknowledged · acknowledged by regulator/);
      const stored = stack.analytics.alerts.get(newest.id) as Alert;
      expect(stored.status).toBe('acknowledged');
      expect(stored.acknowledged).toMatchObject({ by: 'regulator', comment: 'Die wear suspected; line stopped for inspection.' });
      await screenshot(page, 'regulator-alert-acknowledged');
      expect(problems).toEqual([]);
    });

    it("shows an enterprise's control charts, capability and histogram", async () => {
      const { page, problems } = regulator;
      // The risk model's newest assessment, with the drift above in it, is what the page will show.
      await stack.analytics.assessRisk();
      await page.locator(`.rank-row[data-enterprise="${NORTHWIND}"] a`).click();
      await page.locator(`.view.enterprise[data-enterprise="${NORTHWIND}"]`).waitFor();
      const cards = page.locator('.series-card');
      await expect.poll(() => cards.count()).toBe(2);
      await expect.poll(() => page.locator('.series-card[data-state="ready"]').count(), { timeout: 15_000 }).toBe(2);

      const thickness = page.locator('.series-card[data-series="extruder-1/insulation_thickness"]');
      expect(await thickness.locator('.spec').textContent()).toBe('Spec: min 0.53 · nominal 0.7 mm');
      // Individuals and EWMA charts are drawn (uPlot canvases), with their limits named.
      expect(await thickness.locator('canvas').count()).toBe(2);
      // Time axes in 24-hour ISO time like the rest of the page ("15:40:30"; the date under a tick only where the axis spans days), never "3:40pm".
      const ticks = (await thickness.locator('.chart').first().getAttribute('data-time-ticks')) ?? '';
      expect(ticks.split(' | ').length).toBeGreaterThan(2);
      for (const tick of ticks.split(' | ')) expect(tick).toMatch(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?( \d{4}-\d{2}-\d{2})?$/);
      expect(await thickness.locator('.limits-note').textContent()).toMatch(/μ0 0\.\d{3}, σ0 0\.\d{4}/);
      // The legend shows values: the newest point's while the cursor is elsewhere, the one under the cursor on hover.
      const individuals = thickness.locator('.chart').first();
      const legendValue = (label: string) => individuals.locator('.u-legend .u-series').filter({ has: page.locator('.u-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.u-value');
      expect(await legendValue('Value').textContent()).toMatch(/^0\.\d{3}$/);
      const newest = (await legendValue('Time').textContent()) ?? '';
      expect(newest).toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
      const over = individuals.locator('.u-over');
      const plot = (await over.boundingBox())!;
      await over.hover({ position: { x: plot.width * 0.25, y: plot.height / 2 } });
      await expect.poll(() => legendValue('Time').textContent()).not.toBe(newest);
      expect(await legendValue('Time').textContent()).toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
      expect(await legendValue('Value').textContent()).toMatch(/^0\.\d{3}$/);
      await page.mouse.move(0, 0);
      await page.evaluate('window.scrollTo(0, 0)');
      // And the limits with their values, top to bottom: "UCL 0.735", ..., "LSL 0.530"; a maximum on the resistance chart.
      const limits = await individuals.locator('.limit-legend .limit-key').allTextContents();
      expect(limits[0]).toMatch(/^UCL 0\.\d{3}$/);
      expect(limits).toContain('LSL 0.530');
      expect(limits).toContain('Nominal 0.700');
      const resistance = page.locator('.series-card[data-series="extruder-1/conductor_resistance"]');
      expect(await resistance.locator('.chart').first().locator('.limit-legend .limit-key').first().textContent()).toBe('USL 12.100');
      expect(await thickness.locator('.series-summary').textContent()).toMatch(/^\d+ points in the last 15 min · \d+ beyond control limits/);
      // One capability family, labelled with its sigma, from the risk model: the card's figures are the breakdown's.
      const capability = thickness.locator('.capability[data-source="risk"]');
      await capability.waitFor();
      expect(await capability.locator('.verdict').textContent()).toMatch(/^(Cpk \(within\)|Ppk \(overall\)) \d+\.\d\d · (capable|marginal|not capable)/);
      expect(await capability.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Cp / Cpk (within)', 'Pp / Ppk (overall)', 'Cpk 95% interval']));
      const breakdownRow = page.locator('.breakdown-table tbody tr', { hasText: 'Insulation thickness' });
      const figures = (where: typeof capability) => Promise.all(['cpk', 'ppk', 'cpk-interval'].map((f) => where.locator(`[data-figure="${f}"]`).textContent()));
      await expect.poll(async () => JSON.stringify(await figures(capability)) === JSON.stringify(await figures(breakdownRow))).toBe(true);
      const [cpk, , interval] = await figures(capability);
      expect(cpk).toMatch(/^\d+\.\d\d$/);
      const [low, high] = (interval ?? '').split('–').map(Number);
      expect(low).toBeLessThanOrEqual(Number(cpk));
      expect(high).toBeGreaterThanOrEqual(Number(cpk));
      // Durations in words: the window's span, and no "0.0589 h" anywhere (a drift's time to its limit included).
      expect(await capability.locator('.capability-source').textContent()).toMatch(/^From the risk model's window: [\d,]+ points over (\d+ s|about \d+ (min|h|days?)), up to ([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.$/);
      expect(await page.locator('main').textContent()).not.toMatch(/\d\.\d+ h\b/);
      expect(await thickness.locator('.histogram rect').count()).toBeGreaterThan(3);
      // The drift left open alerts on this series: the card says so in words.
      expect(await thickness.locator('.series-status').textContent()).toMatch(/open/);
      await screenshot(page, 'regulator-enterprise');
      expect(problems).toEqual([]);
    });
  });

  describe('as an enterprise user', () => {
    let user: WatchedPage;

    beforeAll(async () => {
      user = await open();
      await logIn(user.page, 'northwind-quality', TEST_PASSWORDS.enterpriseUser);
    });

    it('lands on its own enterprise and is shown nothing of another', async () => {
      const { page, problems } = user;
      await page.locator(`.view.enterprise[data-enterprise="${NORTHWIND}"]`).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/enterprises/${NORTHWIND}`);
      expect(await page.locator('nav a').allTextContents()).toEqual(['My lines', 'Alerts', 'Report']);
      await expect.poll(() => page.locator('.series-card[data-state="ready"]').count(), { timeout: 15_000 }).toBe(2);
      await screenshot(page, 'enterprise-user-own');

      await page.goto('/#/alerts?status=all');
      await expect.poll(() => page.locator('[data-alert-id]').count()).toBe(alertsOf(NORTHWIND).length);
      const ids = await page.locator('[data-alert-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-alert-id')));
      expect(ids.every((id) => id?.startsWith(`${NORTHWIND}.`))).toBe(true);
      expect(await page.locator('body').textContent()).not.toMatch(/eastriver/i);
      expect(await page.locator('#alert-enterprise').count()).toBe(0);
      expect(problems).toEqual([]);
    });

    it('opens the report view with its month picker and button, its own enterprise only', async () => {
      const { page, problems } = user;
      await page.goto('/#/report');
      await page.locator('.view.report').waitFor();
      expect(await page.locator('#report-open').textContent()).toBe('Open printable report');
      expect(await page.locator('#report-month').inputValue()).toMatch(/^\d{4}-\d{2}$/);
      expect(await page.locator('#report-enterprise').count()).toBe(0);
      expect(problems).toEqual([]);
    });

    it("cannot reach another enterprise's data by URL, API or socket", async () => {
      const { page, problems } = user;
      // By URL: the page refuses without asking the API.
      await page.goto(`/#/enterprises/${EASTRIVER}`);
      await page.locator(`[data-enterprise-denied="${EASTRIVER}"]`).waitFor();
      expect(await page.locator('.series-card').count()).toBe(0);
      expect(await page.locator('main').textContent()).toMatch(/not available to your account/);
      await screenshot(page, 'enterprise-user-denied');

      // By API, with this user's own token.
      const token = await tokenOf(page);
      const get = (path: string) => fetch(`${stack.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const eastriverAlert = alertsOf(EASTRIVER)[0];
      for (const path of [
        `/api/alerts?enterprise=${EASTRIVER}`,
        `/api/alerts/${encodeURIComponent(eastriverAlert.id)}`,
        `/api/series/${EASTRIVER}/L1/insulation_thickness`,
      ]) {
        expect((await get(path)).status, path).toBe(403);
      }
      const ack = await fetch(`${stack.httpUrl}/api/alerts/${encodeURIComponent(eastriverAlert.id)}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'not mine' }),
      });
      expect(ack.status).toBe(403);
      const own = (await (await get('/api/alerts')).json()) as { alerts: Alert[] };
      expect(own.alerts.map((a) => a.enterprise)).toEqual(own.alerts.map(() => NORTHWIND));

      // By socket: a second connection opened in the page with the same token hears only Northwind.
      await page.goto(`/#/enterprises/${NORTHWIND}`);
      await page.locator('.live-status.status-live').waitFor();
      await page.evaluate(`(async () => {
        const { io } = await import('socket.io-client');
        window.probe = { alerts: [], risks: [] };
        const socket = io({ auth: { token: ${JSON.stringify(token)} } });
        socket.on('alert', (e) => window.probe.alerts.push(e.alert.enterprise));
        socket.on('risk', (e) => window.probe.risks.push(e.enterprise));
        await new Promise((resolve) => socket.once('session', resolve));
      })()`);
      const eastriverBefore = new Set(alertsOf(EASTRIVER).map((a) => a.id));
      const northwindBefore = new Set(alertsOf(NORTHWIND).map((a) => a.id));
      // Eastriver first, then Northwind: events arrive in order, so Northwind's arrival means Eastriver's had its chance.
      await eastriver.replay({ line: 'L1', characteristic: 'conductor_resistance', start: t0 - 200 * SECOND, n: 80, mean: 11.7, sd: 0.04, driftFrom: 25, driftPerSample: 0.01, seed: 31 });
      await stack.analytics.drain();
      expect(alertsOf(EASTRIVER).filter((a) => !eastriverBefore.has(a.id)).length, "Eastriver's new alerts").toBeGreaterThan(0);
      await northwind.replay({ line: 'extruder-1', characteristic: 'conductor_resistance', start: t0 - 200 * SECOND, n: 60, mean: 11.7, sd: 0.04, driftFrom: 0, driftPerSample: 0.01, seed: 32 });
      await stack.analytics.drain();
      const fresh = alertsOf(NORTHWIND).filter((a) => !northwindBefore.has(a.id));
      expect(fresh.length, "Northwind's new alerts").toBeGreaterThan(0);

      await page.locator(`[data-alert-id="${fresh[0].id}"]`).waitFor({ timeout: 15_000 });
      const probe = (await page.evaluate('window.probe')) as { alerts: string[]; risks: string[] };
      expect(probe.alerts).toContain(NORTHWIND);
      expect(new Set(probe.alerts)).toEqual(new Set([NORTHWIND]));
      expect(probe.risks.every((e) => e === NORTHWIND)).toBe(true);
      expect(await page.locator('body').textContent()).not.toMatch(/eastriver/i);
      await screenshot(page, 'enterprise-user-live');
      expect(problems).toEqual([]);
    });
  });
});
