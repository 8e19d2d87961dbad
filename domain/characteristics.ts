/**
 * The quality characteristics linewatch monitors, with their units and a
 * plausible physical range used to reject readings no real gauge produces.
 * (The range is a sanity gate, not a spec limit: spec limits come from the
 * product configuration.)
 */
export interface CharacteristicInfo {
  readonly name: CharacteristicName;
  readonly unit: string;
  /** Readings outside [min, max] cannot come from a working gauge. */
  readonly plausible: { readonly min: number; readonly max: number };
  /** Variable data (measured) or attribute data (counted). */
  readonly kind: 'variable' | 'attribute';
}

export const CHARACTERISTIC_NAMES = ['conductor_diameter', 'insulation_thickness', 'sheath_thickness', 'conductor_resistance', 'eccentricity', 'spark_faults'] as const;

export type CharacteristicName = (typeof CHARACTERISTIC_NAMES)[number];

export const CHARACTERISTICS: Readonly<Record<CharacteristicName, CharacteristicInfo>> = Object.freeze({
  conductor_diameter: { name: 'conductor_diameter', unit: 'mm', plausible: { min: 0, max: 100 }, kind: 'variable' },
  insulation_thickness: { name: 'insulation_thickness', unit: 'mm', plausible: { min: 0, max: 50 }, kind: 'variable' },
  sheath_thickness: { name: 'sheath_thickness', unit: 'mm', plausible: { min: 0, max: 50 }, kind: 'variable' },
  // ohm/km at 20 C; the thinnest building wire (0.5 mm2) is about 36 ohm/km.
  conductor_resistance: { name: 'conductor_resistance', unit: 'ohm/km', plausible: { min: 0, max: 1000 }, kind: 'variable' },
  eccentricity: { name: 'eccentricity', unit: '%', plausible: { min: 0, max: 100 }, kind: 'variable' },
  spark_faults: { name: 'spark_faults', unit: 'count/km', plausible: { min: 0, max: 1e6 }, kind: 'attribute' },
});

export function isCharacteristicName(name: string): name is CharacteristicName {
  return Object.hasOwn(CHARACTERISTICS, name);
}
