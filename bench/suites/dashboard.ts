/**
 * The dashboard page under a county's load, in Debian's Chromium (the same
 * launcher as the browser tests): does it stay responsive with 1,000
 * enterprises and a chart of 100,000 points? Measured, printed, never
 * asserted:
 *
 *   - the overview after login (first 100 rows), then all 1,000 rows;
 *   - a burst of 1,000 risk changes (every enterprise re-scored at once)
 *     until the ranking shows the new leader;
 *   - a stream of risk changes and new alerts: frame gaps and long tasks,
 *     and input-to-paint latency of the filter box while it streams;
 *   - an enterprise page whose chart holds 100,000 raw points: until drawn,
 *     the page's own compute-and-draw time, a live refresh, and resizes.
 *
 * The server is buildApp on an embedded store, with the cluster's live
 * sources in process (bench/dashboard/cluster.ts), so the figures are the
 * page's and the HTTP API's, not the pipeline's.
 *
 * Usage: npm run bench -- --suite dashboard [enterprises=1000] [points=100000] [seconds=5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp } from '../../dashboard/app.js';
import { launchChromium } from '../../test/support/chromium.js';
import { createLogger } from '../../ops/logger.js';
import { openStore } from '../../store/open-store.js';
import type { Measurement, TimeSeriesStore } from '../../store/port.js';
import { clusterConfig, enterpriseId, liveCluster, random, REGULATOR_PASSWORD, TOKEN_SECRET } from '../dashboard/cluster.js';
import { filterLatency, HEAP_MB, SERIES_RENDERS, START_FRAME_RECORDER, STOP_FRAME_RECORDER, waitInPage } from '../dashboard/page-probes.js';

const INITIAL_ALERTS = 2000;
/** Stream during the responsiveness phase: changes per second. */
const RISK_PER_S = 200;
const ALERTS_PER_S = 20;

function named(args: string[], name: string, fallback: number): number {
  const value = Number(args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
const count = (x: number) => Math.round(x).toLocaleString('en-US');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

/** `points` readings of one series at 10 Hz ending a second ago, written as the pipeline would. */
async function writeLongSeries(store: TimeSeriesStore, enterprise: string, points: number, end: number): Promise<void> {
  const rnd = random(3);
  const start = end - points * 100;
  for (let i = 0; i < points; i += 10_000) {
    const batch: Measurement[] = [];
    for (let k = i; k < Math.min(points, i + 10_000); k++) {
      // A slow sag toward the minimum in the second half: the chart has limits, signals and marks to draw.
      const sag = k > points / 2 ? ((k - points / 2) / points) * 0.08 : 0;
      batch.push({ enterprise, line: 'L1', characteristic: 'insulation_thickness', ts: start + k * 100, value: Math.round((0.7 - sag + (rnd() - 0.5) * 0.04) * 1000) / 1000 });
    }
    await store.writeMeasurements(batch);
  }
}

export async function run(args: string[]): Promise<void> {
  const enterprises = named(args, 'enterprises', 1000);
  const points = named(args, 'points', 100_000);
  const seconds = named(args, 'seconds', 5);
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-bench-dashboard-'));
  const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  const browser = await launchChromium();
  try {
    const config = await clusterConfig(enterprises, join(dir, 'data'));
    const cluster = liveCluster(enterprises, INITIAL_ALERTS, Date.now());
    await writeLongSeries(store, enterpriseId(0), points, Date.now() - 1000);
    const app = buildApp({
      config,
      alerts: cluster.alerts,
      risk: cluster.risk,
      store,
      tokenSecret: TOKEN_SECRET,
      logger: createLogger('bench-dashboard', 'warn'),
      // The chart under test holds every point raw; the default answers a window this long downsampled.
      series: { maxRawPoints: points, maxBuckets: 5000 },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    process.stdout.write(`Chromium ${browser.version()} headless; ${count(enterprises)} enterprises, ${count(INITIAL_ALERTS)} alerts, one chart of ${count(points)} points\n`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, baseURL: url });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    try {
      await overview(page, enterprises);
      await riskBurst(page, cluster, enterprises);
      await stream(page, cluster, enterprises, seconds);
      await chart(page, store, points);
    } finally {
      if (problems.length > 0) process.stdout.write(`  page errors: ${problems.slice(0, 3).join(' | ')}\n`);
      await context.close();
      await app.close();
    }
  } finally {
    await browser.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function overview(page: Page, enterprises: number): Promise<void> {
  await page.goto('/');
  await page.getByLabel('User name').fill('regulator');
  await page.getByLabel('Password').fill(REGULATOR_PASSWORD);
  const shown = await timed(async () => {
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.view.overview').waitFor();
    await page.evaluate(
      waitInPage(
        `document.querySelectorAll('.enterprise-table .rank-body [role=row]').length === ${Math.min(100, enterprises)} && document.querySelectorAll('.alert-list [data-alert-id]').length > 0`,
      ),
    );
  });
  let all = 0;
  if (enterprises > 100) {
    all = await timed(async () => {
      await page.locator('[data-show-all]').click();
      await page.evaluate(waitInPage(`document.querySelectorAll('.enterprise-table .rank-body [role=row]').length === ${enterprises}`));
    });
  }
  process.stdout.write(`  overview after login (login, socket, alerts, first 100 rows): ${ms(shown)}; all ${count(enterprises)} rows: ${ms(all)}\n`);
}

async function riskBurst(page: Page, cluster: ReturnType<typeof liveCluster>, enterprises: number): Promise<void> {
  const rnd = random(11);
  const scores = Array.from({ length: enterprises }, () => Math.round(rnd() * 900) / 10);
  const leader = scores.indexOf(Math.max(...scores));
  const burst = await timed(async () => {
    for (let i = 0; i < enterprises; i++) cluster.riskChange(i, scores[i]);
    await page.evaluate(
      waitInPage(
        `document.querySelector('.enterprise-table .rank-body [role=row]')?.dataset.enterprise === ${JSON.stringify(enterpriseId(leader))} && document.querySelectorAll('.enterprise-table .risk-cell .badge-detail').length >= ${enterprises}`,
      ),
    );
  });
  process.stdout.write(`  ${count(enterprises)} risk changes in one burst, until the table is re-ranked with every score: ${ms(burst)}\n`);
}

async function stream(page: Page, cluster: ReturnType<typeof liveCluster>, enterprises: number, seconds: number): Promise<void> {
  const rnd = random(13);
  await page.evaluate(START_FRAME_RECORDER);
  const latencies: number[] = [];
  let sent = 0;
  const until = Date.now() + seconds * 1000;
  const tick = 50; // ms: events go out in 20 small bursts a second, as a busy bus delivers them
  while (Date.now() < until) {
    for (let k = 0; k < (RISK_PER_S * tick) / 1000; k++) cluster.riskChange(Math.floor(rnd() * enterprises), Math.round(rnd() * 900) / 10);
    for (let k = 0; k < (ALERTS_PER_S * tick) / 1000; k++) cluster.raiseAlert(Date.now());
    sent += ((RISK_PER_S + ALERTS_PER_S) * tick) / 1000;
    if (sent % 110 === 0) {
      const r = (await page.evaluate(filterLatency(latencies.length % 2 === 0 ? 'ent-00' : ''))) as { ms: number; rows: number };
      latencies.push(r.ms);
    }
    await new Promise((r) => setTimeout(r, tick));
  }
  const { gaps, longTasks } = (await page.evaluate(STOP_FRAME_RECORDER)) as { gaps: number[]; longTasks: number[] };
  await page.evaluate(filterLatency(''));
  process.stdout.write(
    `  streaming ${RISK_PER_S} risk changes + ${ALERTS_PER_S} new alerts per second for ${seconds} s (all rows shown):\n` +
      `    frames: ${count(gaps.length)}, gap p50 ${ms(percentile(gaps, 0.5))}, p95 ${ms(percentile(gaps, 0.95))}, max ${ms(Math.max(...gaps))}; ` +
      `long tasks (> 50 ms): ${longTasks.length}${longTasks.length ? `, longest ${ms(Math.max(...longTasks))}` : ''}\n` +
      `    filter box, input to painted rows: p50 ${ms(percentile(latencies, 0.5))}, max ${ms(Math.max(...latencies))} (${latencies.length} changes)\n`,
  );
}

async function chart(page: Page, store: TimeSeriesStore, points: number): Promise<void> {
  const card = `.series-card[data-series="L1/insulation_thickness"]`;
  const shown = await timed(async () => {
    await page.evaluate(`location.hash = '#/enterprises/${enterpriseId(0)}?window=3h'`);
    await page.locator('.view.enterprise').waitFor();
    await page.evaluate(waitInPage(`document.querySelector('${card}')?.dataset.state === 'ready'`, 120_000));
  });
  const first = ((await page.evaluate(SERIES_RENDERS)) as Array<{ ms: number; points: number }>).find((r) => r.points === points);

  // A live refresh: 50 new readings, appended at the card's next 5-second refresh.
  const last = Date.now() - 500;
  await store.writeMeasurements(
    Array.from({ length: 50 }, (_, i) => ({ enterprise: enterpriseId(0), line: 'L1', characteristic: 'insulation_thickness' as const, ts: last - (50 - i) * 10, value: 0.62 })),
  );
  await page.evaluate(waitInPage(`performance.getEntriesByName('linewatch:series-render').some((e) => e.detail && e.detail.points > ${points})`, 30_000));
  const refresh = ((await page.evaluate(SERIES_RENDERS)) as Array<{ ms: number; points: number }>).find((r) => r.points > points);

  await page.evaluate(START_FRAME_RECORDER);
  for (const width of [1100, 1440, 900, 1440]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.waitForTimeout(300);
  }
  const { gaps } = (await page.evaluate(STOP_FRAME_RECORDER)) as { gaps: number[] };
  const heap = (await page.evaluate(HEAP_MB)) as number | null;
  process.stdout.write(
    `  chart of ${count(points)} points (3 h window, raw): shown ${ms(shown)} after navigation (fetch, parse, 12 cards); ` +
      `limits + EWMA + capability + draw: ${first ? ms(first.ms) : 'not measured'}\n` +
      `    live refresh of that chart (+50 points, all recomputed and redrawn): ${refresh ? ms(refresh.ms) : 'not measured'}; ` +
      `4 resizes: longest frame ${ms(Math.max(...gaps))}${heap === null ? '' : `; JS heap ${heap.toFixed(0)} MB`}\n`,
  );
}
