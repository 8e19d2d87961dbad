/**
 * Starts Debian's Chromium for the browser tests and the dashboard benchmark
 * (playwright-core drives it; no browser is ever downloaded). A missing
 * Chromium is an error that says how to install it, never a skip: CI
 * installs it (.ci/run), and a test that silently does not run proves
 * nothing.
 *
 * playwright's launch() starts Chromium with a fresh temporary profile
 * (--user-data-dir) and --headless; the flags below keep it off the network
 * and quiet on a machine without a GPU.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LINEWATCH_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_MISSING =
  `Chromium is not installed at ${CHROMIUM_PATH}, and the browser tests need it: ` +
  'install it with `apt-get install -y chromium` (Debian; .ci/run does this), or set LINEWATCH_CHROMIUM to its path.';

export const CHROMIUM_ARGS = Object.freeze(['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']);

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}
