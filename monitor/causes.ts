/**
 * The catalogue people pick a cause and a corrective action from when they
 * acknowledge or resolve an episode, so causes can be counted (a Pareto per
 * enterprise and characteristic) instead of read out of free text. The
 * configuration can replace it (`alerts.causes`, `alerts.actions`).
 */
export interface CatalogueEntry {
  readonly id: string;
  readonly label: string;
}

export interface CauseCatalogue {
  readonly causes: readonly CatalogueEntry[];
  readonly actions: readonly CatalogueEntry[];
}

export const DEFAULT_CAUSE_CATALOGUE: CauseCatalogue = Object.freeze({
  causes: Object.freeze([
    { id: 'material', label: 'Material (rod, compound, lot change)' },
    { id: 'tooling', label: 'Tooling (die, tip, wear)' },
    { id: 'setting', label: 'Line setting (speed, temperature, tension)' },
    { id: 'gauge', label: 'Gauge or measurement fault' },
    { id: 'operator', label: 'Operator or procedure' },
    { id: 'environment', label: 'Environment (cooling water, ambient)' },
    { id: 'product-change', label: 'Product changeover' },
    { id: 'no-cause-found', label: 'No assignable cause found' },
  ]),
  actions: Object.freeze([
    { id: 'adjusted-process', label: 'Adjusted the process' },
    { id: 'replaced-tooling', label: 'Replaced or cleaned tooling' },
    { id: 'recalibrated-gauge', label: 'Recalibrated or repaired the gauge' },
    { id: 'changed-material', label: 'Changed the material lot' },
    { id: 'quarantined-product', label: 'Quarantined the affected product' },
    { id: 'reestablished-limits', label: 'Re-established the control limits' },
    { id: 'none-needed', label: 'No action needed' },
  ]),
});

/** The label of a catalogue id, or the id itself for one no longer in the catalogue. */
export function catalogueLabel(entries: readonly CatalogueEntry[], id: string): string {
  return entries.find((e) => e.id === id)?.label ?? id;
}
