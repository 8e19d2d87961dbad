/**
 * Options over their defaults, frozen. An option given as `undefined` keeps
 * its default (a plain spread would overwrite the default with undefined,
 * which is what an unset command-line flag passes).
 */
export function withDefaults<T extends object>(defaults: T, overrides: { [K in keyof T]?: T[K] | undefined }): Readonly<T> {
  const merged = { ...defaults } as T;
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return Object.freeze(merged);
}
