/**
 * Reads a segment or ack file back at recovery and says how much of it is
 * intact. Scanning stops at the first record that is short, runs past the end
 * of the file, fails its CRC or breaks seq order: after a crash that is where
 * the unsynced tail begins, and nothing after it was ever reported durable.
 */
import { readFile, type FileHandle } from 'node:fs/promises';
import { decodeAckRecord, decodeRecordHeader, decodeSegmentHeader, RECORD_HEADER_BYTES, recordIntact, SEGMENT_HEADER_BYTES, ACK_RECORD_BYTES } from './record-format.js';

export interface SegmentScan {
  /** Why the segment header is unusable; then nothing else was read. */
  readonly headerError?: string;
  readonly fileBytes: number;
  /** Offset just past the last intact record. */
  readonly validBytes: number;
  /** Why the scan stopped before the end of the file, if it did. */
  readonly damage?: string;
}

/**
 * Calls `onRecord` for each intact record in file order. Seqs must be at
 * least `minSeq` and increase; `maxPayload` bounds a plausible length so a
 * damaged length field cannot make us read a whole file as one record.
 */
export async function scanSegment(fh: FileHandle, baseSeq: number, minSeq: number, maxPayload: number, onRecord: (seq: number, offset: number, length: number) => void): Promise<SegmentScan> {
  const { size } = await fh.stat();
  const reader = new ChunkReader(fh, size);
  const headerBytes = await reader.view(0, Math.min(size, SEGMENT_HEADER_BYTES));
  const header = decodeSegmentHeader(headerBytes.buf.subarray(headerBytes.off, headerBytes.off + Math.min(size, SEGMENT_HEADER_BYTES)));
  if ('error' in header) return { headerError: header.error, fileBytes: size, validBytes: 0 };
  if (header.baseSeq !== baseSeq) {
    return { headerError: `header says baseSeq ${header.baseSeq}, file name says ${baseSeq}`, fileBytes: size, validBytes: 0 };
  }
  let pos = SEGMENT_HEADER_BYTES;
  let next = Math.max(minSeq, baseSeq);
  let damage: string | undefined;
  while (pos < size) {
    if (size - pos < RECORD_HEADER_BYTES) {
      damage = 'torn record header';
      break;
    }
    const h = await reader.view(pos, RECORD_HEADER_BYTES);
    const rh = decodeRecordHeader(h.buf, h.off);
    if (rh.length > maxPayload || rh.length > size - pos - RECORD_HEADER_BYTES) {
      damage = 'record length past the end of the file';
      break;
    }
    const r = await reader.view(pos, RECORD_HEADER_BYTES + rh.length);
    if (!recordIntact(r.buf, r.off, rh, r.off + RECORD_HEADER_BYTES)) {
      damage = 'record checksum mismatch';
      break;
    }
    if (rh.seq < next) {
      damage = `record seq ${rh.seq} out of order (expected at least ${next})`;
      break;
    }
    onRecord(rh.seq, pos, rh.length);
    next = rh.seq + 1;
    pos += RECORD_HEADER_BYTES + rh.length;
  }
  return damage === undefined ? { fileBytes: size, validBytes: pos } : { fileBytes: size, validBytes: pos, damage };
}

/** Calls `onRun` for each intact ack record; stops at the first damaged one. */
export async function scanAckFile(path: string, onRun: (first: number, count: number) => void): Promise<{ fileBytes: number; validBytes: number } | undefined> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let pos = 0;
  for (; pos + ACK_RECORD_BYTES <= data.length; pos += ACK_RECORD_BYTES) {
    const run = decodeAckRecord(data, pos);
    if (!run) break;
    onRun(run.first, run.count);
  }
  return { fileBytes: data.length, validBytes: pos };
}

/** Sequential reads through one reusable buffer, so a scan costs a read per MiB, not per record. */
class ChunkReader {
  private buf = Buffer.allocUnsafe(1024 * 1024);
  private start = 0;
  private length = 0;

  constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
  ) {}

  /** `n` bytes at `pos` as (buffer, offset); the caller checked they are within the file. */
  async view(pos: number, n: number): Promise<{ buf: Buffer; off: number }> {
    if (pos >= this.start && pos + n <= this.start + this.length) return { buf: this.buf, off: pos - this.start };
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    const want = Math.min(this.buf.length, this.size - pos);
    const got = await readFully(this.fh, this.buf, want, pos);
    this.start = pos;
    this.length = got;
    if (got < n) throw new Error(`file shrank while being read: ${got} of ${n} bytes at ${pos}`);
    return { buf: this.buf, off: 0 };
  }
}

/** Reads `length` bytes at `position` into `buf`, looping over short reads; returns the bytes read. */
export async function readFully(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}
