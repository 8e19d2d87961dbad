/**
 * Runs async tasks one after another. A DuckDB connection executes one
 * statement at a time and a transaction spans several awaits, so every use of
 * a connection goes through its own queue.
 */
export class SerialExecutor {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // Keep the chain alive whatever this task does; callers see its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
