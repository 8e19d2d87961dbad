/**
 * The bytes on disk (README.md, "On-disk format"). All integers little-endian;
 * a u64 is written as two u32 halves and must be a safe integer on reading.
 *
 * Segment header (24 bytes), at offset 0 of every `<baseSeq>.seg`:
 *   0  8  magic "LWOUTBOX"
 *   8  4  format version (1)
 *  12  8  baseSeq: the seq of the first record this segment may hold
 *  20  4  CRC-32 of bytes 0..20
 * Batch record (16-byte header + payload), appended after it:
 *   0  4  CRC-32 of bytes 4..16 and of the payload
 *   4  4  payload length
 *   8  8  seq
 *  16  n  payload
 * Ack record (16 bytes), appended to `<baseSeq>.ack`, releases seqs
 * [first, first + count) of that segment (acknowledged or dropped):
 *   0  4  CRC-32 of bytes 4..16
 *   4  8  first
 *  12  4  count
 *
 * The CRC covers the length and the seq as well as the payload, so a torn or
 * zero-filled tail (what a crash leaves after the last fsync) never passes.
 */
import { crc32Update } from './crc32.js';

export const SEGMENT_MAGIC = Buffer.from('LWOUTBOX', 'latin1');
export const FORMAT_VERSION = 1;
export const SEGMENT_HEADER_BYTES = 24;
export const RECORD_HEADER_BYTES = 16;
export const ACK_RECORD_BYTES = 16;
/** Longest run one ack record can release. */
export const MAX_ACK_RUN = 0xffff_ffff;

const TWO_32 = 2 ** 32;

export function writeU64(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32LE(value >>> 0, offset);
  buf.writeUInt32LE(Math.floor(value / TWO_32), offset + 4);
}

/** The u64 at `offset`, or -1 when it is not a safe integer (then the bytes are damaged). */
export function readU64(buf: Uint8Array, offset: number): number {
  const lo = readU32(buf, offset);
  const hi = readU32(buf, offset + 4);
  return hi > 0x1f_ffff ? -1 : hi * TWO_32 + lo;
}

function readU32(buf: Uint8Array, offset: number): number {
  return (buf[offset]! | (buf[offset + 1]! << 8) | (buf[offset + 2]! << 16) | (buf[offset + 3]! << 24)) >>> 0;
}

export function encodeSegmentHeader(baseSeq: number): Buffer {
  const b = Buffer.alloc(SEGMENT_HEADER_BYTES);
  SEGMENT_MAGIC.copy(b, 0);
  b.writeUInt32LE(FORMAT_VERSION, 8);
  writeU64(b, 12, baseSeq);
  b.writeUInt32LE(crc32Update(0, b, 0, 20), 20);
  return b;
}

/** The baseSeq of a segment header, or a reason it is not one. */
export function decodeSegmentHeader(b: Uint8Array): { baseSeq: number } | { error: string } {
  if (b.length < SEGMENT_HEADER_BYTES) return { error: 'short segment header' };
  if (readU32(b, 20) !== crc32Update(0, b, 0, 20)) return { error: 'segment header checksum mismatch' };
  if (!SEGMENT_MAGIC.equals(b.subarray(0, 8))) return { error: 'not an outbox segment' };
  const version = readU32(b, 8);
  if (version !== FORMAT_VERSION) return { error: `segment format version ${version}, expected ${FORMAT_VERSION}` };
  const baseSeq = readU64(b, 12);
  return baseSeq < 0 ? { error: 'segment baseSeq out of range' } : { baseSeq };
}

/** The 16-byte header of a batch record; the payload is written after it unchanged. */
export function encodeRecordHeader(seq: number, payload: Uint8Array): Buffer {
  // allocUnsafe takes small buffers from Node's shared pool: no allocation per append in practice.
  const h = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  h.writeUInt32LE(payload.length, 4);
  writeU64(h, 8, seq);
  h.writeUInt32LE(crc32Update(crc32Update(0, h, 4, 16), payload), 0);
  return h;
}

export interface RecordHeader {
  readonly crc: number;
  readonly length: number;
  /** -1 when damaged. */
  readonly seq: number;
}

/** Reads the record header at `offset` (the caller checks there are 16 bytes). */
export function decodeRecordHeader(b: Uint8Array, offset: number): RecordHeader {
  return { crc: readU32(b, offset), length: readU32(b, offset + 4), seq: readU64(b, offset + 8) };
}

/** True when the header at `offset` and the payload `b[payloadStart, payloadStart + length)` match its CRC. */
export function recordIntact(b: Uint8Array, offset: number, header: RecordHeader, payloadStart: number): boolean {
  const c = crc32Update(crc32Update(0, b, offset + 4, offset + RECORD_HEADER_BYTES), b, payloadStart, payloadStart + header.length);
  return c === header.crc;
}

/** Ack records for runs given as a flat list [first0, count0, first1, count1, ...]. */
export function encodeAckRecords(runs: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe((runs.length / 2) * ACK_RECORD_BYTES);
  for (let i = 0, o = 0; i < runs.length; i += 2, o += ACK_RECORD_BYTES) {
    writeU64(b, o + 4, runs[i]!);
    b.writeUInt32LE(runs[i + 1]!, o + 12);
    b.writeUInt32LE(crc32Update(0, b, o + 4, o + 16), o);
  }
  return b;
}

/** The run of the ack record at `offset`, or undefined when it is damaged. */
export function decodeAckRecord(b: Uint8Array, offset: number): { first: number; count: number } | undefined {
  if (readU32(b, offset) !== crc32Update(0, b, offset + 4, offset + 16)) return undefined;
  const first = readU64(b, offset + 4);
  return first < 0 ? undefined : { first, count: readU32(b, offset + 12) };
}
