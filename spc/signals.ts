/**
 * The signals of the individuals charts as bit flags, so that one sample's
 * result is a single small integer: no allocation on the per-sample path.
 */
export const SIGNAL = Object.freeze({
  rule1: 1, // one point beyond 3 sigma0
  rule2: 2, // 2 of 3 beyond 2 sigma0, same side
  rule3: 4, // 4 of 5 beyond 1 sigma0, same side
  rule4: 8, // 8 in a row on one side of mu0
  ewma: 16,
  cusum: 32,
});

export type SignalName = keyof typeof SIGNAL;

/** Report order of the signals (docs/spc-conventions.md). */
export const SIGNAL_NAMES: readonly SignalName[] = Object.freeze(['rule1', 'rule2', 'rule3', 'rule4', 'ewma', 'cusum']);

/** The names of the signals set in a mask, in report order. */
export function signalNames(mask: number): SignalName[] {
  return SIGNAL_NAMES.filter((name) => (mask & SIGNAL[name]) !== 0);
}
