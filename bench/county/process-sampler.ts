/**
 * CPU and memory of each process of the run, read from /proc every second:
 * CPU as user + system time over wall time in % of one core (so a process
 * using both cores of this machine reads 200%; DuckDB's threads count to the
 * analytics process), memory as the resident set (VmRSS). The machine's own
 * busy time (/proc/stat) is sampled beside them, to tell a saturated process
 * from a saturated machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ThreadSampler, type ThreadUsage } from './thread-sampler.js';

export const MACHINE = 'machine';
/** The machine's busy time not spent by the processes watched: other work on the same cores. */
export const OTHERS = 'others';

export interface Usage {
  readonly cpuMeanPercent: number;
  readonly cpuPeakPercent: number;
  readonly rssMeanMiB: number;
  readonly rssPeakMiB: number;
}

interface Sample {
  readonly at: number;
  readonly cpuPercent: number;
  readonly rssMiB: number;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat; the name may hold spaces). */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function processRssMiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Busy ticks of all cores together (everything but idle and iowait). */
function machineTicks(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  return n.reduce((a, b) => a + b, 0) - n[3] - n[4];
}

export class ProcessSampler {
  private readonly pids = new Map<string, number>();
  private readonly last = new Map<string, { at: number; ticks: number }>();
  private readonly samples = new Map<string, Sample[]>();
  private readonly threads = new Map<string, ThreadSampler>();
  private timer: NodeJS.Timeout | null = null;

  /** Samples the process; with `threads`, each of its threads too (threadUsage). */
  watch(name: string, pid: number, options: { threads?: boolean } = {}): void {
    this.pids.set(name, pid);
    if (options.threads) this.threads.set(name, new ThreadSampler(pid, CLOCK_TICKS));
  }

  /** The names of the processes whose threads are sampled. */
  threaded(): string[] {
    return [...this.threads.keys()];
  }

  /** Mean CPU of each thread of a process watched with threads, busiest first, over [from, to]. */
  threadUsage(name: string, from: number, to: number): ThreadUsage[] {
    return this.threads.get(name)?.usage(from, to) ?? [];
  }

  start(everyMs = 1000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  names(): string[] {
    return [...this.pids.keys(), OTHERS, MACHINE];
  }

  /** Mean and peak over the samples taken in [from, to] (performance.now() times). */
  usage(name: string, from: number, to: number): Usage | null {
    const window = (this.samples.get(name) ?? []).filter((s) => s.at >= from && s.at <= to);
    if (window.length === 0) return null;
    const mean = (f: (s: Sample) => number) => window.reduce((a, s) => a + f(s), 0) / window.length;
    return {
      cpuMeanPercent: mean((s) => s.cpuPercent),
      cpuPeakPercent: Math.max(...window.map((s) => s.cpuPercent)),
      rssMeanMiB: mean((s) => s.rssMiB),
      rssPeakMiB: Math.max(...window.map((s) => s.rssMiB)),
    };
  }

  /** The latest CPU sample of each process, % of one core (for the timeline). */
  latestCpu(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, list] of this.samples) if (list.length > 0) out[name] = Math.round(list[list.length - 1].cpuPercent);
    return out;
  }

  private sample(): void {
    const at = performance.now();
    let watched = 0;
    for (const [name, pid] of this.pids) {
      const ticks = processTicks(pid);
      const rss = processRssMiB(pid);
      if (ticks === null || rss === null) continue;
      watched += this.record(name, at, ticks, rss) ?? 0;
      this.threads.get(name)?.sample(at);
    }
    const machine = this.record(MACHINE, at, machineTicks(), 0);
    if (machine !== null) this.push(OTHERS, { at, cpuPercent: Math.max(0, machine - watched), rssMiB: 0 });
  }

  /** Records one reading; returns the CPU % since the previous one (null for the first). */
  private record(name: string, at: number, ticks: number, rssMiB: number): number | null {
    const previous = this.last.get(name);
    this.last.set(name, { at, ticks });
    if (!previous) return null;
    const cpuPercent = ((ticks - previous.ticks) / CLOCK_TICKS / ((at - previous.at) / 1000)) * 100;
    this.push(name, { at, cpuPercent, rssMiB });
    return cpuPercent;
  }

  private push(name: string, sample: Sample): void {
    const list = this.samples.get(name) ?? [];
    list.push(sample);
    this.samples.set(name, list);
  }
}
