// A stand-in for a shard's thread (analytics/shards/shard-worker.ts) that
// follows a script from its workerData, to test how the main thread reacts
// when a shard starts, fails to start, crashes or stops.
import { parentPort, workerData } from 'node:worker_threads';

const script = workerData.script;
if (script === 'fail-start') {
  parentPort.postMessage({ type: 'failed', message: 'broker refused the connection' });
  parentPort.close();
} else {
  parentPort.postMessage({ type: 'started', series: 0 });
  parentPort.on('message', (message) => {
    if (message.type === 'ready') parentPort.postMessage({ type: 'answer', id: message.id, value: { ok: true, detail: { mqtt: true } } });
    if (message.type === 'stop') {
      parentPort.postMessage({ type: 'stopped' });
      parentPort.close();
    }
  });
  if (script === 'exit') setTimeout(() => process.exit(3), 50);
  if (script === 'throw')
    setTimeout(() => {
      throw new Error('boom in the shard');
    }, 50);
}
