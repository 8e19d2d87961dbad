/**
 * bench/results/county-<scale>x[-influx][-shardsN].md and .json: the latest
 * recorded county run of each configuration and the machine it came from,
 * kept in the repository so a change that moves the figures shows in review.
 * Written only when asked (`record=1`), so a trial run on a laptop does not
 * overwrite them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { countyBatching, countyFiguresTable, countyHeadline, countyProcessTable, countyThreadLines, storeName } from './county-report.js';
import type { CountyResult } from './county-result.js';
import { COUNTY_ENTERPRISES, type CountyOptions } from './options.js';

const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));

/**
 * The results' file name without extension: by scale and store (and shards when given), e.g. county-2x-influx;
 * by the enterprises when enterprises= set a size that is not the scale's.
 */
export function countyResultsName(o: Pick<CountyOptions, 'scale' | 'enterprises' | 'store' | 'shards'>): string {
  const size = o.enterprises === Math.round(COUNTY_ENTERPRISES * o.scale) ? `${o.scale}x` : `${o.enterprises}-enterprises`;
  return `county-${size}${o.store === 'influx' ? '-influx' : ''}${o.shards === null ? '' : `-shards${o.shards}`}`;
}

/** The options as they are typed on the command line. */
function commandLineOf(o: CountyOptions): string {
  const keys: Partial<Record<keyof CountyOptions, string>> = { batchMs: 'batchms', probeEveryMs: 'probems' };
  return Object.entries(o)
    .filter(([k, v]) => k !== 'record' && v !== null)
    .map(([k, v]) => `${keys[k as keyof CountyOptions] ?? k}=${v}`)
    .join(' ');
}

export async function recordCountyResults(r: CountyResult): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const m = r.machine;
  const name = countyResultsName(r.options);
  const md = [
    `# County benchmark, ${name.slice('county-'.length)}: latest recorded run`,
    '',
    'Written by `npm run bench -- --scenario county record=1 ...` (bench/suites/county.ts says what it measures and how).',
    'Do not edit by hand; run it again.',
    '',
    `- machine: ${m.cores} x ${m.cpu}, ${m.memoryGiB} GiB, ${m.kernel}`,
    `- node ${m.node}, run ${m.date}`,
    `- options: \`${commandLineOf(r.options)}\``,
    `- ${countyHeadline(r)}`,
    `- ${countyBatching(r)}`,
    `- broker, analytics, dashboard${r.options.store === 'influx' ? ', influxd' : ''} and the two load processes (gateways, probe) each ran as their own process; store ${storeName(r)}${r.options.store === 'influx' ? '' : '; the dashboard had a database of its own, which the timed alert path does not read'}`,
    '',
    ...countyFiguresTable(r),
    '',
    "CPU (% of one core; a process's threads count to it) and memory of each process over the measured window:",
    '',
    ...countyProcessTable(r),
    '',
    ...countyThreadLines(r).map((line) => `- ${line}`),
    '',
    ...(r.verdict.notes.length > 0 ? ['## Short of the target: where the time goes', '', ...r.verdict.notes.map((s) => `- ${s}`)] : ['The target is met.']),
    '',
    `Every figure, with a per-second timeline of stored points, gateway backlog and CPU, is in [${name}.json](${name}.json).`,
    '',
  ].join('\n');
  const mdPath = `${RESULTS_DIR}${name}.md`;
  const jsonPath = `${RESULTS_DIR}${name}.json`;
  await writeFile(mdPath, md);
  await writeFile(jsonPath, `${JSON.stringify(r, null, 2)}\n`);
  return [mdPath, jsonPath];
}
