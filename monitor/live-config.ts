import { resolveLiveOptions, type LiveMonitorOptions } from './options.js';
import { withDefaults } from '../domain/with-defaults.js';

/**
 * The live monitor's options for a whole deployment: one set for every
 * series, and overrides per characteristic (a resistance bridge reading
 * once a second wants other subgroups than a 10 Hz diameter gauge).
 * Resolved and validated once; looking a characteristic up is a map read.
 */
export interface LiveConfigInput {
  readonly defaults?: Partial<LiveMonitorOptions>;
  readonly byCharacteristic?: Readonly<Record<string, Partial<LiveMonitorOptions>>>;
}

export class LiveConfig {
  readonly defaults: LiveMonitorOptions;
  private readonly overrides = new Map<string, LiveMonitorOptions>();

  constructor(input: LiveConfigInput = {}) {
    this.defaults = resolveLiveOptions(input.defaults ?? {});
    for (const [characteristic, o] of Object.entries(input.byCharacteristic ?? {})) {
      try {
        this.overrides.set(characteristic, resolveLiveOptions(withDefaults(this.defaults, o)));
      } catch (err) {
        (err as Error).message = `byCharacteristic.${characteristic}: ${(err as Error).message}`;
        throw err;
      }
    }
  }

  /** The options a series of this characteristic runs with. */
  optionsFor(characteristic: string): LiveMonitorOptions {
    return this.overrides.get(characteristic) ?? this.defaults;
  }

  /** The characteristics with options of their own. */
  get characteristics(): string[] {
    return [...this.overrides.keys()];
  }
}
