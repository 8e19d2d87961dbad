/**
 * Reading held batches back from the segment files, for a resend: each
 * record is read with its header and checked (seq, length, CRC) before it is
 * yielded. Batches acknowledged while reading are skipped; a record that no
 * longer reads back intact is handed to `lose` and skipped.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { OutboxEntry } from './outbox.js';
import { decodeRecordHeader, RECORD_HEADER_BYTES, recordIntact } from './record-format.js';
import type { RecordLocation } from './recovery.js';
import type { Segment } from './segment.js';
import { readFully } from './segment-scan.js';
import type { SeqWindow } from './seq-window.js';

export interface ReadBackSource {
  readonly window: SeqWindow<RecordLocation>;
  segmentFor(seq: number): Segment | undefined;
  /** A record failed its check: the outbox reports and releases it. */
  lose(seq: number, seg: Segment, loc: RecordLocation): void;
}

/** The held batches with seqs in [from, upTo], in seq order. */
export async function* readBackRecords(source: ReadBackSource, from: number, upTo: number): AsyncGenerator<OutboxEntry> {
  const { window } = source;
  let reader: { seg: Segment; fh: FileHandle } | undefined;
  try {
    for (let seq = window.nextLive(from, upTo); seq !== undefined; seq = window.nextLive(seq + 1, upTo)) {
      const loc = window.get(seq)!;
      const seg = source.segmentFor(seq)!;
      if (reader?.seg !== seg) {
        await reader?.fh.close();
        reader = undefined;
        // Its own handle: the segment may be deleted meanwhile (once all of it is acknowledged).
        try {
          reader = { seg, fh: await open(seg.path, 'r') };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' && window.get(seq) === undefined) continue;
          throw e;
        }
      }
      const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES + loc.length);
      const got = await readFully(reader.fh, buf, buf.length, loc.offset);
      if (window.get(seq) === undefined) continue; // acknowledged while we read
      const h = decodeRecordHeader(buf, 0);
      if (got < buf.length || h.seq !== seq || h.length !== loc.length || !recordIntact(buf, 0, h, RECORD_HEADER_BYTES)) {
        source.lose(seq, seg, loc);
        continue;
      }
      yield { seq, payload: buf.subarray(RECORD_HEADER_BYTES) };
    }
  } finally {
    await reader?.fh.close();
  }
}
