/**
 * Runs async tasks one after another: a DuckDB connection runs one statement
 * at a time and a transaction spans several awaits, so every use of the
 * register's connection waits its turn. (store/serial.ts does the same for
 * the time-series store; register/ does not import store/.)
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // Keep the chain alive whatever this task does; callers see its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
