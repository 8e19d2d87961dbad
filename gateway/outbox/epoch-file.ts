/**
 * The outbox's identity on disk: the file `EPOCH` holds the directory's epoch
 * (protocol/outbox-epoch.ts), a random UUID made when the directory first
 * had none. Seqs restart at `firstSeq` in a new directory, so the analytics
 * side tells its batches from an old directory's by the epoch, not the seq.
 *
 * Written as `EPOCH.tmp`, fdatasync'd, renamed, and the directory fsync'd:
 * after a crash the file is either absent (a new epoch is made at the next
 * open, before any batch was sent) or whole. A file that is unreadable all the
 * same (edited by hand) is replaced by a new epoch: a new identity is always
 * safe, it only makes the analytics side treat a resend as new data, which
 * the store keeps once.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidEpoch } from '../../protocol/outbox-epoch.js';
import { datasync, fsyncDirectory, type SyncCounter } from './fsync.js';

export const EPOCH_FILE = 'EPOCH';

/** A fresh epoch (a random UUID: 122 random bits, so two outboxes never share one). */
export function newEpoch(): string {
  return randomUUID();
}

export interface OutboxIdentity {
  readonly epoch: string;
  /** Made by this open: the directory is new, from an older version, or its file was unreadable. */
  readonly created: boolean;
}

/** Reads the directory's epoch, or makes and durably stores one. */
export async function readOrCreateEpoch(dir: string, sync: SyncCounter): Promise<OutboxIdentity> {
  const path = join(dir, EPOCH_FILE);
  const found = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  );
  if (found !== undefined && isValidEpoch(found)) return { epoch: found, created: false };
  const epoch = newEpoch();
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(`${epoch}\n`);
    await datasync(fh, sync);
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await fsyncDirectory(dir, sync);
  return { epoch, created: true };
}
