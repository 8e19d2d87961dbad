/**
 * A chart design option outside its domain. It names the option and the value
 * so that a caller (the CLI) can report it in its own terms, e.g. `--lambda`.
 */
import { LinewatchError } from '../../domain/errors/linewatch-error.js';
export class ArlOptionError extends LinewatchError<'LW_ARL_OPTIONS'> {
  constructor(
    /** The option's name in the design object, e.g. 'lambda'. */
    readonly option: string,
    /** The offending value. */
    readonly value: unknown,
    /** What the value must be, e.g. 'a number in (0, 1]'. */
    readonly requirement: string,
  ) {
    super('LW_ARL_OPTIONS', `${option} must be ${requirement}, got ${String(value)}`);
    this.name = 'ArlOptionError';
  }
}

/** Throws ArlOptionError unless `value` is a finite number passing `ok`. */
export function requireNumber(option: string, value: unknown, requirement: string, ok: (v: number) => boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ArlOptionError(option, value, requirement);
  }
  return value;
}
