/**
 * The gateway's disk outbox: appends/s, MB/s and fsyncs of the file outbox
 * for realistic batches (500 points of JSON, about 40 KiB, and 20 points),
 * one append at a time (a gateway reading one source) and many in flight (a
 * gateway catching up), with acknowledgements arriving as in steady state;
 * then acknowledging a backlog, and recovery (open) time of a full outbox.
 *
 * `npm run bench -- --suite outbox [dir=PATH] [seconds=N]`: dir is where the
 * outbox goes (default: the OS temp dir; on tmpfs an fsync costs nothing, so
 * the figures say little), seconds is the duration of each scenario.
 */
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileOutbox } from '../../gateway/outbox/file-outbox.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import type { Outbox } from '../../gateway/outbox/outbox.js';

/** statfs f_type magic numbers, in hex as linux/magic.h writes them. */
const FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0xef53, 'ext4'],
  [0x01021994, 'tmpfs'],
  [0x794c7630, 'overlay'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
]);

const CHARACTERISTICS = ['conductor_diameter', 'insulation_thickness', 'sheath_thickness', 'conductor_resistance'];

/** A batch as a gateway would publish it: JSON points of one factory's lines. */
function batchOf(points: number, variant: number): Buffer {
  const t0 = 1_732_345_678_000 + variant * 1000;
  const list = Array.from({ length: points }, (_, i) => ({
    ts: t0 + Math.floor(i / 12) * 100,
    line: `L${String((i % 3) + 1).padStart(2, '0')}`,
    char: CHARACTERISTICS[i % 4],
    v: Number((0.7 + Math.sin(i + variant) * 0.01).toFixed(4)),
  }));
  return Buffer.from(JSON.stringify({ gateway: 'gw-0417', enterprise: 'ent-0233', points: list }));
}

interface Scenario {
  readonly label: string;
  readonly points: number;
  readonly inFlight: number;
  readonly commitDelayMs?: number;
  /** Each source pauses up to this long between batches: independent sources, not a closed loop. */
  readonly pauseMs?: number;
  readonly memory?: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: '500-point batches, 1 in flight', points: 500, inFlight: 1 },
  { label: '500-point batches, 16 in flight', points: 500, inFlight: 16 },
  { label: '20-point batches, 1 in flight', points: 20, inFlight: 1 },
  { label: '20-point batches, 64 in flight', points: 20, inFlight: 64 },
  { label: '20-point batches, 64 independent sources pausing 0-20 ms', points: 20, inFlight: 64, pauseMs: 20 },
  { label: '20-point batches, 64 independent sources pausing 0-20 ms, commitDelayMs 2', points: 20, inFlight: 64, pauseMs: 20, commitDelayMs: 2 },
  { label: '20-point batches, 64 in flight, in memory', points: 20, inFlight: 64, memory: true },
];

export async function run(args: string[]): Promise<void> {
  const opts = Object.fromEntries(args.filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));
  const base = opts.dir ?? tmpdir();
  const seconds = Number(opts.seconds ?? 2);
  const root = await mkdtemp(join(base, 'lw-bench-outbox-'));
  const fs = await statfs(root);
  out(`outbox directory ${root} (${FILE_SYSTEMS.get(fs.type) ?? `fs type 0x${fs.type.toString(16)}`}), ${seconds} s per scenario`);
  try {
    await rawFsync(root);
    for (const s of SCENARIOS) await steadyState(root, s, seconds);
    await backlog(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The floor under every figure: one write of a 36 KiB block and its
 * fdatasync, straight through node:fs. On a shared machine it moves with the
 * load, so it is measured next to the outbox figures, not quoted once.
 */
async function rawFsync(root: string): Promise<void> {
  const fh = await open(join(root, 'raw'), 'w');
  const block = Buffer.alloc(36 * 1024, 0x61);
  const n = 200;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await fh.write(block);
    await fh.datasync();
  }
  const ms = (performance.now() - t) / n;
  await fh.close();
  out(`baseline: write 36 KiB + fdatasync ${ms.toFixed(2)} ms (${fmt(1000 / ms)}/s)`);
}

/** Appends for `seconds`, acknowledging each batch once appended (the analytics side keeping up). */
async function steadyState(root: string, s: Scenario, seconds: number): Promise<void> {
  const variants = Array.from({ length: 8 }, (_, v) => batchOf(s.points, v));
  const batchBytes = variants[0]!.length;
  const outbox: Outbox = s.memory
    ? new MemoryOutbox()
    : await FileOutbox.open({
        dir: join(root, `steady-${SCENARIOS.indexOf(s)}`),
        ...(s.commitDelayMs === undefined ? {} : { commitDelayMs: s.commitDelayMs }),
      });
  const fsyncs0 = outbox.stats().fsyncs;
  const latencies: number[] = [];
  let appended = 0;
  let bytes = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async (w: number): Promise<void> => {
    for (let i = w; performance.now() < deadline; i += s.inFlight) {
      const body = variants[i % variants.length]!;
      const t = performance.now();
      const { seq } = await outbox.append(body);
      latencies.push(performance.now() - t);
      appended++;
      bytes += body.length;
      outbox.acknowledge(seq);
      if (s.pauseMs) await new Promise((r) => setTimeout(r, Math.random() * s.pauseMs!));
    }
  };
  await Promise.all(Array.from({ length: s.inFlight }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  const fsyncs = outbox.stats().fsyncs - fsyncs0;
  await outbox.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  out(
    `${s.label} (${(batchBytes / 1024).toFixed(1)} KiB): ${fmt(appended / elapsed)} appends/s, ` +
      `${fmt((s.points * appended) / elapsed)} points/s, ${(bytes / elapsed / 2 ** 20).toFixed(1)} MiB/s, ` +
      `${fsyncs} fsyncs (${fsyncs > 0 ? (appended / fsyncs).toFixed(1) : '-'} appends/fsync), ` +
      `latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
  );
}

/** An hour offline: a backlog appended without acks, reopened (recovery), re-sent and acknowledged. */
async function backlog(root: string): Promise<void> {
  const dir = join(root, 'backlog');
  const body = batchOf(500, 1);
  const count = 1600; // ~64 MiB of 500-point batches
  let outbox = await FileOutbox.open({ dir });
  let t = performance.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    inFlight.push(outbox.append(body));
    if (inFlight.length >= 16) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  const appendS = (performance.now() - t) / 1000;
  const mib = (count * body.length) / 2 ** 20;
  await outbox.close();

  t = performance.now();
  outbox = await FileOutbox.open({ dir });
  const openS = (performance.now() - t) / 1000;
  const segments = outbox.recovery.segments;

  t = performance.now();
  let resent = 0;
  for await (const e of outbox.unacknowledged()) {
    resent += e.payload.length;
    outbox.acknowledge(e.seq);
  }
  const resendS = (performance.now() - t) / 1000;
  const fsyncs0 = outbox.stats().fsyncs;
  t = performance.now();
  await outbox.close();
  const closeS = (performance.now() - t) / 1000;
  const left = outbox.stats();
  out(
    `backlog of ${count} x ${(body.length / 1024).toFixed(1)} KiB (${mib.toFixed(0)} MiB): appended at ${(mib / appendS).toFixed(0)} MiB/s; ` +
      `reopen with CRC check of ${segments} segments ${(openS * 1000).toFixed(0)} ms (${(mib / openS).toFixed(0)} MiB/s); ` +
      `read back and acknowledged ${(resent / 2 ** 20).toFixed(0)} MiB at ${(resent / 2 ** 20 / resendS).toFixed(0)} MiB/s; ` +
      `close ${(closeS * 1000).toFixed(0)} ms, ${left.fsyncs - fsyncs0} fsyncs, ${left.batches} batches left`,
  );
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
