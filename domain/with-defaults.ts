/**
 * The one way linewatch fills in options: a frozen `DEFAULT_<THING>_OPTIONS`
 * object, merged with what the caller gave by `withDefaults`, never by a
 * spread, `Object.assign` or a chain of `??` (test/unit/domain/with-defaults.test.ts
 * scans the source for those).
 *
 * An option given as `undefined` keeps its default (a plain spread would
 * overwrite the default with undefined, which is what an unset command-line
 * flag or an absent configuration field passes). The merge is shallow: a
 * nested options object is merged by its own `withDefaults` call.
 *
 * Declare the defaults with their options type (`DEFAULT_X_OPTIONS: XOptions`):
 * a bare `Object.freeze({ port: 8080 })` has the literal type 8080, and the
 * overrides would be held to it.
 */
export function withDefaults<T extends object>(defaults: T, overrides: { [K in keyof T]?: T[K] | undefined }): Readonly<T> {
  const merged = { ...defaults } as T;
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return Object.freeze(merged);
}
