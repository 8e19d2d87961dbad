/**
 * The `supervision` section as the services use it, with its defaults. It
 * is optional in LinewatchConfig so configurations built in code (tests)
 * need not spell it out; `supervisionConfigOf` fills it in as resolve.ts
 * does for a file.
 */
import path from 'node:path';
import type { SupervisionSection } from './schema.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface InspectorEntry {
  readonly id: string;
  readonly name: string;
  /** Enterprises the inspector must never be drawn for (kin, former employer, ...). */
  readonly conflicts: readonly string[];
}

export interface ClassTargets {
  /** At least this many class A enterprises. The bureau's yearly target (240). */
  readonly minA: number;
  /** At least this many class B. The bureau's target (750). */
  readonly minB: number;
  /** At most this many class C. The bureau's target (60). */
  readonly maxC: number;
  /** From this day no enterprise may be C ("no C at all by the end of 2025"); null for no such target. */
  readonly noCFrom: string | null;
}

export interface SupervisionConfig {
  /** The yearly review's month (1-12) and day. */
  readonly reviewMonth: number;
  readonly reviewDay: number;
  /** How often suggestions are turned into proposals, besides after each register change. min */
  readonly checkMinutes: number;
  readonly targets: ClassTargets;
  readonly inspectors: readonly InspectorEntry[];
  /** A JSON file of records loaded into an empty register at start (the demo's), or null. */
  readonly seedRecords: string | null;
  /** From this day each enterprise needs a signed monthly review for every month (supervision's a.routine); null: not required. */
  readonly routineRequiredFrom: string | null;
}

export const DEFAULT_SUPERVISION_OPTIONS: SupervisionConfig = Object.freeze({
  // Judgement: early December leaves the month to decide before the new year's plan.
  reviewMonth: 12,
  reviewDay: 1,
  // Judgement: evidence moves by the day; ten minutes keeps a new C condition's proposal prompt.
  checkMinutes: 10,
  targets: Object.freeze({ minA: 240, minB: 750, maxC: 60, noCFrom: '2025-12-31' }),
  inspectors: Object.freeze([]) as readonly InspectorEntry[],
  seedRecords: null,
  routineRequiredFrom: null,
});

/** The `supervision` section of a file, defaults filled in, paths made absolute against `baseDir`. */
export function resolveSupervision(section: SupervisionSection | undefined, baseDir: string): SupervisionConfig {
  const d = DEFAULT_SUPERVISION_OPTIONS;
  const s = section ?? {};
  const [month, day] = s.reviewDate !== undefined ? s.reviewDate.split('-').map(Number) : [d.reviewMonth, d.reviewDay];
  return {
    reviewMonth: month,
    reviewDay: day,
    checkMinutes: s.proposals?.checkMinutes ?? d.checkMinutes,
    targets: withDefaults(d.targets, { minA: s.targets?.minA, minB: s.targets?.minB, maxC: s.targets?.maxC, noCFrom: s.targets?.noCFrom }),
    inspectors: (s.inspectors ?? []).map((i) => ({ id: i.id, name: i.name ?? i.id, conflicts: i.conflicts ?? [] })),
    seedRecords: s.seedRecords !== undefined ? path.resolve(baseDir, s.seedRecords) : null,
    routineRequiredFrom: s.routineRequiredFrom ?? d.routineRequiredFrom,
  };
}

export function supervisionConfigOf(config: { readonly supervision?: SupervisionConfig }): SupervisionConfig {
  return config.supervision ?? DEFAULT_SUPERVISION_OPTIONS;
}
