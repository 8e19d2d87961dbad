/**
 * One recorded input for comparing the sharded analytics with the unsharded
 * one: six enterprises (one line, two characteristics each) at 5 Hz, a
 * Phase I long enough to lock the limits, then step shifts on some
 * enterprises (CUSUM alerts), out-of-spec readings on one, the rest in
 * control. Deterministic: the same seed gives the same batches.
 */
import { hashPassword } from '../../security/password.js';
import { encodeMeasurementBatch, type MeasurementPoint } from '../../protocol/measurement-batch.js';

export const SHARD_ENTERPRISES = ['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir'] as const;
export const SHARD_PASSWORDS = Object.freeze({ analytics: 'shard-analytics-secret', gateway: 'shard-gateway-secret', dashboard: 'shard-dashboard-secret' });
/** Sample time of the first reading, ms UTC. */
export const INPUT_START = Date.UTC(2026, 10, 23, 8, 0, 0);
const PERIOD_MS = 200;
/** Batches per enterprise: one a second of sample time. */
export const INPUT_SECONDS = 300;

/** What happens on each enterprise after its Phase I (2 minutes): a step shift of the resistance, out-of-spec readings, or nothing. */
const STORY: Record<(typeof SHARD_ENTERPRISES)[number], 'shift' | 'outOfSpec' | 'steady'> = {
  alder: 'shift',
  birch: 'outOfSpec',
  cedar: 'shift',
  dogwood: 'steady',
  elm: 'shift',
  fir: 'steady',
};

export interface RecordedBatch {
  readonly enterprise: string;
  readonly gateway: string;
  /** Sample time of the batch's newest reading, ms. */
  readonly ts: number;
  readonly payload: string;
}

/** The configuration file (JSON) the input is for: a 2-minute Phase I of 1 s subgroups, levels and findings at once. */
export async function shardConfigFile(options: { dataDir: string; mqttPort?: number }): Promise<Record<string, unknown>> {
  const hash = (pw: string) => hashPassword(pw, { N: 1024 });
  const gatewayHash = await hash(SHARD_PASSWORDS.gateway);
  return {
    version: 1,
    enterprises: SHARD_ENTERPRISES.map((id, i) => ({ id, name: `Enterprise ${id}`, class: i % 2 === 0 ? 'B' : 'A', lastInspection: '2026-03-01', lines: [{ id: 'L1', product: 'BV-1.5' }] })),
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { insulation_thickness: { lsl: 0.53, nominal: 0.7 }, conductor_resistance: { usl: 12.1 } } }],
    gateways: SHARD_ENTERPRISES.map((e) => ({ id: `${e}-gw`, enterprise: e, passwordHash: gatewayHash })),
    services: [
      { id: 'analytics', role: 'analytics', passwordHash: await hash(SHARD_PASSWORDS.analytics) },
      // Reads what analytics publishes (alerts, risk), as a dashboard would.
      { id: 'dashboard', role: 'dashboard', passwordHash: await hash(SHARD_PASSWORDS.dashboard) },
    ],
    users: [],
    live: { subgroupMs: 1000, baselineMinutes: 2 },
    risk: { findingSustainSeconds: 0, levelSustainSeconds: 0 },
    store: { kind: 'embedded', dataDir: options.dataDir },
    mqtt: { listen: { port: options.mqttPort ?? 0, host: '127.0.0.1' } },
  };
}

/** Every enterprise's batches, interleaved in sample-time order (second by second), seq from 1 per gateway. */
export function recordedBatches(seconds = INPUT_SECONDS): RecordedBatch[] {
  const random = mulberry32(16);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: RecordedBatch[] = [];
  for (let s = 0; s < seconds; s++) {
    for (const enterprise of SHARD_ENTERPRISES) {
      const points: MeasurementPoint[] = [];
      for (let k = 0; k < 1000 / PERIOD_MS; k++) {
        const ts = INPUT_START + s * 1000 + k * PERIOD_MS;
        const after = s >= 180; // minute 3: two minutes of Phase I and one in control behind it
        const story = STORY[enterprise];
        let resistance = 11.7 + 0.05 * normal();
        if (after && story === 'shift') resistance += 0.2; // four sigma up, halfway to the USL: the CUSUMs signal at once and the capability drops
        if (after && story === 'outOfSpec' && s % 60 < 3) resistance = 12.25 + 0.01 * normal(); // above the 12.1 USL
        points.push({ line: 'L1', characteristic: 'conductor_resistance', ts, value: round(resistance) });
        points.push({ line: 'L1', characteristic: 'insulation_thickness', ts, value: round(0.74 + 0.02 * normal()) });
      }
      out.push({ enterprise, gateway: `${enterprise}-gw`, ts: points[points.length - 1].ts, payload: encodeMeasurementBatch(s + 1, points) });
    }
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
