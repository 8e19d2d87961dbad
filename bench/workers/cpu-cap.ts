/**
 * Caps a process at a share of one core with a cgroup (v1 `cpu` controller,
 * or v2 `cpu.max`), so a 2-core machine can stand in for workers on machines
 * of their own: each worker gets the same CPU whether one or two run, and
 * the broker, store and load generator keep the rest. Needs root; returns
 * null (and the benchmark says so) where cgroups cannot be written.
 */
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuCap {
  release(): void;
}

const PERIOD_US = 100_000;

export function capCpu(name: string, pid: number, percentOfCore: number): CpuCap | null {
  const quota = Math.round((PERIOD_US * percentOfCore) / 100);
  const candidates: Array<{ dir: string; apply: (dir: string) => void }> = [
    {
      dir: '/sys/fs/cgroup/cpu',
      apply: (dir) => {
        writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
        writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
      },
    },
    { dir: '/sys/fs/cgroup', apply: (dir) => writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`) },
  ];
  for (const { dir: root, apply } of candidates) {
    if (!existsSync(root)) continue;
    const dir = join(root, `linewatch-bench-${name}`);
    try {
      mkdirSync(dir, { recursive: true });
      apply(dir);
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
      return {
        release() {
          try {
            rmdirSync(dir);
          } catch {
            // Still has a process (it has not exited yet): the kernel keeps the group; harmless.
          }
        },
      };
    } catch {
      try {
        rmdirSync(dir);
      } catch {
        // nothing was made
      }
    }
  }
  return null;
}
