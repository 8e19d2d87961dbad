/**
 * One writer per outbox directory: two would interleave records and reuse
 * seqs. A `LOCK` file holds the owner's pid; a lock whose process is gone (a
 * crash, kill -9) is stale and taken over. Node has no flock(2), so this is
 * advisory and pid-based: containers whose processes share a pid number and a
 * volume are not told apart (README.md, "Left open").
 */
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutboxError } from './errors.js';
import { unlinkIfPresent } from './segment.js';

const heldHere = new Set<string>();

/** Takes the lock of `dir`; resolves with the function that releases it. */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  if (heldHere.has(key)) throw locked(key, 'this process');
  const path = join(key, 'LOCK');
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (attempt > 0) throw locked(key, 'another process'); // it took the stale lock first
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) throw locked(key, `process ${owner}`);
      await unlinkIfPresent(path); // stale: its owner is gone
    }
  }
  heldHere.add(key);
  return async () => {
    heldHere.delete(key);
    await unlinkIfPresent(path);
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function locked(dir: string, owner: string): OutboxError {
  return new OutboxError('LW_OUTBOX_LOCKED', `outbox ${dir} is already open in ${owner}`);
}
