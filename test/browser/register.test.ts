/**
 * The supervision register in a real browser (Debian's Chromium driven by
 * playwright-core) against the real stack (`startEmbeddedStack`: broker,
 * embedded store, analytics, the embedded register and the supervision
 * service, the dashboard), fed a few readings over MQTT so that measurement
 * values exist which the public page must not show.
 *
 *   - a regulator's forms: a spot check with a date that does not exist is
 *     refused with the API's words next to the date; fixed, it is saved,
 *     listed and audited (who, when, before and after), and so is an edit;
 *   - a CSV import with a bad row imports nothing and names the row; a
 *     delete asks first and is audited with what was deleted;
 *   - a failed provincial spot check (a class C condition) makes a proposal
 *     at once; accepting it needs a reason, and then the registered class
 *     and its history change; a rejected one leaves the class as it was;
 *   - a seeded double-random draw lists its picks and inspectors, is
 *     reproducible and is published;
 *   - the public page, without logging in, shows the published spot check,
 *     each maker's class and the published draw, and not an internal
 *     record's text nor any measurement;
 *   - an enterprise user sees its own records, read-only.
 * Every page is checked for console errors (a refused request the test
 * provokes on purpose is the only one allowed); screenshots go to
 * test-artifacts/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { launchChromium } from '../support/chromium.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { gatewayReplayer, type Replayer } from './support/line-data.js';
import { logIn, openPage, screenshot, tokenOf, type WatchedPage } from './support/page-helpers.js';
import { buildWebPage } from './support/web-build.js';

const NORTHWIND = 'northwind-cable';
const EASTRIVER = 'eastriver-wire';
const SECOND = 1000;
const DAY = 86_400_000;
/** Long enough for a page under load; every wait ends as soon as its element is there. */
const WAIT = { timeout: 20_000 };
const POLL = { timeout: 20_000 };
/** The inspector conflicted with Northwind: the draw must never send them there. */
const CONFLICTED = 'insp-zhao';

/** A day `n` days before today, YYYY-MM-DD: records stay inside the standard's look-backs whenever the suite runs. */
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

/** Console problems other than the refused requests a test provoked on purpose (Chromium logs every 4xx answer). */
function unexpected(problems: readonly string[], allowed: readonly RegExp[] = []): string[] {
  return problems.filter((p) => !allowed.some((a) => a.test(p)));
}
const REFUSED_WRITE = /status of 400 .*\/api\/register\/(records|import)/;

// A step waits up to WAIT for its element; a test may hold several such steps.
describe('the supervision register in a browser', { timeout: 120_000 }, () => {
  let dir: string;
  let stack: EmbeddedStack;
  let browser: Browser;
  let northwind: Replayer;
  const pages: WatchedPage[] = [];
  const publishedProduct = 'BV 1.5 mm2 white, lot 3121';
  const internalProduct = 'Confidential lot 77 retest';
  const internalPenaltyReason = 'Internal memo: supplier under investigation';

  beforeAll(async () => {
    buildWebPage();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'linewatch-register-browser-'));
    const file = await pipelineTestConfigFile({ dataDir: join(dir, 'data'), baseline: 20, live: { baselineMinutes: 1 } });
    const withSupervision = {
      ...file,
      supervision: {
        inspectors: [
          { id: 'insp-li', name: 'Li Na' },
          { id: 'insp-wang', name: 'Wang Wei' },
          { id: CONFLICTED, name: 'Zhao Min', conflicts: [NORTHWIND] },
        ],
      },
    };
    const config = parseConfig(JSON.stringify(withSupervision), 'register-browser-test.json', join(dir, 'data'));
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('register-browser-test', 'silent') });
    northwind = gatewayReplayer({ mqttUrl: stack.mqttUrl, enterprise: NORTHWIND, gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, dir });
    await northwind.replay({ line: 'extruder-1', characteristic: 'insulation_thickness', start: Date.now() - 120 * SECOND, n: 60, mean: 0.7137, sd: 0.0041, seed: 5 });
    await stack.analytics.drain();
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await northwind?.stop();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async () => {
    const p = await openPage(browser, stack.httpUrl);
    pages.push(p);
    return p;
  };
  const section = (page: Page, kind: string) => page.locator(`section.record-kind[data-kind="${kind}"]`);
  const field = (form: ReturnType<Page['locator']>, name: string) => form.locator(`[data-field="${name}"]`);

  describe('as a regulator', () => {
    let regulator: WatchedPage;

    beforeAll(async () => {
      regulator = await open();
      await logIn(regulator.page, 'regulator', TEST_PASSWORDS.regulator);
    });

    it('refuses a spot check with a bad date next to the field, saves it fixed, and audits it and its edit', async () => {
      const { page, problems } = regulator;
      await page.getByRole('link', { name: 'Register' }).click();
      await page.locator('#register-enterprise').selectOption(NORTHWIND);
      await page.locator(`.view.register[data-enterprise="${NORTHWIND}"]`).waitFor(WAIT);
      const spot = section(page, 'spot-check');
      await spot.locator('.record-count', { hasText: '(0)' }).waitFor(WAIT);

      await spot.getByRole('button', { name: 'Add…' }).click();
      const form = spot.locator('form.record-form[data-mode="create"]');
      const when = daysAgo(14);
      const [year] = when.split('-');
      // The 30th of February does not exist: only the API's validation can say so (the input takes any text).
      await field(form, 'date').fill(`${year}-02-30`);
      await field(form, 'level').selectOption('provincial');
      await field(form, 'product').fill(publishedProduct);
      await field(form, 'result').selectOption('pass');
      await field(form, 'published').check();
      await form.getByRole('button', { name: 'Save record' }).click();
      const dateError = form.locator('[data-error-for="date"]');
      await dateError.filter({ hasText: 'expected a date YYYY-MM-DD that exists' }).waitFor(WAIT);
      expect(await dateError.textContent()).toBe(`expected a date YYYY-MM-DD that exists, got '${year}-02-30'`);
      expect(await field(form, 'date').getAttribute('aria-invalid')).toBe('true');
      // Only the date is wrong, and nothing was stored.
      expect(await form.locator('[data-error-for="product"]').textContent()).toBe('');
      expect(await stack.supervision.records.list({ enterprise: NORTHWIND, kind: 'spot-check' })).toEqual([]);
      await screenshot(page, 'register-form-error');

      await field(form, 'date').fill(when);
      await form.getByRole('button', { name: 'Save record' }).click();
      await form.waitFor({ state: 'detached', ...WAIT });
      const row = spot.locator('tbody tr[data-record-id]');
      await row.first().waitFor(WAIT);
      const [stored] = await stack.supervision.records.list({ enterprise: NORTHWIND, kind: 'spot-check' });
      expect(stored.record).toMatchObject({ date: when, level: 'provincial', product: publishedProduct, result: 'pass', failedItems: [], published: true, internal: false });
      expect(await row.getAttribute('data-record-id')).toBe(stored.id);
      expect(await row.locator('td[data-field="date"]').textContent()).toBe(when);
      expect(await row.locator('td[data-field="product"]').textContent()).toBe(publishedProduct);

      // The audit trail: who and when, and every field set.
      const created = page.locator(`li.audit-entry[data-entity-id="${stored.id}"][data-action="create"]`);
      await created.waitFor(WAIT);
      expect(await created.getAttribute('data-user')).toBe('regulator');
      expect(await created.locator('.audit-head time').getAttribute('datetime')).toBe(stored.createdAt);
      expect(await created.locator('tr[data-field="date"] td.before').textContent()).toBe('—');
      expect(await created.locator('tr[data-field="date"] td.after').textContent()).toBe(when);

      // An edit: the form opens filled in, and the audit shows the one field before and after.
      await row.getByRole('button', { name: 'Edit…' }).click();
      const edit = spot.locator('form.record-form[data-mode="edit"]');
      expect(await field(edit, 'product').inputValue()).toBe(publishedProduct);
      expect(await field(edit, 'date').inputValue()).toBe(when);
      await field(edit, 'level').selectOption('national');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await edit.waitFor({ state: 'detached', ...WAIT });
      const updated = page.locator(`li.audit-entry[data-entity-id="${stored.id}"][data-action="update"]`);
      await updated.waitFor(WAIT);
      expect(await updated.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(['level']);
      expect(await updated.locator('tr[data-field="level"] td.before').textContent()).toBe('provincial');
      expect(await updated.locator('tr[data-field="level"] td.after').textContent()).toBe('national');
      await row.locator('td[data-field="level"]', { hasText: 'national' }).waitFor(WAIT);
      await screenshot(page, 'register-regulator');
      expect(unexpected(problems, [REFUSED_WRITE])).toEqual([]);
    });

    it('imports a CSV all or nothing: a bad row is named and nothing is stored', async () => {
      const { page, problems } = regulator;
      const seen = problems.length;
      await page.goto(`/#/register?enterprise=${NORTHWIND}`);
      await page.locator('#import-file').waitFor(WAIT);
      const csv = [
        'id,enterprise,internal,published,date,title,summary',
        `case-1,${NORTHWIND},false,true,${daysAgo(30)},Thin insulation,Insulation below the minimum on one reel.`,
        `case-2,${NORTHWIND},false,true,2026-13-45,Bad date,This row's date is no date.`,
      ].join('\n');
      await page.locator('#import-kind').selectOption('typical-case');
      await page.locator('#import-file').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const bad = page.locator('.import-result .bad-rows li');
      await bad.first().waitFor(WAIT);
      expect(await bad.evaluateAll((items) => items.map((i) => i.getAttribute('data-row')))).toEqual(['3']);
      expect(await bad.first().textContent()).toMatch(/^Row 3: typicalCase\.date: expected a date/);
      expect(await page.locator('.import-result .form-error').textContent()).toBe('Nothing was imported: 1 bad row in cases.csv.');
      expect(await stack.supervision.records.list({ kind: 'typical-case' })).toEqual([]);
      expect(await section(page, 'typical-case').locator('.record-count').textContent()).toBe('(0)');
      expect(unexpected(problems.slice(seen), [REFUSED_WRITE])).toEqual([]);
    });

    it('deletes a record only after a confirmation, and audits what it was', async () => {
      const { page, problems } = regulator;
      const seen = problems.length;
      const doomed = await stack.supervision.records.create(
        { kind: 'typical-case', enterprise: NORTHWIND, date: daysAgo(3), title: 'Entered twice', summary: 'A duplicate to delete.', internal: false, published: false },
        'regulator',
      );
      // Another page first: going to the URL already shown would not load the view again.
      await page.goto('/#/draws');
      await page.locator('.view.draws').waitFor(WAIT);
      await page.goto(`/#/register?enterprise=${NORTHWIND}`);
      const row = section(page, 'typical-case').locator(`tr[data-record-id="${doomed.id}"]`);
      await row.waitFor(WAIT);
      await row.getByRole('button', { name: 'Delete…' }).click();
      // The first click only asks; keeping it changes nothing.
      await row.getByRole('button', { name: 'Keep' }).click();
      expect((await stack.supervision.records.list({ kind: 'typical-case' })).map((r) => r.id)).toEqual([doomed.id]);
      await row.getByRole('button', { name: 'Delete…' }).click();
      await row.getByRole('button', { name: 'Delete it' }).click();
      await row.waitFor({ state: 'detached', ...WAIT });
      expect(await stack.supervision.records.list({ kind: 'typical-case' })).toEqual([]);
      const deleted = page.locator(`li.audit-entry[data-entity-id="${doomed.id}"][data-action="delete"]`);
      await deleted.waitFor(WAIT);
      expect(await deleted.locator('tr[data-field="title"] td.before').textContent()).toBe('Entered twice');
      expect(await deleted.locator('tr[data-field="title"] td.after').textContent()).toBe('—');
      expect(unexpected(problems.slice(seen))).toEqual([]);
    });

    it('turns a failed provincial spot check into a proposal, accepted only with a reason, and the class follows', async () => {
      const { page, problems } = regulator;
      const seen = problems.length;
      await page.goto(`/#/register?enterprise=${NORTHWIND}`);
      const spot = section(page, 'spot-check');
      await spot.locator('.record-count', { hasText: '(1)' }).waitFor(WAIT);
      await spot.getByRole('button', { name: 'Add…' }).click();
      const form = spot.locator('form.record-form[data-mode="create"]');
      const failedOn = daysAgo(7);
      await field(form, 'date').fill(failedOn);
      await field(form, 'level').selectOption('provincial');
      await field(form, 'product').fill(internalProduct);
      await field(form, 'result').selectOption('fail');
      await field(form, 'failedItems').fill('Conductor resistance\nInsulation thickness');
      await field(form, 'internal').check();
      await field(form, 'published').check();
      await form.getByRole('button', { name: 'Save record' }).click();
      await form.waitFor({ state: 'detached', ...WAIT });
      const failed = (await stack.supervision.records.list({ enterprise: NORTHWIND, kind: 'spot-check' })).find((r) => r.record.kind === 'spot-check' && r.record.result === 'fail');
      expect(failed?.record).toMatchObject({ failedItems: ['Conductor resistance', 'Insulation thickness'], internal: true });

      // The C condition made a proposal at once.
      await page.getByRole('link', { name: 'Proposals' }).click();
      const card = page.locator(`article.proposal-card[data-enterprise="${NORTHWIND}"]`);
      await card.waitFor(WAIT);
      const [proposal] = await stack.supervision.listProposals({ enterprise: NORTHWIND, status: 'pending' });
      expect(proposal).toMatchObject({ fromClass: 'B', toClass: 'C' });
      expect(await card.getAttribute('data-proposal-id')).toBe(proposal.id);
      expect(await card.locator('h3').textContent()).toBe('Northwind Cable: class B → C');
      const condition = card.locator('li.condition[data-condition="c.spot-check-failed"]');
      expect(await condition.getAttribute('data-status')).toBe('failed');
      const basis = proposal.basis as { conditions: { id: string; evidence: string }[] };
      expect(await condition.locator('.condition-evidence').textContent()).toBe(basis.conditions.find((c) => c.id === 'c.spot-check-failed')!.evidence);
      await screenshot(page, 'proposals-pending');

      // No reason, no decision.
      await card.getByRole('button', { name: 'Accept: class C' }).click();
      await card.locator('.form-error', { hasText: 'A reason is required' }).waitFor(WAIT);
      expect((await stack.supervision.register.getProposal(proposal.id)).status).toBe('pending');

      const reason = `Failed provincial spot check of ${failedOn}: resistance and insulation.`;
      await card.getByLabel('Reason for the decision').fill(reason);
      await card.getByRole('button', { name: 'Accept: class C' }).click();
      await card.waitFor({ state: 'detached', ...WAIT });
      const decided = page.locator(`.decided-table tr[data-proposal-id="${proposal.id}"]`);
      await decided.waitFor(WAIT);
      expect(await decided.getAttribute('data-status')).toBe('accepted');
      expect(await decided.locator('.decision-reason').textContent()).toBe(reason);
      expect(await stack.supervision.register.currentClass(NORTHWIND)).toMatchObject({ class: 'C', decidedBy: 'regulator', reason, proposalId: proposal.id });

      // The enterprise page: registered C, its history with the decision, the suggestion and its conditions.
      await page.goto(`/#/enterprises/${NORTHWIND}`);
      const panel = page.locator('.class-panel');
      await panel.locator('[data-registered-class="C"]').waitFor(WAIT);
      expect(await panel.locator('[data-suggested-class]').getAttribute('data-suggested-class')).toBe('C');
      // The page's other mentions of the registered class follow the register, not the configuration's B.
      expect(await page.locator('.view.enterprise .view-head .subtitle').textContent()).toContain('registered class C');
      expect(await panel.locator('.class-history tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')))).toEqual(['C', 'B']);
      expect(await panel.locator('.class-history tbody tr').first().textContent()).toContain(reason);
      const conditions = panel.locator('li.condition');
      const listed = await conditions.evaluateAll((items) => items.map((i) => [i.getAttribute('data-condition'), i.getAttribute('data-status')]));
      const suggestion = await stack.supervision.suggestion(NORTHWIND);
      expect(listed).toEqual(suggestion.conditions.map((c) => [c.id, c.status]));
      expect(new Set(listed.map(([, s]) => s))).toEqual(new Set(['met', 'failed', 'unknown']));
      expect(await panel.locator('li.condition[data-condition="c.spot-check-failed"] .condition-evidence').textContent()).toBe(
        suggestion.conditions.find((c) => c.id === 'c.spot-check-failed')!.evidence,
      );
      await screenshot(page, 'enterprise-class');

      // The overview counts registered classes against the targets.
      await page.goto('/#/');
      const cTarget = page.locator('.target-card[data-target="max-c"]');
      await cTarget.waitFor(WAIT);
      expect(await cTarget.locator('.target-actual').textContent()).toBe('1');
      expect(await page.locator('.target-card[data-target="min-a"] .target-text').textContent()).toBe('target: at least 240 class A');
      expect(await page.locator('.target-card[data-target="min-b"] .target-text').textContent()).toBe('target: at least 750 class B');
      expect(unexpected(problems.slice(seen))).toEqual([]);
    });

    it('rejects a proposal with a reason: the class stays, and the decision is in the history', async () => {
      const { page, problems } = regulator;
      const seen = problems.length;
      // A refused spot check is a C condition of its own.
      await stack.supervision.records.create(
        { kind: 'refusal', enterprise: EASTRIVER, date: daysAgo(5), level: 'city', note: 'Gate closed to the inspectors.', internal: false, published: false },
        'regulator',
      );
      await stack.supervision.changed([EASTRIVER]);
      const [proposal] = await stack.supervision.listProposals({ enterprise: EASTRIVER, status: 'pending' });
      expect(proposal).toMatchObject({ fromClass: 'A', toClass: 'C' });
      await page.goto('/#/proposals');
      const card = page.locator(`article.proposal-card[data-proposal-id="${proposal.id}"]`);
      await card.waitFor(WAIT);
      expect(await card.locator('li.condition[data-condition="c.spot-check-refused"]').getAttribute('data-status')).toBe('failed');
      const reason = 'The refusal was a scheduling mix-up; the check took place the next day.';
      await card.getByLabel('Reason for the decision').fill(reason);
      await card.getByRole('button', { name: 'Reject' }).click();
      await card.waitFor({ state: 'detached', ...WAIT });
      const decided = page.locator(`.decided-table tr[data-proposal-id="${proposal.id}"]`);
      await decided.waitFor(WAIT);
      expect(await decided.getAttribute('data-status')).toBe('rejected');
      expect(await decided.locator('.decision-reason').textContent()).toBe(reason);
      expect(await stack.supervision.register.currentClass(EASTRIVER)).toMatchObject({ class: 'A' });
      expect(unexpected(problems.slice(seen))).toEqual([]);
    });

    it('runs a seeded draw, shows its picks and inspectors, and publishes it', async () => {
      const { page, problems } = regulator;
      const seen = problems.length;
      await page.goto('/#/draws');
      await page.locator('.draw-list .empty').waitFor(WAIT);
      await page.getByLabel('Period').fill('2026-Q4');
      await page.getByLabel('Seed').fill('county-lottery-20261203');
      await page.getByLabel('Enterprises to draw').fill('2');
      await page.getByRole('button', { name: 'Run the draw' }).click();
      const card = page.locator('article.draw-card');
      await card.first().waitFor(WAIT);
      const [stored] = await stack.supervision.listDraws();
      expect(stored.reproducible).toBe(true);
      const picks = stored.picks as unknown as { enterprise: string; inspectors: string[] }[];
      expect(picks.map((p) => p.enterprise).sort()).toEqual([EASTRIVER, NORTHWIND]);
      const rows = card.locator('.draw-picks tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-enterprise'), tr.querySelector('.inspectors')?.textContent]))).toEqual(
        picks.map((p) => [p.enterprise, p.inspectors.join(', ')]),
      );
      for (const p of picks) expect(p.inspectors).toHaveLength(2);
      expect(picks.find((p) => p.enterprise === NORTHWIND)!.inspectors).not.toContain(CONFLICTED);
      expect(await card.locator('.muted').textContent()).toContain('repeating it gives the same picks');
      expect(await card.getAttribute('data-published')).toBe('false');

      // The same seed gives the same draw whenever its inputs (classes, risk scores, pool) are the same.
      await page.getByRole('button', { name: 'Run the draw' }).click();
      await expect.poll(() => card.count(), POLL).toBe(2);
      const [again] = await stack.supervision.listDraws();
      expect(again.id).not.toBe(stored.id);
      expect(again.reproducible).toBe(true);
      if (JSON.stringify(again.parameters) === JSON.stringify(stored.parameters)) expect(again.picks).toEqual(stored.picks);

      const first = page.locator(`article.draw-card[data-draw-id="${stored.id}"]`);
      await first.getByRole('button', { name: 'Publish' }).click();
      await page.locator(`article.draw-card[data-draw-id="${stored.id}"][data-published="true"]`).waitFor(WAIT);
      expect(await first.locator('.draw-state').textContent()).toMatch(/^published .* by regulator$/);
      expect((await stack.supervision.getDraw(stored.id)).published).toBe(true);
      expect((await stack.supervision.getDraw(again.id)).published).toBe(false);
      await screenshot(page, 'draws');
      expect(unexpected(problems.slice(seen))).toEqual([]);
    });
  });

  it('shows the public, without a login, what is published and nothing internal or measured', async () => {
    // An internal penalty (published by mistake, but internal wins) and the readings' values must not leak.
    await stack.supervision.records.create(
      { kind: 'penalty', enterprise: NORTHWIND, date: daysAgo(40), decisionNumber: 'CX-2026-118', reason: internalPenaltyReason, qualityRelated: false, internal: true, published: true },
      'regulator',
    );
    const regulatorPage = pages[0].page;
    const token = await tokenOf(regulatorPage);
    const series = (await (
      await fetch(`${stack.httpUrl}/api/series/${NORTHWIND}/extruder-1/insulation_thickness?from=${Date.now() - 10 * 60 * SECOND}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { kind: string; points: [number, number][] };
    expect(series.kind).toBe('raw');
    expect(series.points.length, 'the readings the public page must not show').toBe(60);

    const visitor = await open();
    const { page, problems } = visitor;
    const answer = await page.goto('/public');
    expect(answer?.status()).toBe(200);
    await page.locator('h1').waitFor(WAIT);
    const text = (await page.locator('body').textContent()) ?? '';
    const html = await page.content();
    // Each maker's class, as registered after the decision.
    const classOf = async (maker: string) =>
      page
        .locator('section', { hasText: 'Classes' })
        .locator('tr', { has: page.locator('td', { hasText: maker }) })
        .locator('td')
        .nth(1)
        .textContent();
    expect(await classOf('Northwind Cable')).toBe('C');
    expect(await classOf('Eastriver Wire')).toBe('A');
    // The published spot check, and the published draw with its seed.
    expect(text).toContain(publishedProduct);
    expect(text).toContain('county-lottery-20261203');
    expect(await page.locator('section', { hasText: 'Double-random inspections' }).locator('tbody tr').count()).toBe(2);
    // Nothing marked internal, though published: neither the failed spot check's product nor the penalty's reason.
    expect(html).not.toContain(internalProduct);
    expect(html).not.toContain(internalPenaltyReason);
    expect(html).not.toContain('CX-2026-118');
    // No measurement: none of the readings' values, no risk score, no suggestion.
    for (const [, v] of series.points) {
      expect(html).not.toContain(String(v));
      expect(html).not.toContain(v.toFixed(4));
    }
    expect(text).not.toMatch(/risk score|suggested|insulation_thickness/i);
    await screenshot(page, 'public-page');
    expect(problems).toEqual([]);
  });

  it('shows an enterprise user its own records, read-only', async () => {
    const user = await open();
    const { page, problems } = user;
    await logIn(page, 'northwind-quality', TEST_PASSWORDS.enterpriseUser);
    expect(await page.locator('nav a').allTextContents()).toEqual(['My lines', 'My records', 'Alerts', 'Trace', 'Recalls', 'Report', 'Routine']);
    await page.getByRole('link', { name: 'My records' }).click();
    const view = page.locator(`.view.register[data-enterprise="${NORTHWIND}"][data-readonly="true"]`);
    await view.waitFor(WAIT);
    const spot = section(page, 'spot-check');
    await spot.locator('.record-count', { hasText: '(2)' }).waitFor(WAIT);
    expect(await spot.locator('tbody tr').count()).toBe(2);
    // No form, no add, edit, delete or import, no audit trail.
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('[data-add]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Edit|Delete|Import/ }).count()).toBe(0);
    expect(await page.locator('.audit-trail').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe('My records');
    await screenshot(page, 'register-enterprise-user');

    // Its own records export as the register's CSV.
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), spot.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`spot-check-${NORTHWIND}.csv`);
    const exported = readFileSync(await download.path(), 'utf8');
    const ids = (await stack.supervision.records.list({ enterprise: NORTHWIND, kind: 'spot-check' })).map((r) => r.id);
    expect(exported.split('\r\n')[0]).toBe('id,enterprise,internal,published,date,level,product,result,failedItems');
    for (const id of ids) expect(exported).toContain(`${id},${NORTHWIND},`);

    // Another enterprise's register by URL: still its own.
    await page.goto(`/#/register?enterprise=${EASTRIVER}`);
    await view.waitFor(WAIT);
    expect(await page.locator('main').textContent()).not.toMatch(/eastriver/i);
    // And the API refuses it a write.
    const token = await tokenOf(page);
    const write = await fetch(`${stack.httpUrl}/api/register/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'typical-case', enterprise: NORTHWIND, date: daysAgo(1), title: 'mine', summary: 'mine' }),
    });
    expect(write.status).toBe(403);
    expect(problems).toEqual([]);
  });
});
