/**
 * The dashboard in a real browser (Debian's Chromium driven by
 * playwright-core) against the real stack: broker, embedded store,
 * analytics and the dashboard in one process, fed by gateways over MQTT.
 * The live monitor runs a one-minute Phase I, so a few minutes of readings
 * lock limits and a drift opens an episode. Findings come from a directory
 * the test fills (the analytics side that produces them lands separately).
 *
 *   - a regulator logs in to an overview of findings (not raw alert counts)
 *     that fill live, and drills down from a finding to its series;
 *   - episodes appear live in the alerts view, grouped by series, filtered
 *     by rule; resolving asks for a cause and a corrective action; several
 *     episodes are acknowledged at once;
 *   - the enterprise page draws each series with the live monitor's limits,
 *     one state line, and re-establishes limits on request;
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
import { launchChromium } from '../support/chromium.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { testFindings } from '../support/finding-fixture.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { gatewayReplayer, type Replayer } from './support/line-data.js';
import { logIn, openPage, screenshot, tokenOf, type WatchedPage } from './support/page-helpers.js';
import { buildWebPage } from './support/web-build.js';

const NORTHWIND = 'northwind-cable';
const EASTRIVER = 'eastriver-wire';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('the dashboard in a browser', () => {
  let dir: string;
  let stack: EmbeddedStack;
  let browser: Browser;
  let northwind: Replayer;
  let eastriver: Replayer;
  const findings = testFindings();
  /** Readings are placed in the last minutes before the suite started. */
  const t0 = Date.now();
  const pages: WatchedPage[] = [];
  const alertsOf = (enterprise: string) => stack.analytics.alerts.list({ enterprise });
  /** Episodes of one series (not the enterprise's risk level). */
  const seriesAlerts = (enterprise: string, characteristic: string) => alertsOf(enterprise).filter((a) => a.characteristic === characteristic);

  beforeAll(async () => {
    // The page first: a compile error should fail here, before anything starts.
    buildWebPage();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'linewatch-browser-'));
    const config = await pipelineTestConfig({ dataDir: join(dir, 'data'), baseline: 20, live: { baselineMinutes: 1 } });
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('browser-test', 'silent'), findings });
    northwind = gatewayReplayer({ mqttUrl: stack.mqttUrl, enterprise: NORTHWIND, gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, dir });
    eastriver = gatewayReplayer({ mqttUrl: stack.mqttUrl, enterprise: EASTRIVER, gateway: 'eastriver-gw1', password: TEST_PASSWORDS.otherGateway, dir });
    // Northwind in control on both characteristics; Eastriver's insulation thinning and its resistance rising, after a minute in control (Phase I).
    const start = t0 - 400 * SECOND;
    await northwind.replay({ line: 'extruder-1', characteristic: 'insulation_thickness', start, n: 150, mean: 0.7, sd: 0.01, seed: 11 });
    await northwind.replay({ line: 'extruder-1', characteristic: 'conductor_resistance', start, n: 150, mean: 11.7, sd: 0.04, seed: 12 });
    await eastriver.replay({ line: 'L1', characteristic: 'insulation_thickness', start, n: 150, mean: 0.72, sd: 0.01, driftFrom: 70, driftPerSample: -0.002, seed: 13 });
    await eastriver.replay({ line: 'L1', characteristic: 'conductor_resistance', start, n: 150, mean: 11.7, sd: 0.04, driftFrom: 70, driftPerSample: 0.01, seed: 14 });
    await stack.analytics.drain();
    for (const c of ['insulation_thickness', 'conductor_resistance']) {
      if (!seriesAlerts(EASTRIVER, c).some((a) => a.status === 'active')) throw new Error(`Eastriver's ${c} drift opened no episode: the checks below would prove nothing`);
    }
    if (alertsOf(NORTHWIND).some((a) => a.characteristic !== 'risk-score')) throw new Error('Northwind in control opened an episode');
    await stack.analytics.assessRisk();
  }, 120_000);

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

    it('logs in to an overview of findings that fills live, and drills down from a finding to its series', async () => {
      const { page, problems } = regulator;
      const now = Date.now();
      const gone = findings.open(
        { enterprise: NORTHWIND, kind: 'silent-gateway', gateway: 'northwind-gw1', severity: 'medium', summary: 'northwind-gw1 sent nothing for 16 min.', evidence: { silentMs: 16 * MINUTE } },
        now - 3 * 3_600_000,
      );
      findings.close(gone.id, now - 2 * 3_600_000);
      findings.open(
        {
          enterprise: EASTRIVER,
          kind: 'out-of-spec',
          line: 'L1',
          characteristic: 'insulation_thickness',
          severity: 'critical',
          summary: 'Insulation thickness on L1 below its minimum for 1.2 s.',
          evidence: { readings: 12, totalMs: 1200 },
        },
        now - 20 * MINUTE,
      );
      findings.open(
        {
          enterprise: EASTRIVER,
          kind: 'drift',
          line: 'L1',
          characteristic: 'conductor_resistance',
          severity: 'high',
          summary: 'Conductor resistance on L1 rises toward its maximum: about 3 h to the limit.',
          evidence: { slopePerHour: 0.13, hoursToLimit: 3.1 },
        },
        now - 10 * MINUTE,
      );

      await page.goto('/');
      await page.getByLabel('User name').waitFor();
      await screenshot(page, 'login');
      await logIn(page, 'regulator', TEST_PASSWORDS.regulator);

      const rows = page.locator('.enterprise-table .rank-body [role=row]');
      await expect.poll(() => rows.count()).toBe(2);
      // Headline figures a regulator acts on: enterprises with open findings, product out of spec, silent gateways, class changes.
      const figure = (kpi: string) => page.locator(`[data-kpi="${kpi}"] .kpi-figure`).textContent();
      await expect.poll(() => figure('open-findings')).toBe('1');
      expect(await figure('out-of-spec')).toBe('1');
      expect(await figure('silent-gateways')).toBe('0');
      expect(await page.locator('[data-kpi="open-findings"]').textContent()).toMatch(/Product out of spec 1.*Drift toward a limit 1/);
      expect(await page.locator('[data-kpi]').allTextContents()).not.toContainEqual(expect.stringMatching(/active alerts/i));
      // The ranking names Eastriver's open findings; the feed lists findings newest first, open before closed.
      await expect.poll(() => page.locator(`.rank-row[data-enterprise="${EASTRIVER}"] .alerts-cell`).textContent()).toMatch(/Product out of spec.*Drift toward a limit/);
      const feed = page.locator('.finding-list [data-finding-id]');
      await expect.poll(() => feed.count()).toBe(3);
      expect(await feed.evaluateAll((cards) => cards.map((c) => `${c.getAttribute('data-kind')} ${c.getAttribute('data-status')}`))).toEqual([
        'drift open',
        'out-of-spec open',
        'silent-gateway closed',
      ]);
      const drift = page.locator('.finding-card[data-kind="drift"]');
      expect(await drift.locator('.alert-where').textContent()).toBe('Eastriver Wire · L1 · Conductor resistance');
      expect(await drift.locator('.finding-summary').textContent()).toMatch(/about 3 h to the limit/);
      expect(await drift.locator('.finding-evidence div').allTextContents()).toEqual(['slope per hour0.13', 'time to limitabout 3 h']);
      expect(await drift.locator('.alert-status').textContent()).toMatch(/^Open since \d\d:\d\d:\d\d$/);

      // A finding opened now arrives without a reload, on top.
      const fresh = findings.open(
        {
          enterprise: NORTHWIND,
          kind: 'off-centre',
          line: 'extruder-1',
          characteristic: 'insulation_thickness',
          severity: 'medium',
          summary: 'Insulation thickness on extruder-1 runs steadily 0.04 mm above nominal.',
          evidence: { offsetSigma: 1.6, cpk: 1.21 },
        },
        Date.now(),
      );
      await expect.poll(() => feed.first().getAttribute('data-finding-id')).toBe(fresh.id);
      await expect.poll(() => figure('open-findings')).toBe('2');
      await screenshot(page, 'regulator-overview');

      const tablet = await open({ width: 820, height: 1180 });
      await logIn(tablet.page, 'regulator', TEST_PASSWORDS.regulator);
      await expect.poll(() => tablet.page.locator('.enterprise-table .rank-body [role=row]').count()).toBe(2);
      await screenshot(tablet.page, 'regulator-overview-tablet');
      expect(tablet.problems).toEqual([]);

      // Clicking a finding opens its enterprise at its series.
      await feed.first().locator('.finding-summary').click();
      await page.locator(`.view.enterprise[data-enterprise="${NORTHWIND}"]`).waitFor();
      await page.locator('.series-card.is-target[data-series="extruder-1/insulation_thickness"]').waitFor();
      expect(new URL(page.url()).hash).toBe(`#/enterprises/${NORTHWIND}?series=${encodeURIComponent('extruder-1/insulation_thickness')}`);
      expect(problems).toEqual([]);
    });

    it('shows episodes grouped by series, a new one arriving live, and filters them by rule', async () => {
      const { page, problems } = regulator;
      await page.goto('/#/alerts');
      const groups = page.locator('.series-group');
      const seriesWithEpisodes = () => new Set(stack.analytics.alerts.list({ since: Date.now() - 24 * 3_600_000 }).map((a) => `${a.enterprise}/${a.line}/${a.characteristic}`));
      await expect.poll(() => groups.count()).toBe(seriesWithEpisodes().size);
      expect(await page.locator('.series-group[data-series="eastriver-wire/L1/insulation_thickness"] .group-open [data-alert-id]').count()).toBe(1);

      // Northwind's insulation starts thinning, right after its in-control readings: a new episode, live.
      await northwind.replay({ line: 'extruder-1', characteristic: 'insulation_thickness', start: t0 - 240 * SECOND, n: 60, mean: 0.7, sd: 0.01, driftFrom: 0, driftPerSample: -0.0015, seed: 21 });
      await stack.analytics.drain();
      const [episode] = seriesAlerts(NORTHWIND, 'insulation_thickness');
      expect(episode, "Northwind's drift opened an episode").toBeDefined();
      const group = page.locator(`.series-group[data-series="${NORTHWIND}/extruder-1/insulation_thickness"]`);
      const card = group.locator(`.group-open [data-alert-id="${episode.id}"]`);
      await card.waitFor({ timeout: 15_000 });
      expect(await group.locator('.group-title').textContent()).toBe('Northwind Cable · extruder-1 · Insulation thickness');
      // Its rules in words, its evidence, its times.
      const stored = () => stack.analytics.alerts.get(episode.id) as Alert;
      await expect
        .poll(async () => (await card.locator('.alert-rule').textContent())?.toLowerCase())
        .toContain(stored().rules[0].rule === 'cusumSmall' ? 'small shift (cusum)' : 'large shift (cusum)');
      expect(await card.locator('.alert-figures').textContent()).toMatch(/^raised \d\d:\d\d:\d\d · open for (\d+ s|about \d+ min) · shift −\d\.\dσ · limits v1$/);
      await screenshot(page, 'regulator-alerts');

      // Filter by rule: only the series whose episodes had that rule remain.
      const rule = stored().rules[0].rule;
      await page.locator('#alert-rule').selectOption(rule);
      await expect.poll(() => new URL(page.url()).hash).toContain(`rule=${rule}`);
      const withRule = new Set(stack.analytics.alerts.list({ rule, since: Date.now() - 24 * 3_600_000 }).map((a) => `${a.enterprise}/${a.line}/${a.characteristic}`));
      await expect.poll(async () => new Set(await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-series'))))).toEqual(withRule);
      await page.locator('#alert-rule').selectOption('outOfSpec');
      const outOfSpec = new Set(stack.analytics.alerts.list({ rule: 'outOfSpec', since: Date.now() - 24 * 3_600_000 }).map((a) => `${a.enterprise}/${a.line}/${a.characteristic}`));
      await expect.poll(async () => new Set(await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-series'))))).toEqual(outOfSpec);
      expect(problems).toEqual([]);
    });

    it('resolves an episode only with a cause and a corrective action', async () => {
      const { page, problems } = regulator;
      const [episode] = seriesAlerts(NORTHWIND, 'insulation_thickness');
      await page.goto(`/#/alerts?enterprise=${NORTHWIND}`);
      const card = page.locator(`.group-open [data-alert-id="${episode.id}"]`);
      await card.getByRole('button', { name: 'Resolve…' }).click();
      const form = card.locator('form[data-action="resolve"]');
      await form.getByLabel(/Comment/).fill('Die tip worn; replaced, wall back at nominal.');
      await form.getByRole('button', { name: 'Resolve' }).click();
      await expect.poll(() => form.locator('.form-error').textContent()).toMatch(/Choose a cause and a corrective action: resolving needs both/);
      await form.getByLabel(/^Cause/).selectOption('tooling');
      await form.getByRole('button', { name: 'Resolve' }).click();
      await expect.poll(() => form.locator('.form-error').textContent()).toMatch(/needs both/);
      expect((stack.analytics.alerts.get(episode.id) as Alert).status).not.toBe('resolved');

      await form.getByLabel(/^Corrective action/).selectOption('replaced-tooling');
      await form.getByRole('button', { name: 'Resolve' }).click();
      // Resolved, it leaves the open slot for the series' history, with its cause and action in words.
      const resolved = page.locator(`.series-group[data-series="${NORTHWIND}/extruder-1/insulation_thickness"] .history-list [data-alert-id="${episode.id}"]`);
      await expect
        .poll(() => resolved.locator('.alert-status').textContent())
        .toMatch(/^Resolved · resolved by regulator at \d\d:\d\d:\d\d · cause: Tooling \(die, tip, wear\) · action: Replaced or cleaned tooling: “?Die tip worn/);
      expect(stack.analytics.alerts.get(episode.id)).toMatchObject({ status: 'resolved', resolved: { by: 'regulator', cause: 'tooling', action: 'replaced-tooling' } });
      expect(problems).toEqual([]);
    });

    it('acknowledges several episodes with one comment', async () => {
      const { page, problems } = regulator;
      await page.goto(`/#/alerts?enterprise=${EASTRIVER}&status=active`);
      const active = alertsOf(EASTRIVER).filter((a) => a.status === 'active');
      expect(active.length, "Eastriver's active episodes").toBeGreaterThanOrEqual(2);
      const boxes = page.locator('input.select-episode');
      await expect.poll(() => boxes.count()).toBe(active.length);
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await expect.poll(() => page.locator('.bulk-count').textContent()).toBe('2 selected');
      await page.getByRole('button', { name: 'Select all active' }).click();
      await expect.poll(() => page.locator('.bulk-count').textContent()).toBe(`${active.length} selected`);
      await page.getByLabel(/Comment for all/).fill('Both L1 gauges drifting together: line stopped for inspection.');
      await page.locator('#bulk-cause').selectOption('gauge');
      await screenshot(page, 'regulator-alerts-bulk');
      await page.getByRole('button', { name: 'Acknowledge selected' }).click();
      await expect.poll(() => page.locator('.bulk-done').textContent()).toBe(`${active.length} episodes acknowledged.`);
      for (const a of active) {
        expect(stack.analytics.alerts.get(a.id)).toMatchObject({
          status: 'acknowledged',
          acknowledged: { by: 'regulator', comment: 'Both L1 gauges drifting together: line stopped for inspection.', cause: 'gauge' },
        });
      }
      // Filtered on active, the acknowledged episodes leave the list.
      await expect.poll(() => boxes.count()).toBe(0);
      // The Pareto beside the list counts the cause.
      await expect.poll(() => page.locator('.pareto-table tr[data-cause="gauge"] [data-figure="count"]').textContent()).toBe(String(active.length));
      expect(problems).toEqual([]);
    });

    it("shows an enterprise's series with the live monitor's limits, one state line, and re-establishes limits on request", async () => {
      const { page, problems } = regulator;
      await stack.analytics.assessRisk();
      await page.goto(`/#/enterprises/${NORTHWIND}`);
      await page.locator(`.view.enterprise[data-enterprise="${NORTHWIND}"]`).waitFor();
      const cards = page.locator('.series-card');
      await expect.poll(() => cards.count()).toBe(2);
      await expect.poll(() => page.locator('.series-card[data-state="ready"]').count(), { timeout: 15_000 }).toBe(2);

      const thickness = page.locator('.series-card[data-series="extruder-1/insulation_thickness"]');
      expect(await thickness.locator('.spec').textContent()).toBe('Product BV-1.5 · Spec: min 0.53 · nominal 0.7 mm');
      // One chart (a uPlot canvas): readings, subgroup means, the limits of the means, the sigma zones of the readings.
      expect(await thickness.locator('canvas').count()).toBe(1);
      const ticks = (await thickness.locator('.chart').first().getAttribute('data-time-ticks')) ?? '';
      expect(ticks.split(' | ').length).toBeGreaterThan(2);
      for (const tick of ticks.split(' | ')) expect(tick).toMatch(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?( \d{4}-\d{2}-\d{2})?$/);
      const chart = thickness.locator('.chart').first();
      const legendValue = (label: string) =>
        chart
          .locator('.u-legend .u-series')
          .filter({ has: page.locator('.u-label', { hasText: new RegExp(`^${label}$`) }) })
          .locator('.u-value');
      expect(await legendValue('Subgroup mean').textContent()).toMatch(/^0\.\d{3}$/);
      expect(await legendValue('Time').textContent()).toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
      const limits = await chart.locator('.limit-legend .limit-key').allTextContents();
      expect(limits).toEqual([
        expect.stringMatching(/^UCL 0\.7\d\d$/),
        expect.stringMatching(/^CL 0\.\d{3}$/),
        'Nominal 0.700',
        expect.stringMatching(/^LCL 0\.6\d\d$/),
        'LSL 0.530',
        'sigma zones (readings)',
      ]);
      // The limits in force, with their version, reason and date.
      const spc = (await (await fetch(`${stack.httpUrl}/api/enterprises/${NORTHWIND}/risk`, { headers: { authorization: `Bearer ${await tokenOf(page)}` } })).json()) as {
        series: Array<{ line: string; characteristic: string; spc: { limits: { ucl: number } | null } }>;
      };
      const ucl = spc.series.find((s) => s.characteristic === 'insulation_thickness')!.spc.limits!.ucl;
      expect(limits[0]).toBe(`UCL ${ucl.toFixed(3)}`);
      expect(await thickness.locator('.limits-current').textContent()).toMatch(
        /^Limits v1 · first limits · locked \d{4}-\d{2}-\d{2} \d{2}:\d{2} · mean 0\.\d{3}, UCL 0\.\d{3}, LCL 0\.\d{3} \(subgroup means\)/,
      );
      expect(await thickness.locator('.chart-note').textContent()).toMatch(/^Subgroup means of 1 s, as the live monitor charts them/);
      // One state line: the episode was resolved above, so it is the risk model's diagnosis or in control, never both.
      const state = thickness.locator('.series-state');
      expect(await state.getAttribute('data-source')).toMatch(/^(risk|none)$/);
      expect(await state.locator('.badge').count()).toBe(1);
      expect(await thickness.locator('.series-summary').textContent()).toMatch(/^\d+ readings in the last 15 min \(\d+ subgroup means(, \d+ outside UCL\/LCL)?\) · \d+ out of spec$/);
      const capability = thickness.locator('.capability[data-source="risk"]');
      await capability.waitFor();
      expect(await capability.locator('.verdict').textContent()).toMatch(/^(Cpk \(within\)|Ppk \(overall\)) \d+\.\d\d · (capable|marginal|not capable)/);
      expect(await thickness.locator('.histogram rect').count()).toBeGreaterThan(3);
      expect(await page.locator('main').textContent()).not.toMatch(/\d\.\d+ h\b/);
      // The causes of the enterprise's episodes: the one resolved above.
      await expect.poll(() => page.locator('.pareto-table tr[data-cause="tooling"] [data-figure="count"]').textContent()).toBe('1');
      await screenshot(page, 'regulator-enterprise');

      // Re-establishing the limits asks first, then shows Phase I starting again.
      await thickness.getByRole('button', { name: 'Re-establish limits…' }).click();
      const dialog = page.locator('dialog.confirm-dialog[open]');
      expect(await dialog.textContent()).toMatch(/Re-establish the control limits of Insulation thickness on extruder-1\?.*new Phase I/);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.locator('dialog[open]').count()).toBe(0);
      await thickness.getByRole('button', { name: 'Re-establish limits…' }).click();
      await page.locator('dialog.confirm-dialog[open]').getByRole('button', { name: 'Re-establish limits' }).click();
      await expect.poll(() => thickness.locator('.phase-one').textContent()).toMatch(/^Establishing limits: 0 of 60 subgroups/);
      expect(await thickness.locator('.limits-current').count()).toBe(0);
      expect(await thickness.getByRole('button', { name: 'Re-establish limits…' }).count()).toBe(0);
      expect(await chart.locator('.limit-legend .limit-key').allTextContents()).toEqual(['Nominal 0.700', 'LSL 0.530']);
      await screenshot(page, 'regulator-enterprise-phase-one');
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
      expect(await page.locator('nav a').allTextContents()).toEqual(['My lines', 'My records', 'Alerts', 'Trace', 'Recalls', 'Report', 'Routine']);
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
      const post = (path: string, body: object) =>
        fetch(`${stack.httpUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const eastriverAlert = alertsOf(EASTRIVER)[0];
      for (const path of [
        `/api/alerts?enterprise=${EASTRIVER}`,
        `/api/alerts/${encodeURIComponent(eastriverAlert.id)}`,
        `/api/alerts/pareto?enterprise=${EASTRIVER}`,
        `/api/findings?enterprise=${EASTRIVER}`,
        `/api/series/${EASTRIVER}/L1/insulation_thickness`,
      ]) {
        expect((await get(path)).status, path).toBe(403);
      }
      expect((await post(`/api/alerts/${encodeURIComponent(eastriverAlert.id)}/ack`, { comment: 'not mine' })).status).toBe(403);
      expect((await post(`/api/series/${EASTRIVER}/L1/insulation_thickness/limits`, {})).status).toBe(403);
      const bulk = (await (await post('/api/alerts/ack', { ids: [eastriverAlert.id], comment: 'not mine' })).json()) as { acknowledged: Alert[]; failures: Array<{ code: string }> };
      expect(bulk).toEqual({ acknowledged: [], failures: [expect.objectContaining({ code: 'LW_HTTP_FORBIDDEN' })] });
      const own = (await (await get('/api/alerts')).json()) as { alerts: Alert[] };
      expect(own.alerts.map((a) => a.enterprise)).toEqual(own.alerts.map(() => NORTHWIND));
      const ownFindings = (await (await get('/api/findings')).json()) as { findings: Array<{ enterprise: string }> };
      expect(ownFindings.findings.length).toBeGreaterThan(0);
      expect(new Set(ownFindings.findings.map((f) => f.enterprise))).toEqual(new Set([NORTHWIND]));

      // By socket: a second connection opened in the page with the same token hears only Northwind.
      await page.goto(`/#/enterprises/${NORTHWIND}`);
      await page.locator('.live-status.status-live').waitFor();
      await page.evaluate(`(async () => {
        const { io } = await import('socket.io-client');
        window.probe = { alerts: [], risks: [], findings: [] };
        const socket = io({ auth: { token: ${JSON.stringify(token)} } });
        socket.on('alert', (e) => window.probe.alerts.push(e.alert.enterprise));
        socket.on('risk', (e) => window.probe.risks.push(e.enterprise));
        socket.on('finding', (e) => window.probe.findings.push(e.finding.enterprise));
        await new Promise((resolve) => socket.once('session', resolve));
      })()`);
      // Eastriver first, then Northwind: events arrive in order, so Northwind's arrival means Eastriver's had its chance.
      const eastriverEpisode = seriesAlerts(EASTRIVER, 'conductor_resistance').find((a) => a.status !== 'resolved')!;
      const eastriverCount = eastriverEpisode.count;
      await eastriver.replay({ line: 'L1', characteristic: 'conductor_resistance', start: t0 - 250 * SECOND + SECOND, n: 40, mean: 12.5, sd: 0.04, seed: 31 });
      findings.open({ enterprise: EASTRIVER, kind: 'risk-level', severity: 'high', summary: 'Eastriver Wire is now at high risk.' });
      await stack.analytics.drain();
      expect((stack.analytics.alerts.get(eastriverEpisode.id) as Alert).count, "Eastriver's episode counted new signals").toBeGreaterThan(eastriverCount);
      const northwindBefore = new Set(alertsOf(NORTHWIND).map((a) => a.id));
      await northwind.replay({
        line: 'extruder-1',
        characteristic: 'conductor_resistance',
        start: t0 - 250 * SECOND + SECOND,
        n: 60,
        mean: 11.7,
        sd: 0.04,
        driftFrom: 0,
        driftPerSample: 0.01,
        seed: 32,
      });
      await stack.analytics.drain();
      const fresh = alertsOf(NORTHWIND).filter((a) => !northwindBefore.has(a.id));
      expect(fresh.length, "Northwind's new episodes").toBeGreaterThan(0);
      const ownFinding = findings.open({ enterprise: NORTHWIND, kind: 'drift', line: 'extruder-1', characteristic: 'conductor_resistance', summary: 'Conductor resistance on extruder-1 rises.' });

      await page.locator(`[data-alert-id="${fresh[0].id}"]`).waitFor({ timeout: 15_000 });
      await expect.poll(async () => ((await page.evaluate('window.probe')) as { findings: string[] }).findings.length).toBe(1);
      const probe = (await page.evaluate('window.probe')) as { alerts: string[]; risks: string[]; findings: string[] };
      expect(probe.alerts).toContain(NORTHWIND);
      expect(new Set(probe.alerts)).toEqual(new Set([NORTHWIND]));
      expect(probe.risks.every((e) => e === NORTHWIND)).toBe(true);
      expect(probe.findings).toEqual([NORTHWIND]);
      expect(ownFinding.enterprise).toBe(NORTHWIND);
      expect(await page.locator('body').textContent()).not.toMatch(/eastriver/i);
      await screenshot(page, 'enterprise-user-live');
      expect(problems).toEqual([]);
    });
  });
});
