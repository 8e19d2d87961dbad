/**
 * Runs alarm trials (bench/live/alarm-trials.ts) on worker threads, one per
 * core: every trial is independent, so two cores halve a suite's time. A
 * task is plain data (no functions cross a thread); results come back in
 * the order of the tasks.
 */
import { Worker } from 'node:worker_threads';
import { changeOf, delayTrial, falseAlarmTrial, NOISE_MODELS, type ChangeSpec, type DelayResult, type FalseAlarmResult } from './alarm-trials.js';
import { resolveLiveOptions, type LiveMonitorOptions } from '../../monitor/options.js';

export type TrialTask =
  | { readonly kind: 'falseAlarms'; readonly options: LiveMonitorOptions; readonly model: number; readonly series: number; readonly hours: number; readonly seed: number }
  | { readonly kind: 'delay'; readonly options: LiveMonitorOptions; readonly model: number; readonly change: ChangeSpec; readonly trials: number; readonly seed: number; readonly horizonMs?: number };

export type TrialResult<T extends TrialTask> = T extends { kind: 'falseAlarms' } ? FalseAlarmResult : DelayResult;

/** One task, on the calling thread (a worker runs exactly this). */
export function runTrialTask(task: TrialTask): FalseAlarmResult | DelayResult {
  const options = resolveLiveOptions(task.options);
  const model = NOISE_MODELS[task.model];
  if (task.kind === 'falseAlarms') return falseAlarmTrial(options, model, task.series, task.hours, task.seed);
  return delayTrial(options, model, changeOf(task.change), task.trials, task.seed, task.horizonMs);
}

/** Runs the tasks on `threads` workers; resolves to their results, in task order. */
export async function runTrialTasks<T extends TrialTask>(tasks: readonly T[], threads: number): Promise<TrialResult<T>[]> {
  const results: unknown[] = new Array(tasks.length);
  let next = 0;
  const workerUrl = new URL('./trial-worker.js', import.meta.url);
  const runOne = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const take = (): void => {
        if (next >= tasks.length) {
          resolve();
          return;
        }
        const id = next++;
        worker.once('message', (result: unknown) => {
          results[id] = result;
          take();
        });
        worker.postMessage(tasks[id]);
      };
      worker.once('error', reject);
      take();
    });
  const workers = Array.from({ length: Math.max(1, Math.min(threads, tasks.length)) }, () => new Worker(workerUrl));
  try {
    await Promise.all(workers.map(runOne));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results as TrialResult<T>[];
}
