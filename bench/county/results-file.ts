/**
 * bench/results/county.md and county.json: the latest recorded county run
 * and the machine it came from, kept in the repository so a change that
 * moves the figures shows in review. Written only when asked (`record=1`),
 * so a trial run on a laptop does not overwrite them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { countyFiguresTable, countyHeadline, countyProcessTable } from './county-report.js';
import type { CountyResult } from './county-result.js';

const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));

export async function recordCountyResults(r: CountyResult): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const m = r.machine;
  const args = Object.entries(r.options)
    .filter(([k]) => k !== 'record')
    .map(([k, v]) => `${k === 'batchMs' ? 'batchms' : k === 'probeEveryMs' ? 'probems' : k}=${v}`)
    .join(' ');
  const md = [
    '# County benchmark: latest recorded run',
    '',
    'Written by `npm run bench -- --scenario county record=1` (bench/suites/county.ts says what it measures and how).',
    'Do not edit by hand; run it again.',
    '',
    `- machine: ${m.cores} x ${m.cpu}, ${m.memoryGiB} GiB, ${m.kernel}`,
    `- node ${m.node}, run ${m.date}`,
    `- options: \`${args}\``,
    `- ${countyHeadline(r)}`,
    '- broker, analytics (embedded DuckDB store) and the two load processes each ran as their own process; the dashboard did not (see the suite header)',
    '',
    ...countyFiguresTable(r),
    '',
    'CPU (% of one core) and memory of each process over the measured window:',
    '',
    ...countyProcessTable(r),
    '',
    ...(r.verdict.notes.length > 0 ? ['## Short of the target: where the time goes', '', ...r.verdict.notes.map((s) => `- ${s}`)] : ['The county target is met.']),
    '',
    'Every figure, with a per-second timeline of stored points, gateway backlog and CPU, is in [county.json](county.json).',
    '',
  ].join('\n');
  const mdPath = `${RESULTS_DIR}county.md`;
  const jsonPath = `${RESULTS_DIR}county.json`;
  await writeFile(mdPath, md);
  await writeFile(jsonPath, `${JSON.stringify(r, null, 2)}\n`);
  return [mdPath, jsonPath];
}
