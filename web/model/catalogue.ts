/**
 * The causes and corrective actions people choose from when they
 * acknowledge or resolve an episode (GET /api/alerts/causes), loaded once a
 * session. Until it has loaded, labels are the ids themselves.
 */
import type { CatalogueEntry, CauseCatalogue } from '../../monitor/causes.js';

export type { CatalogueEntry };
/** The answer of GET /api/alerts/causes: the catalogue itself. */
export type CatalogueAnswer = CauseCatalogue;

export class Catalogue {
  causes: readonly CatalogueEntry[] = [];
  actions: readonly CatalogueEntry[] = [];
  loaded = false;
  private readonly listeners = new Set<() => void>();

  load(answer: CatalogueAnswer): void {
    this.causes = answer.causes ?? [];
    this.actions = answer.actions ?? [];
    this.loaded = true;
    for (const l of this.listeners) l();
  }

  causeLabel(id: string | null): string | null {
    return id === null ? null : (this.causes.find((c) => c.id === id)?.label ?? id);
  }

  actionLabel(id: string | null): string | null {
    return id === null ? null : (this.actions.find((a) => a.id === id)?.label ?? id);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
