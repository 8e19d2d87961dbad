/**
 * Waits until `check` passes, retrying every `everyMs` on any thrown
 * assertion, or throws its last failure after `timeoutMs`: for what a real
 * server, broker or process delivers in its own time, instead of a fixed
 * sleep that is either too short on a loaded machine or wasted on a quiet one.
 */
export async function eventually(check: () => unknown, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
