#!/usr/bin/env node
// Entry point for `npx linewatch`. The TypeScript sources are compiled to
// dist/ by `npm run build`, which `npm ci` runs through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('linewatch: not built yet; run `npm ci` (or `npm run build`) in the project folder first\n');
  process.exit(2);
}
await import(entry.href);
