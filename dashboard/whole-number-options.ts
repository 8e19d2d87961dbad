/**
 * The remote directories' options are all counts or durations in ms: each
 * must be a positive whole number, or the directory refuses to start.
 */
export function checkPositiveWholeOptions<T extends { readonly [K in keyof T]: number }>(owner: string, options: T): void {
  for (const [name, value] of Object.entries(options) as Array<[string, number]>) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${owner}: ${name} must be a positive whole number, got ${value}`);
  }
}
