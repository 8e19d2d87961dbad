import type { MessagePort } from 'node:worker_threads';
import type { TimeSeriesStore } from '../../store/port.js';
import { fromColumns, toWireError, type StoreReply, type StoreRequest } from './store-wire.js';

/**
 * Serves the one open store of the process to a shard over its port (the
 * main thread's side of store-proxy.ts). Each request is answered once, with
 * its id: the store's value, or the error it threw as data. Requests run
 * concurrently, as calls from one thread would: the store groups concurrent
 * writes into one commit. Returns a function that stops serving.
 */
export function serveStore(store: TimeSeriesStore, port: MessagePort): () => void {
  const onMessage = (request: StoreRequest) => {
    void answer(store, request).then((reply) => port.postMessage(reply));
  };
  port.on('message', onMessage);
  return () => {
    port.off('message', onMessage);
    port.close();
  };
}

async function answer(store: TimeSeriesStore, request: StoreRequest): Promise<StoreReply> {
  try {
    if (request.method === 'writeColumns') return { id: request.id, value: await store.writeMeasurements(fromColumns(request.columns)) };
    // The request names a method of the port and carries its arguments as the proxy received them.
    const call = store[request.method] as (...args: unknown[]) => Promise<unknown>;
    return { id: request.id, value: await call.apply(store, [...request.args]) };
  } catch (err) {
    return { id: request.id, error: toWireError(err) };
  }
}
