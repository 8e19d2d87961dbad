/**
 * No data lost: a gateway killed with SIGKILL in the middle of appending (and
 * acknowledging, rotating, compacting) loses no batch whose append resolved,
 * corrupts nothing, and never reissues a seq. A torn tail, as a crash before
 * an fsync leaves it, is cut on reopen and everything before it is kept.
 *
 * SIGKILL kills the process, not the machine: the page cache survives, so
 * this tests recovery and the write protocol, not the fsyncs themselves (a
 * power cut cannot be simulated here; the fsync ordering is argued in
 * gateway/outbox/README.md). The torn-tail tests cover what a power cut
 * leaves behind.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileOutbox } from '../../gateway/outbox/file-outbox.js';
import { encodeRecordHeader, RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES } from '../../gateway/outbox/record-format.js';
import { collect } from '../contract/outbox.contract.js';

const WRITER = fileURLToPath(new URL('../support/outbox-crash-writer.mjs', import.meta.url));
const root = await mkdtemp(join(tmpdir(), 'lw-outbox-crash-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Keep in step with payloadFor in test/support/outbox-crash-writer.mjs. */
function payloadFor(run: number, n: number): string {
  const length = 100 + ((run * 7919 + n * 104729) % 4000);
  const head = `${run}:${n}:${length}:`;
  const chars = new Array<string>(length);
  for (let i = 0; i < length; i++) chars[i] = String.fromCharCode(97 + ((n * 31 + i * 17 + run) % 26));
  return head + chars.join('');
}

interface WriterRun {
  /** Seqs whose append resolved, with the (run, n) of the batch. */
  readonly durable: Map<number, string>;
  readonly acked: Set<number>;
  /** newestSeq the writer saw when it opened. */
  readonly openedAt: number;
}

/** Runs the writer until it has made `minDurable` appends durable, waits `killAfterMs` more, then SIGKILLs it. */
function runWriterAndKill(dir: string, run: number, minDurable: number, killAfterMs: number): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const durable = new Map<number, string>();
    const acked = new Set<number>();
    let openedAt = -1;
    let rest = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdout.on('data', (d: string) => {
      const lines = (rest + d).split('\n');
      rest = lines.pop()!; // a line cut by the kill is not counted
      for (const line of lines) {
        const [kind, a, b, c] = line.split(' ');
        if (kind === 'A') durable.set(Number(a), `${b}:${c}`);
        else if (kind === 'K') acked.add(Number(a));
        else if (kind === 'O') openedAt = Number(a);
      }
      if (!killTimer && durable.size >= minDurable) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
      else resolve({ durable, acked, openedAt });
    });
  });
}

describe('the file outbox under kill -9', () => {
  it('loses nothing that was reported durable, corrupts nothing and never reuses a seq', async () => {
    const dir = join(root, 'killed');
    let newestBefore = 0;
    const everDurable = new Map<number, string>();
    const everAcked = new Set<number>();
    let truncated = 0;
    const runs = 8;
    for (let run = 1; run <= runs; run++) {
      // Kill at a different moment each time: right after opening, mid-stream, after a while.
      const minDurable = [1, 50, 400, 2000][run % 4]!;
      const killAfterMs = Math.floor(Math.random() * 250);
      const w = await runWriterAndKill(dir, run, minDurable, killAfterMs);
      const context = `run ${run} (kill ${killAfterMs} ms after ${minDurable} durable)`;

      expect(w.openedAt, context).toBe(newestBefore);
      for (const seq of w.durable.keys()) expect(seq, `${context}: seq reused`).toBeGreaterThan(newestBefore);
      for (const [seq, id] of w.durable) everDurable.set(seq, id);
      for (const seq of w.acked) everAcked.add(seq);

      const outbox = await FileOutbox.open({ dir, segmentBytes: 64 * 1024, maxBytes: 256 * 1024 * 1024 });
      try {
        expect(outbox.recovery.damaged, context).toEqual([]);
        truncated += outbox.recovery.truncatedBytes;
        const back = await collect(outbox);
        const held = new Map(back.map((e) => [e.seq, Buffer.from(e.payload).toString('utf8')]));
        // Every entry is intact, whether or not its line was printed before the kill.
        for (const [seq, payload] of held) {
          const [r, n] = payload.split(':').map(Number);
          expect(payload, `${context}: seq ${seq} corrupt`).toBe(payloadFor(r!, n!));
          const id = everDurable.get(seq);
          if (id !== undefined) expect(`${r}:${n}`, `${context}: seq ${seq} holds another batch`).toBe(id);
        }
        // Nothing reported durable and not acknowledged is missing.
        const missing = [...everDurable.keys()].filter((s) => !everAcked.has(s) && !held.has(s));
        expect(missing, context).toEqual([]);
        const newest = outbox.stats().newestSeq ?? 0;
        let newestPrinted = newestBefore;
        for (const seq of w.durable.keys()) newestPrinted = Math.max(newestPrinted, seq);
        expect(newest).toBeGreaterThanOrEqual(newestPrinted);
        newestBefore = newest;
      } finally {
        await outbox.close();
      }
    }
    expect(everDurable.size).toBeGreaterThan(runs * 100);
    // Compaction ran: most batches were acknowledged and their segments deleted.
    const segs = (await readdir(dir)).filter((f) => f.endsWith('.seg'));
    expect(segs.length).toBeLessThan(everDurable.size / 20);
    // Reported for the log of a run; a kill during a write leaves a torn tail only sometimes.
    expect(truncated).toBeGreaterThanOrEqual(0);
  }, 180_000);
});

describe('a torn tail', () => {
  async function prepare(name: string): Promise<{ dir: string; last: string; size: number }> {
    const dir = join(root, name);
    const outbox = await FileOutbox.open({ dir });
    for (let i = 1; i <= 10; i++) await outbox.append(`batch ${i}`);
    outbox.acknowledge(2);
    await outbox.close();
    const segs = (await readdir(dir)).filter((f) => f.endsWith('.seg')).sort();
    const last = join(dir, segs.at(-1)!);
    return { dir, last, size: (await stat(last)).size };
  }

  async function expectIntactAfter(dir: string, last: string, size: number, garbage: number): Promise<void> {
    const outbox = await FileOutbox.open({ dir });
    try {
      expect(outbox.recovery.truncatedBytes).toBe(garbage);
      expect(outbox.recovery.damaged).toEqual([]);
      expect((await stat(last)).size).toBe(size);
      const back = await collect(outbox);
      expect(back.map((e) => e.seq)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(back.map((e) => Buffer.from(e.payload).toString())).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `batch ${i}`));
      // The seq of the torn record was never reported durable: it may be issued now.
      expect(await outbox.append('after the crash')).toEqual({ seq: 11 });
    } finally {
      await outbox.close();
    }
    // And what is appended after the cut reads back: the file is aligned again.
    const again = await FileOutbox.open({ dir });
    try {
      expect(again.recovery.truncatedBytes).toBe(0);
      expect((await collect(again)).map((e) => e.seq)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    } finally {
      await again.close();
    }
  }

  const record = (seq: number, body: string): Buffer => {
    const payload = Buffer.from(body);
    return Buffer.concat([encodeRecordHeader(seq, payload), payload]);
  };

  const cases: Array<[string, () => Buffer]> = [
    ['a partial record header', () => Buffer.from([1, 2, 3, 4, 5, 6, 7])],
    ['a record cut in the middle of its payload', () => record(11, 'x'.repeat(500)).subarray(0, RECORD_HEADER_BYTES + 200)],
    [
      'a whole record with a wrong checksum',
      () => {
        const r = record(11, 'y'.repeat(100));
        r[RECORD_HEADER_BYTES + 50] ^= 0x01;
        return r;
      },
    ],
    ['a length that runs past the end of the file', () => record(11, 'z'.repeat(100)).subarray(0, RECORD_HEADER_BYTES + 10)],
    ['zeros, as a file system shows blocks allocated but never written', () => Buffer.alloc(4096)],
    ['random bytes', () => Buffer.from(Array.from({ length: 1000 }, () => Math.floor(Math.random() * 256)))],
    ['a valid record that reuses a seq', () => record(10, 'batch 10 again')],
  ];

  for (const [what, garbage] of cases) {
    it(`is cut on reopen: ${what}`, async () => {
      const { dir, last, size } = await prepare(what.replace(/\W+/g, '-'));
      const g = garbage();
      await appendFile(last, g);
      await expectIntactAfter(dir, last, size, g.length);
    });
  }

  it('keeps a valid record after the last fsync, and cuts the torn one after it', async () => {
    const { dir, last } = await prepare('valid-then-torn');
    await appendFile(last, record(11, 'batch 11'));
    const size = (await stat(last)).size;
    await appendFile(last, record(12, 'batch 12').subarray(0, 20));
    const outbox = await FileOutbox.open({ dir });
    try {
      expect(outbox.recovery.truncatedBytes).toBe(20);
      expect((await stat(last)).size).toBe(size);
      expect((await collect(outbox)).map((e) => e.seq)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await outbox.append('next')).toEqual({ seq: 12 });
    } finally {
      await outbox.close();
    }
  });

  it('in an ack file: the acks before it are kept, later ones stay readable', async () => {
    const { dir } = await prepare('torn-ack');
    const ack = join(dir, (await readdir(dir)).find((f) => f.endsWith('.ack'))!);
    await appendFile(ack, Buffer.from([9, 9, 9, 9, 9]));
    let outbox = await FileOutbox.open({ dir });
    expect(outbox.recovery.truncatedBytes).toBe(5);
    expect((await collect(outbox)).map((e) => e.seq)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10]);
    outbox.acknowledge(5);
    await outbox.close();
    outbox = await FileOutbox.open({ dir });
    expect((await collect(outbox)).map((e) => e.seq)).toEqual([1, 3, 4, 6, 7, 8, 9, 10]);
    await outbox.close();
  });

  it('of a segment being created: the half-written header is replaced, and older data kept', async () => {
    const { dir } = await prepare('torn-segment-header');
    const next = join(dir, `${String(11).padStart(16, '0')}.seg`);
    await writeFile(next, Buffer.from('LWOUT'));
    const outbox = await FileOutbox.open({ dir });
    try {
      expect(outbox.recovery.truncatedBytes).toBe(5);
      expect((await stat(next)).size).toBe(SEGMENT_HEADER_BYTES);
      expect((await collect(outbox)).map((e) => e.seq)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await outbox.append('next')).toEqual({ seq: 11 });
    } finally {
      await outbox.close();
    }
  });
});
