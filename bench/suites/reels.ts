/**
 * What a reel's streaming quality record costs the analytics service per
 * reading: every stored reading of a line goes through the reel tracker
 * (trace/reels/reel-tracker.ts), so it must cost well under a microsecond.
 *
 *   - live: a line streaming 6 characteristics at 10 Hz, a reel every
 *     10 minutes, readings counted as the line moves on (hold 10 s);
 *   - replay: the same data replayed fast (not live), held and counted
 *     when the ingest settles, every 10,000 readings here;
 *   - memory: what the tracker holds per line while live (readings waiting
 *     out the hold).
 *
 * Usage: npm run bench -- --suite reels [readings=3000000]
 */
import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../../domain/characteristics.js';
import { ReelTracker } from '../../trace/reels/reel-tracker.js';

const T0 = Date.UTC(2026, 2, 1, 8);
const REEL_MS = 10 * 60_000;
const CHARACTERISTICS: readonly CharacteristicName[] = CHARACTERISTIC_NAMES.slice(0, 6);

function argument(args: readonly string[], name: string, fallback: number): number {
  const found = args.find((a) => a.startsWith(`${name}=`));
  return found ? Number(found.slice(name.length + 1)) : fallback;
}

/** Feeds `count` readings of one line (6 characteristics at 10 Hz, a reel every 10 minutes); ns per reading and the most held. */
function feed(count: number, live: boolean): { ns: number; maxHeld: number; records: number } {
  const tracker = new ReelTracker(() => ({ lsl: 0.6, usl: 0.9 }), { holdMs: 10_000 });
  let reel = -1;
  let maxHeld = 0;
  let records = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const ts = T0 + Math.floor(i / CHARACTERISTICS.length) * 100;
    const due = Math.floor((ts - T0) / REEL_MS);
    if (due !== reel) {
      reel = due;
      tracker.holdMark('bench', { line: 'L1', reel: `R${due}`, event: 'start', ts: T0 + due * REEL_MS, product: 'P1' });
    }
    tracker.reading('bench', 'L1', CHARACTERISTICS[i % CHARACTERISTICS.length], ts, 0.75 + ((i * 7919) % 100) / 1000, (ts - T0) / 100, live);
    if (!live && i % 10_000 === 9_999) tracker.settle();
    if ((i & 1023) === 0) {
      if (tracker.heldCount > maxHeld) maxHeld = tracker.heldCount;
      records += tracker.takeChanged().length;
    }
  }
  tracker.settle();
  records += tracker.takeChanged().length;
  return { ns: Number(process.hrtime.bigint() - started) / count, maxHeld, records };
}

export async function run(args: readonly string[]): Promise<void> {
  const readings = argument(args, 'readings', 3_000_000);
  feed(200_000, true); // warm up
  const live = feed(readings, true);
  const replay = feed(readings, false);
  const hours = readings / CHARACTERISTICS.length / 10 / 3600;
  process.stdout.write(`\nreels: the reel tracker per reading (${readings.toLocaleString('en')} readings, ${hours.toFixed(1)} h of one line at 10 Hz x 6 characteristics)\n\n`);
  process.stdout.write('| case | ns per reading | most readings held | records handed out |\n| --- | --: | --: | --: |\n');
  process.stdout.write(`| live (hold 10 s) | ${live.ns.toFixed(0)} | ${live.maxHeld.toLocaleString('en')} | ${live.records} |\n`);
  process.stdout.write(`| replayed, settled every 10,000 | ${replay.ns.toFixed(0)} | ${replay.maxHeld.toLocaleString('en')} | ${replay.records} |\n`);
  process.stdout.write(
    `\nA county of 2,000 lines at 60 readings a second each is 120,000 readings a second: at ${live.ns.toFixed(0)} ns that is ${((live.ns * 120_000) / 1e7).toFixed(1)}% of one core.\n`,
  );
}
