import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../support/cli.js';

/**
 * Compiles the web page (tsconfig.web.json) so the server under test serves
 * the current sources. The suite's global setup builds only the Node code;
 * a type error in the page fails the browser tests here with tsc's message.
 */
export function buildWebPage(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.web.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the web page does not compile:\n${result.stdout}${result.stderr}`);
}
