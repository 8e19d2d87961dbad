/**
 * Small real filesystems for disk-full tests: a tmpfs of a given size mounted
 * on a fresh directory (needs root and mount(2), which CI has). `CAN_MOUNT`
 * is found once, by mounting and unmounting a tiny one, so suites can say why
 * they are skipped instead of failing where mounting is not allowed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tryMount(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when this process may mount a tmpfs (root with CAP_SYS_ADMIN). */
export const CAN_MOUNT = tryMount();
export const NO_MOUNT_REASON = 'needs root to mount a small tmpfs (CI runs as root)';

export interface SmallDisk {
  readonly dir: string;
  unmount(): void;
}

/** Mounts a tmpfs of `size` (e.g. '1m') on a new directory. */
export function mountSmallDisk(size: string): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  let mounted = true;
  return {
    dir,
    unmount() {
      if (!mounted) return;
      mounted = false;
      // Lazy: a process of the test that still holds a file there must not keep the mount.
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
