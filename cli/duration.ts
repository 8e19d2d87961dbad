import { CliError } from './cli-error.js';

const UNITS_MS: Readonly<Record<string, number>> = Object.freeze({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 });

/**
 * A duration option such as `500ms`, `90s`, `10m`, `1.5h` or `2d`, in ms,
 * within [minMs, maxMs]; a bare number is seconds. A usage error names the
 * option otherwise.
 */
export function durationOption(command: string, name: string, raw: string | undefined, minMs: number, maxMs: number): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?\s*$/.exec(raw);
  if (m === null) throw new CliError('LW_USAGE', `${command}: --${name} must be a duration such as 90s, 10m or 2h, got '${raw}'`);
  const ms = Math.round(Number(m[1]) * UNITS_MS[m[2] ?? 's']);
  if (ms < minMs || ms > maxMs) {
    throw new CliError('LW_USAGE', `${command}: --${name} must be from ${formatDuration(minMs)} to ${formatDuration(maxMs)}, got '${raw}'`);
  }
  return ms;
}

/** A duration in the largest unit that divides it evenly: 600000 -> "10m". */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNITS_MS[unit] && ms % UNITS_MS[unit] === 0) return `${ms / UNITS_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
