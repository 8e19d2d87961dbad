/**
 * Durability helpers. fsync(2): "Calling fsync() does not necessarily ensure
 * that the entry in the directory containing the file has also reached disk.
 * For that an explicit fsync() on a file descriptor for the directory is also
 * needed." So creating or deleting a segment is followed by an fsync of the
 * directory; appending to an existing file needs only fdatasync(2), which
 * also flushes the file size because a later read needs it.
 */
import { open, type FileHandle } from 'node:fs/promises';

/** Counts every fsync, so tests and the benchmark can see group commit work. */
export interface SyncCounter {
  fsyncs: number;
}

export async function fsyncDirectory(dir: string, counter: SyncCounter): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
    counter.fsyncs++;
  } finally {
    await fh.close();
  }
}

export async function datasync(fh: FileHandle, counter: SyncCounter): Promise<void> {
  await fh.datasync();
  counter.fsyncs++;
}

/**
 * Writes every buffer at `position`, looping over short writes: one writev
 * call may write less than asked (and at most IOV_MAX = 1024 buffers).
 */
export async function writeAll(fh: FileHandle, buffers: Buffer[], position: number): Promise<number> {
  let total = 0;
  let first = 0;
  while (first < buffers.length) {
    const slice = buffers.slice(first, first + 1024);
    let want = 0;
    for (const b of slice) want += b.length;
    const { bytesWritten } = await fh.writev(slice, position + total);
    total += bytesWritten;
    if (bytesWritten === want) {
      first += slice.length;
      continue;
    }
    // Short write: skip what was written and go on with the rest.
    let skip = bytesWritten;
    let i = first;
    while (skip >= buffers[i]!.length) skip -= buffers[i++]!.length;
    buffers[i] = buffers[i]!.subarray(skip);
    first = i;
  }
  return total;
}
