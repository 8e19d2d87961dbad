/**
 * The in-control process of an honest plant, derived from nothing but a
 * series' spec, so that any configured product can be simulated:
 *
 * | spec            | mean                                         | sigma                      |
 * | --------------- | -------------------------------------------- | -------------------------- |
 * | lsl and usl     | midway between them                          | Cp = Cpk = IN_CONTROL_CPK  |
 * | lsl only        | nominal + 5 % (lsl x 1.25 without a nominal) | Cpk = IN_CONTROL_CPK       |
 * | usl only        | resistance: usl - 3 %; else half of usl      | Cpk = IN_CONTROL_CPK       |
 *
 * - Two-sided (conductor diameter): centred between the limits, where Cpk
 *   is highest; plant specs often put the nominal off-centre.
 * - Minimum only (insulation, sheath): IEC 60227-2 also wants the *mean*
 *   thickness at or above the nominal, so plants run a little above it.
 * - Maximum only: copper is the dearest part of a cable, so plants run the
 *   resistance a few % under its maximum (a 12.1 ohm/km wire at 11.6-11.9);
 *   for other maxima (eccentricity, spark faults) nothing rewards sitting
 *   near the limit, and a sound process sits well below it.
 *
 * Saving material moves a characteristic toward its lower limit when it has
 * one (thinner wire, thinner walls) and otherwise toward its upper limit
 * (higher resistance, worse concentricity).
 */
import { CHARACTERISTICS, type CharacteristicName } from '../domain/characteristics.js';
import type { CharacteristicDefaults, SpecLimits } from './products.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

/** Cpk of every in-control series: 5/3, the usual bar for a capable new process (1.33 for a running one). */
export const IN_CONTROL_CPK = 5 / 3;

/** Headroom of a resistance under its maximum, as a fraction of the maximum. */
const RESISTANCE_HEADROOM = 0.03;
/** How far above the nominal a minimum-only characteristic runs, as a fraction of the nominal. */
const ABOVE_NOMINAL = 0.05;
/** Where a minimum-only characteristic without a nominal runs, as a multiple of the minimum. */
const ABOVE_MINIMUM = 1.25;

export class SpecModelError extends LinewatchError<'LW_SIM_SPEC'> {
  constructor(message: string) {
    super('LW_SIM_SPEC', message);
    this.name = 'SpecModelError';
  }
}

/** The in-control defaults of one characteristic with this spec; `source` says where the limits come from. */
export function inControlDefaults(characteristic: CharacteristicName, spec: SpecLimits, source = 'configuration'): CharacteristicDefaults {
  const { lsl, usl, target } = spec;
  let mean: number;
  let sigma: number;
  if (lsl !== null && usl !== null) {
    mean = (lsl + usl) / 2;
    sigma = (usl - lsl) / (6 * IN_CONTROL_CPK);
  } else if (lsl !== null) {
    mean = target !== null && target > lsl ? target * (1 + ABOVE_NOMINAL) : lsl * ABOVE_MINIMUM;
    sigma = (mean - lsl) / (3 * IN_CONTROL_CPK);
  } else if (usl !== null) {
    mean = characteristic === 'conductor_resistance' ? usl * (1 - RESISTANCE_HEADROOM) : usl / 2;
    sigma = (usl - mean) / (3 * IN_CONTROL_CPK);
  } else {
    throw new SpecModelError(`${characteristic}: a spec needs lsl, usl or both`);
  }
  if (!(sigma > 0 && Number.isFinite(mean))) {
    throw new SpecModelError(`${characteristic}: cannot place a process inside lsl ${lsl}, usl ${usl}, nominal ${target}`);
  }
  return Object.freeze({
    characteristic,
    unit: CHARACTERISTICS[characteristic].unit,
    lsl,
    usl,
    target,
    mean,
    sigma,
    savingDirection: lsl !== null ? -1 : 1,
    source,
  });
}
