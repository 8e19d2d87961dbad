import type { OutboxLog } from './disk-full.js';
import type { FileOutboxTuning, OutboxOptions } from './options.js';

export interface FileOutboxOptions extends Partial<OutboxOptions & FileOutboxTuning> {
  /** The outbox directory; created if missing. One outbox per directory. */
  readonly dir: string;
  /** Where blocking on a full disk and resuming are said (default: a logger of its own, on stderr). */
  readonly log?: OutboxLog;
  /**
   * For fault tests: called before each write of records; returning a fault
   * makes that write store `written` bytes (at most what was asked) and then
   * fail with `error`, as a disk that fills up mid-write does.
   */
  readonly writeFault?: () => WriteFault | undefined;
}

export interface WriteFault {
  readonly written: number;
  readonly error: NodeJS.ErrnoException;
}
