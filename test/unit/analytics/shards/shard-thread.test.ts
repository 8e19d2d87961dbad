/**
 * How the main thread follows a shard's thread (shard-thread.ts), with real
 * worker threads running a scripted stand-in for the shard: a start, a
 * failed start, a crash after start (reported once, with the shard's name)
 * and a clean stop (not reported).
 */
import { describe, expect, it } from 'vitest';
import type { ShardWorkerData } from '../../../../analytics/shards/shard-messages.js';
import { ShardThread } from '../../../../analytics/shards/shard-thread.js';

const ENTRY = new URL('../../../support/scripted-shard.mjs', import.meta.url);

function thread(script: string, failures: Array<{ shard: string; reason: string }>): ShardThread {
  const data = { shard: 'shard-1', share: [], configFile: '', overrides: { username: 'analytics', password: '' }, storeAdapter: 'embedded', script } as ShardWorkerData;
  return new ShardThread('shard-1', ENTRY, data, [], (shard, reason) => failures.push({ shard, reason }));
}

describe('ShardThread', () => {
  it('starts, answers a question, and stops cleanly without reporting a failure', async () => {
    const failures: Array<{ shard: string; reason: string }> = [];
    const t = thread('run', failures);
    await t.started;
    expect(await t.ask('ready')).toEqual({ ok: true, detail: { mqtt: true } });
    await t.stop();
    expect(await t.exited).toBe(0);
    expect(failures).toEqual([]);
    await expect(t.ask('ready')).rejects.toThrow(/shard-1 is not running/);
  });

  it('rejects its start with the reason the shard gave, and reports nothing more', async () => {
    const failures: Array<{ shard: string; reason: string }> = [];
    const t = thread('fail-start', failures);
    await expect(t.started).rejects.toThrow('shard-1: broker refused the connection');
    await t.exited;
    expect(failures).toEqual([]);
  });

  it('reports a shard whose thread exits while it should run, once, with its name and exit code', async () => {
    const failures: Array<{ shard: string; reason: string }> = [];
    const t = thread('exit', failures);
    await t.started;
    expect(await t.exited).toBe(3);
    expect(failures).toEqual([{ shard: 'shard-1', reason: 'its thread exited with code 3' }]);
    await t.stop();
    expect(failures).toHaveLength(1);
  });

  it('reports a shard that dies of an uncaught error, with the error', async () => {
    const failures: Array<{ shard: string; reason: string }> = [];
    const t = thread('throw', failures);
    await t.started;
    await t.exited;
    expect(failures).toEqual([{ shard: 'shard-1', reason: 'uncaught error: boom in the shard' }]);
  });
});
