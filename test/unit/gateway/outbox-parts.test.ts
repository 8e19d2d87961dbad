import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Update } from '../../../gateway/outbox/crc32.js';
import { OUTBOX_ERROR_CODES, OutboxError } from '../../../gateway/outbox/errors.js';
import {
  decodeAckRecord,
  decodeRecordHeader,
  decodeSegmentHeader,
  encodeAckRecords,
  encodeRecordHeader,
  encodeSegmentHeader,
  readU64,
  recordIntact,
  writeU64,
} from '../../../gateway/outbox/record-format.js';
import { SeqWindow } from '../../../gateway/outbox/seq-window.js';

describe('crc32', () => {
  it('gives the standard check value and matches a plain bytewise CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const table = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const plain = (b: Uint8Array): number => {
      let c = ~0;
      for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
      return ~c >>> 0;
    };
    for (const len of [1, 7, 8, 9, 63, 64, 65, 1000]) {
      const b = Uint8Array.from({ length: len }, (_, i) => (i * 131 + len) & 0xff);
      expect(crc32(b)).toBe(plain(b));
      // In pieces, as recovery and the record header feed it.
      expect(crc32Update(crc32Update(0, b, 0, len >> 1), b, len >> 1)).toBe(plain(b));
    }
  });
});

describe('record format', () => {
  it('round-trips u64 seqs up to the largest safe integer, and refuses larger ones', () => {
    const b = Buffer.alloc(8);
    for (const v of [0, 1, 2 ** 32 - 1, 2 ** 32, 1_700_000_000_000_000, Number.MAX_SAFE_INTEGER]) {
      writeU64(b, 0, v);
      expect(readU64(b, 0)).toBe(v);
    }
    b.fill(0xff);
    expect(readU64(b, 0)).toBe(-1);
  });

  it('frames a record so any change to length, seq or payload is detected', () => {
    const payload = Buffer.from('{"points":[0.7012,0.7009]}');
    const record = Buffer.concat([encodeRecordHeader(42, payload), payload]);
    const h = decodeRecordHeader(record, 0);
    expect(h).toMatchObject({ length: payload.length, seq: 42 });
    expect(recordIntact(record, 0, h, 16)).toBe(true);
    for (const at of [4, 8, 15, 16, record.length - 1]) {
      const bad = Buffer.from(record);
      bad[at]! ^= 0x10;
      expect(recordIntact(bad, 0, decodeRecordHeader(bad, 0), 16), `byte ${at}`).toBe(false);
    }
    expect(recordIntact(Buffer.alloc(64), 0, decodeRecordHeader(Buffer.alloc(64), 0), 16)).toBe(false);
  });

  it('checks segment headers and ack records', () => {
    expect(decodeSegmentHeader(encodeSegmentHeader(1234))).toEqual({ baseSeq: 1234 });
    const h = encodeSegmentHeader(5);
    h[12] = 6;
    expect(decodeSegmentHeader(h)).toEqual({ error: 'segment header checksum mismatch' });
    expect(decodeSegmentHeader(h.subarray(0, 10))).toEqual({ error: 'short segment header' });
    const acks = encodeAckRecords([10, 3, 2 ** 40, 1]);
    expect(decodeAckRecord(acks, 0)).toEqual({ first: 10, count: 3 });
    expect(decodeAckRecord(acks, 16)).toEqual({ first: 2 ** 40, count: 1 });
    acks[20] ^= 1;
    expect(decodeAckRecord(acks, 16)).toBeUndefined();
  });
});

describe('SeqWindow', () => {
  it('releases in any order and moves its start past released seqs', () => {
    const w = new SeqWindow<string>();
    for (let s = 100; s < 110; s++) w.push(s, `v${s}`);
    expect(w.release(105)).toBe('v105');
    expect(w.release(105)).toBeUndefined();
    expect(w.release(100)).toBe('v100');
    expect(w.oldest()).toBe(101);
    expect(w.nextLive(104, 200)).toBe(104);
    expect(w.nextLive(105, 200)).toBe(106);
    expect(w.nextLive(106, 105)).toBeUndefined();
    for (let s = 101; s < 110; s++) w.release(s);
    expect(w.live).toBe(0);
    expect(w.oldest()).toBeUndefined();
  });

  it('grows past its capacity while keeping order, and treats skipped seqs as released', () => {
    const w = new SeqWindow<number>();
    w.push(1, 1);
    w.release(1);
    for (let s = 2; s < 1000; s++) w.push(s, s);
    w.push(1500, 1500);
    expect(w.live).toBe(999);
    expect(w.get(1200)).toBeUndefined();
    expect(w.nextLive(999, 2000)).toBe(999);
    expect(w.nextLive(1000, 2000)).toBe(1500);
    expect(() => w.push(1400, 0)).toThrow(RangeError);
  });
});

describe('outbox errors', () => {
  it('documents every code in the README, with its retry decision', () => {
    const readme = readFileSync(new URL('../../../gateway/outbox/README.md', import.meta.url), 'utf8');
    for (const [code, { retry }] of Object.entries(OUTBOX_ERROR_CODES)) {
      expect(readme).toContain(`\`${code}\``);
      expect(new OutboxError(code as keyof typeof OUTBOX_ERROR_CODES, 'x').canRetry()).toBe(retry);
    }
  });
});
