/**
 * CPU of each thread of a process (/proc/<pid>/task/<tid>/stat), for the
 * processes whose work may spread over threads: the analytics service with
 * `--shards N` runs worker threads, DuckDB and influxd run pools of their
 * own. Node names every thread "node", so a thread is told apart by its id
 * only (the main thread's is the process id); the figure that matters is
 * how many threads are busy and how busy, i.e. whether every core is used.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadUsage {
  /** 'main' for the main thread, else 'thread <tid>'. */
  readonly thread: string;
  readonly cpuMeanPercent: number;
}

interface ThreadSample {
  readonly at: number;
  readonly cpuPercent: number;
}

function threadTicks(pid: number, tid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export class ThreadSampler {
  private readonly last = new Map<string, { at: number; ticks: number }>();
  private readonly samples = new Map<string, ThreadSample[]>();

  constructor(
    private readonly pid: number,
    private readonly clockTicks: number,
  ) {}

  sample(at: number): void {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      const ticks = threadTicks(this.pid, tid);
      if (ticks === null) continue;
      const previous = this.last.get(tid);
      this.last.set(tid, { at, ticks });
      if (!previous) continue;
      const cpuPercent = ((ticks - previous.ticks) / this.clockTicks / ((at - previous.at) / 1000)) * 100;
      const list = this.samples.get(tid) ?? [];
      list.push({ at, cpuPercent });
      this.samples.set(tid, list);
    }
  }

  /** Mean CPU of every thread seen in [from, to], busiest first (a thread absent from a sample counts 0 for it). */
  usage(from: number, to: number): ThreadUsage[] {
    const out: ThreadUsage[] = [];
    const sampleTimes = new Set<number>();
    for (const list of this.samples.values()) for (const s of list) if (s.at >= from && s.at <= to) sampleTimes.add(s.at);
    if (sampleTimes.size === 0) return out;
    for (const [tid, list] of this.samples) {
      const inWindow = list.filter((s) => s.at >= from && s.at <= to);
      if (inWindow.length === 0) continue;
      const total = inWindow.reduce((a, s) => a + s.cpuPercent, 0);
      out.push({ thread: Number(tid) === this.pid ? 'main' : `thread ${tid}`, cpuMeanPercent: total / sampleTimes.size });
    }
    return out.sort((a, b) => b.cpuMeanPercent - a.cpuMeanPercent);
  }
}
