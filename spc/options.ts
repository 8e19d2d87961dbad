/**
 * Options of the individuals charts (docs/spc-conventions.md). All defaults live in
 * one frozen object; options are validated once, then frozen.
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';
import { withDefaults } from '../domain/with-defaults.js';
export interface SpcOptions {
  /** Phase I window: the first `baseline` valid samples give mu0 and sigma0. */
  readonly baseline: number;
  /** EWMA weight of the newest sample, in (0, 1]. */
  readonly ewmaLambda: number;
  /** EWMA limit width, in sigma of the EWMA statistic. */
  readonly ewmaL: number;
  /** CUSUM reference value k, in units of sigma0 (K = k sigma0). */
  readonly cusumK: number;
  /** CUSUM decision interval h, in units of sigma0 (H = h sigma0). */
  readonly cusumH: number;
}

export const DEFAULT_SPC_OPTIONS: SpcOptions = Object.freeze({
  baseline: 200, // samples
  ewmaLambda: 0.2,
  ewmaL: 3, // sigma
  cusumK: 0.5, // sigma0
  cusumH: 5, // sigma0
});

/** Largest baseline the streaming monitor will buffer (samples). */
export const MAX_BASELINE = 1_000_000;

export class SpcOptionsError extends LinewatchError<'LW_SPC_OPTIONS'> {
  constructor(message: string) {
    super('LW_SPC_OPTIONS', message);
    this.name = 'SpcOptionsError';
  }
}

/** Fills in defaults and checks every option; the result is frozen. */
export function resolveSpcOptions(overrides: Partial<SpcOptions> = {}): SpcOptions {
  const o = withDefaults(DEFAULT_SPC_OPTIONS, overrides);
  if (!Number.isInteger(o.baseline) || o.baseline < 2 || o.baseline > MAX_BASELINE) {
    // Two samples are the least that give one moving range, hence a sigma.
    throw new SpcOptionsError(`baseline must be a whole number from 2 to ${MAX_BASELINE}, got ${o.baseline}`);
  }
  if (!(o.ewmaLambda > 0 && o.ewmaLambda <= 1)) throw new SpcOptionsError(`EWMA lambda must be in (0, 1], got ${o.ewmaLambda}`);
  if (!(o.ewmaL > 0 && Number.isFinite(o.ewmaL))) throw new SpcOptionsError(`EWMA L must be a positive number, got ${o.ewmaL}`);
  if (!(o.cusumK >= 0 && Number.isFinite(o.cusumK))) throw new SpcOptionsError(`CUSUM k must be zero or positive, got ${o.cusumK}`);
  if (!(o.cusumH > 0 && Number.isFinite(o.cusumH))) throw new SpcOptionsError(`CUSUM h must be a positive number, got ${o.cusumH}`);
  return Object.freeze(o);
}
