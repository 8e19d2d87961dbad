/** Bytes a folder takes on disk (allocated blocks, as `du` counts), walking it recursively. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function diskUsageBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await diskUsageBytes(path);
    else total += (await stat(path)).blocks * 512;
  }
  return total;
}
