/**
 * `npm run bench [-- --suite NAME]`: runs every benchmark suite in
 * bench/suites/ (each prints its own figures) or only the one named.
 * Timings live here, never in tests.
 */
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

interface Suite {
  run(args: string[]): Promise<void>;
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { suite: { type: 'string' }, scenario: { type: 'string' } },
  strict: false,
  allowPositionals: true,
});

const suitesDir = new URL('./suites/', import.meta.url);
const available = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = typeof values.suite === 'string' ? [values.suite] : typeof values.scenario === 'string' ? [values.scenario] : available;
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite '${unknown.join(', ')}'; available: ${available.join(', ')}\n`);
  process.exit(2);
}

const cpu = cpus()[0]?.model ?? 'unknown cpu';
process.stdout.write(`linewatch benchmarks on ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`);
for (const name of wanted) {
  process.stdout.write(`\n## ${name}\n`);
  const suite = (await import(new URL(`${name}.js`, suitesDir).href)) as Suite;
  await suite.run(positionals);
}
