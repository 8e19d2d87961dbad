// Child process of test/feature/outbox-crash.test.ts (plain JS: Node 20 cannot
// run TypeScript; the vitest globalSetup compiles the outbox to dist/ first).
//
// Appends batches to a FileOutbox as fast as it can, 16 in flight, and prints
// one line per append once it resolved (so the batch is durable):
//   A <seq> <run> <n>
// It acknowledges most batches soon after, in shuffled groups (out of order),
// printing "K <seq>" once acknowledge() returned; one batch in 97 is never
// acknowledged, so segments both fill up and get compacted away. It runs
// until the parent kills it with SIGKILL. stdout is a pipe, and writes to
// pipes are synchronous on Linux: a printed line is never lost in the kill.
//
// usage: node outbox-crash-writer.mjs <dir> <run>
import { FileOutbox } from '../../dist/gateway/outbox/file-outbox.js';

const [dir, runText] = process.argv.slice(2);
const run = Number(runText);

/** Keep in step with payloadFor in test/feature/outbox-crash.test.ts. */
function payloadFor(run, n) {
  const length = 100 + ((run * 7919 + n * 104729) % 4000);
  const head = `${run}:${n}:${length}:`;
  const chars = new Array(length);
  for (let i = 0; i < length; i++) chars[i] = String.fromCharCode(97 + ((n * 31 + i * 17 + run) % 26));
  return head + chars.join('');
}

const outbox = await FileOutbox.open({ dir, segmentBytes: 64 * 1024, maxBytes: 256 * 1024 * 1024, ackFlushMs: 5 });
process.stdout.write(`O ${outbox.stats().newestSeq ?? 0}\n`);

let n = 0;
let toAck = [];

async function worker() {
  for (;;) {
    const mine = n++;
    const { seq } = await outbox.append(payloadFor(run, mine));
    process.stdout.write(`A ${seq} ${run} ${mine}\n`);
    if (mine % 97 !== 0) toAck.push(seq);
    if (toAck.length >= 32) {
      const group = toAck;
      toAck = [];
      for (let i = group.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [group[i], group[j]] = [group[j], group[i]];
      }
      for (const s of group) {
        outbox.acknowledge(s);
        process.stdout.write(`K ${s}\n`);
      }
    }
  }
}

await Promise.all(Array.from({ length: 16 }, worker));
