/**
 * The risk model's view of each enterprise, when the server has one: loaded
 * from GET /api/enterprises and replaced entry by entry by live risk events.
 * `available` stays false while the server offers neither, and the page says
 * so instead of showing empty scores.
 */
import { asRiskEntry, type EnterprisesAnswer, type RiskEntry } from './risk-types.js';

export class RiskModel {
  private readonly byId = new Map<string, RiskEntry>();
  private readonly listeners = new Set<() => void>();
  available = false;
  /** Why there is no risk data, for the empty state; null when there is. */
  unavailableReason: string | null = 'the risk model has not reported yet';

  load(answer: EnterprisesAnswer): void {
    this.byId.clear();
    for (const e of answer.enterprises ?? []) {
      const entry = asRiskEntry(e);
      if (entry) this.byId.set(entry.id, entry);
    }
    this.available = true;
    this.unavailableReason = null;
    this.emit();
  }

  unavailable(reason: string): void {
    if (this.byId.size > 0) return;
    this.available = false;
    this.unavailableReason = reason;
    this.emit();
  }

  apply(event: unknown): void {
    const entry = asRiskEntry(event);
    if (!entry) return;
    this.byId.set(entry.id, { ...this.byId.get(entry.id), ...entry });
    this.available = true;
    this.unavailableReason = null;
    this.emit();
  }

  get(id: string): RiskEntry | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
