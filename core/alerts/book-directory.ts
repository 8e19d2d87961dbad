import type { Alert, AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { AlertDirectory } from './alert-directory.js';

/**
 * An AlertDirectory over an episode book held in this process: every action
 * takes the time from `clock` and hands its event to `publish` (which the
 * analytics service journals and sends on; a test or a benchmark just
 * passes it to the subscribers).
 */
export function bookDirectory(book: EpisodeBook, clock: () => number, publish: (event: AlertEvent) => void, subscribe: AlertDirectory['subscribe']): AlertDirectory {
  const done = (event: AlertEvent): Alert => {
    publish(event);
    return event.alert;
  };
  return {
    list: (filter) => book.list(filter),
    get: (id) => book.get(id),
    acknowledge: (id, by, comment, cause, action) => done(book.acknowledge(id, by, comment, clock(), cause ?? null, action ?? null)),
    resolve: (id, by, comment, cause, action) => done(book.resolve(id, by, comment, clock(), cause, action)),
    acknowledgeMany: (ids, by, comment, cause, action) => {
      const { events, failures } = book.acknowledgeMany(ids, by, comment, clock(), cause ?? null, action ?? null);
      return { acknowledged: events.map(done), failures };
    },
    pareto: (filter) => book.pareto(filter),
    catalogue: book.catalogue,
    subscribe,
  };
}

/** A set of listeners and the subscribe function that adds to it. */
export function listenerSet<T>(): { listeners: Set<(value: T) => void>; subscribe: (listener: (value: T) => void) => () => void } {
  const listeners = new Set<(value: T) => void>();
  return {
    listeners,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
