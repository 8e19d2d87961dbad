/**
 * What every browser test does to a page: watch it for console errors and
 * uncaught exceptions, log in through the form, and save screenshots as
 * test artefacts (test-artifacts/screenshots/, gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/cli.js';

export const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts', 'screenshots');

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions, with where they came from. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openPage(browser: Browser, baseUrl: string, viewport = { width: 1440, height: 1000 }): Promise<WatchedPage> {
  // A context of its own: its own sessionStorage, so each user logs in from scratch.
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  return { page, problems, close: () => context.close() };
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.live-status.status-live').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The session token the page holds (to call the API and the socket as this user would). */
export async function tokenOf(page: Page): Promise<string> {
  // A string, not a function: this file compiles without the DOM library.
  return (await page.evaluate(`JSON.parse(sessionStorage.getItem('linewatch.session') ?? '{}').token`)) as string;
}
