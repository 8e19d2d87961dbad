/**
 * Where the web page's files are, whether linewatch runs from its sources
 * (tests: dashboard/web-assets.ts) or compiled (dist/dashboard/web-assets.js,
 * also in the Docker image): everything is found from the folder holding
 * linewatch's package.json, so neither layout needs a setting.
 *
 *   public/   dashboard/web/public: index.html, styles, icon (not compiled)
 *   scripts/  dist/dashboard/web: the page's modules, compiled by tsconfig.web.json
 *   vendor/   uPlot and socket.io-client browser builds, from node_modules
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebAssetPaths {
  readonly publicDir: string;
  readonly scriptsDir: string;
  /** The module the page starts from, inside scriptsDir. */
  readonly entryModule: string;
  readonly uplotDir: string;
  readonly socketIoClientDir: string;
}

/** The compiled entry module, relative to scriptsDir and to /assets/ (tsconfig.web.json's rootDir is the repository). */
export const WEB_ENTRY = 'web/main.js';

export function webAssetPaths(): WebAssetPaths {
  const root = packageRoot(path.dirname(fileURLToPath(import.meta.url)));
  const require = createRequire(import.meta.url);
  const scriptsDir = path.join(root, 'dist', 'dashboard', 'web');
  return Object.freeze({
    publicDir: path.join(root, 'dashboard', 'web', 'public'),
    scriptsDir,
    entryModule: path.join(scriptsDir, WEB_ENTRY),
    // package.json is the one file both packages export whatever their `exports` map says.
    uplotDir: path.join(path.dirname(require.resolve('uplot/package.json')), 'dist'),
    socketIoClientDir: path.join(path.dirname(require.resolve('socket.io-client/package.json')), 'dist'),
  });
}

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'linewatch') return dir;
    if (path.dirname(dir) === dir) throw new Error(`linewatch's package.json not found above ${from}`);
  }
}
