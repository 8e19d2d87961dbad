import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { SeriesStateSnapshot } from '../../core/series/series-state.js';
import type { EnterpriseDaysSnapshot } from '../../core/enterprise-risk/risk-engine.js';

interface CheckpointFile {
  version: 1;
  savedAt: number;
  series: SeriesStateSnapshot[];
  /** The enterprises' risk days (absent in checkpoints from before them). Each series' days travel in its snapshot. */
  riskDays?: EnterpriseDaysSnapshot[];
}

/**
 * Where the analytics service keeps its checkpoint: beside the embedded
 * store's data, or in ./data with an external store. Each shard of a sharded
 * service keeps its own (`spc-checkpoint.shard-0.json`, ...), holding its
 * share's series.
 */
export function checkpointFile(config: LinewatchConfig, shard?: string): string {
  const dir = config.store.kind === 'embedded' ? config.store.dataDir : resolve('data');
  return join(dir, shard === undefined ? 'spc-checkpoint.json' : `spc-checkpoint.${shard}.json`);
}

/** What a checkpoint holds. */
export interface Checkpoint {
  series: SeriesStateSnapshot[];
  riskDays: EnterpriseDaysSnapshot[];
}

/**
 * The SPC state of every series, saved atomically (write a temporary file,
 * fsync it, rename it over the old one, fsync the folder) so a crash leaves
 * either the old or the new checkpoint, never half of one. What arrived
 * after the last checkpoint is replayed from the store on start. It also
 * holds the daily evidence (risk/series-days.ts, risk/enterprise-days.ts):
 * each series' days in its snapshot, the enterprises' risk days beside them.
 */
export async function saveCheckpoint(path: string, series: SeriesStateSnapshot[], now: number, riskDays: EnterpriseDaysSnapshot[] = []): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const body: CheckpointFile = { version: 1, savedAt: now, series, riskDays };
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(JSON.stringify(body));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The checkpointed state, or none when there is no checkpoint yet. A damaged file is an error, not an empty state. */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { series: [], riskDays: [] };
    throw err;
  }
  const body = JSON.parse(text) as CheckpointFile;
  if (body.version !== 1 || !Array.isArray(body.series)) throw new Error(`${path} is not a linewatch SPC checkpoint`);
  return { series: body.series, riskDays: Array.isArray(body.riskDays) ? body.riskDays : [] };
}
