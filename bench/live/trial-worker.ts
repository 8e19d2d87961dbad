/** A worker thread of trial-pool.ts: runs each task posted to it and posts back the result. */
import { parentPort } from 'node:worker_threads';
import { runTrialTask, type TrialTask } from './trial-pool.js';

parentPort?.on('message', (task: TrialTask) => {
  parentPort?.postMessage(runTrialTask(task));
});
