import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayService } from './gateway-service.js';
import { readCsvPoints } from './sources/csv-source.js';
import type { SourcePoint } from './sources/source-point.js';

export interface ReplayOptions {
  /** Points per second; 0 sends as fast as the gateway's outbox takes them. */
  readonly rate: number;
  /** Rows of other enterprises cannot go through this gateway: they are counted and skipped. */
  readonly enterprise: string;
  /** Rows handed to the gateway at once (and the pacing step). */
  readonly chunk?: number;
  /** Stops the replay: it rejects with the signal's reason once the gateway has taken the chunk in hand. */
  readonly signal?: AbortSignal;
  /** Filled in as the replay goes, so a caller that stops it knows how far it got. */
  readonly progress?: ReplayProgress;
}

export interface ReplayResult {
  rows: number;
  accepted: number;
  /** Rows skipped because they belong to another enterprise. */
  otherEnterprise: number;
}

export interface ReplayProgress extends ReplayResult {
  /** True while the gateway holds the replay back (its outbox is taking, or refusing to take, a batch). */
  handing: boolean;
}

export function newReplayProgress(): ReplayProgress {
  return { rows: 0, accepted: 0, otherEnterprise: 0, handing: false };
}

/** Replays a measurement CSV through a gateway, paced to `rate` points per second. */
export async function replayCsv(file: string, gateway: GatewayService, options: ReplayOptions): Promise<ReplayResult> {
  const chunkSize = options.chunk ?? (options.rate > 0 ? Math.max(1, Math.min(500, Math.round(options.rate / 20))) : 500);
  const result = options.progress ?? newReplayProgress();
  const start = performance.now();
  let chunk: SourcePoint[] = [];
  const hand = async () => {
    result.handing = true;
    await gateway.accept(chunk);
    result.handing = false;
    result.accepted += chunk.length;
    chunk = [];
    if (options.rate > 0) {
      const due = start + (result.accepted / options.rate) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait, undefined, { signal: options.signal });
    }
  };
  for await (const p of readCsvPoints(file)) {
    options.signal?.throwIfAborted();
    result.rows += 1;
    if (p.enterprise !== options.enterprise) {
      result.otherEnterprise += 1;
      continue;
    }
    chunk.push({ line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value });
    if (chunk.length >= chunkSize) await hand();
  }
  if (chunk.length > 0) await hand();
  result.handing = true;
  await gateway.flush();
  result.handing = false;
  return { rows: result.rows, accepted: result.accepted, otherEnterprise: result.otherEnterprise };
}
