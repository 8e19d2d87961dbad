/**
 * The births a host has in force, kept in a file (`stateFile`) between runs:
 * a read-only host cannot ask a node to be born again, so after a restart it
 * would know no aliases until the node's next birth. Written whole to a
 * temporary file and renamed, so a crash leaves the old file or the new one.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { SavedBirth } from './sparkplug-host.js';

/** The saved births, or [] when there is no file yet; a file that cannot be read is a thrown Error naming it. */
export async function readBirthFile(file: string): Promise<SavedBirth[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`sparkplug source: cannot read stateFile ${file}: ${(err as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as { version?: unknown; births?: unknown };
    if (json.version !== 1 || !Array.isArray(json.births)) throw new Error('not a births file of version 1');
    return json.births.filter(isSavedBirth);
  } catch (err) {
    throw new Error(`sparkplug source: stateFile ${file} is not a births file (${(err as Error).message}); remove it to start without`);
  }
}

export async function writeBirthFile(file: string, births: readonly SavedBirth[]): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify({ version: 1, births }));
  await rename(tmp, file);
}

function isSavedBirth(b: unknown): b is SavedBirth {
  const o = b as Partial<SavedBirth> | null;
  return o !== null && typeof o === 'object' && typeof o.group === 'string' && typeof o.edgeNode === 'string' && Array.isArray(o.aliases) && Array.isArray(o.datatypes);
}
