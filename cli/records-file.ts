/**
 * The `--records FILE` of `linewatch assess`: a JSON list of register
 * records (or `{ "records": [...] }`), validated all or nothing by
 * supervision's own rules, so a record the register would refuse is refused
 * here too. A record of an enterprise the configuration does not define is
 * refused rather than silently left out of every classification.
 */
import { readFile } from 'node:fs/promises';
import { validateRecordList } from '../supervision/record-list.js';
import type { SupervisionRecord } from '../supervision/records.js';
import { fileErrorReason } from '../ops/file-error.js';
import { CliError } from './cli-error.js';

export async function readRecordsFile(command: string, file: string, enterprises: ReadonlySet<string>): Promise<readonly SupervisionRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError('LW_INPUT', `${command}: cannot read records ${file}: ${fileErrorReason(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError('LW_INPUT', `${command}: ${file}: not JSON: ${(err as Error).message}`);
  }
  const checked = validateRecordList(parsed);
  const problems = checked.ok ? [] : [...checked.problems];
  if (checked.ok) {
    checked.records.forEach((r, i) => {
      if (!enterprises.has(r.enterprise)) problems.push(`records[${i}].enterprise: '${r.enterprise}' is not an enterprise of the configuration`);
    });
  }
  if (problems.length > 0) throw new CliError('LW_INPUT', `${command}: ${file}: ${problems.length} bad record(s): ${problems.join('; ')}`);
  return checked.ok ? checked.records : [];
}
