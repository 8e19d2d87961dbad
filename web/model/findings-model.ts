/**
 * The regulator's findings (GET /api/findings, then live `finding` events):
 * enterprise-level statements with their evidence, open or closed. Kept by
 * id; an event carries the whole finding, so applying it is a replace, and
 * an older state (by updatedAt) never overwrites a newer one. The counts the
 * overview shows are computed here, without the DOM.
 */
import type { Finding, FindingEvent, FindingKind } from '../../core/findings/finding.js';
import { formatSpan } from '../lib/episodes.js';
import { formatDuration } from '../lib/format.js';

export type { Finding, FindingEvent, FindingKind };

/** Every kind, in the order a regulator reads them (product first). */
export const FINDING_KIND_ORDER: readonly FindingKind[] = ['out-of-spec', 'drift', 'off-centre', 'risk-level', 'silent-gateway'];

export const FINDING_KIND_NAMES: Readonly<Record<FindingKind, string>> = Object.freeze({
  'out-of-spec': 'Product out of spec',
  drift: 'Drift toward a limit',
  'off-centre': 'Running off-centre',
  'risk-level': 'Risk level changed',
  'silent-gateway': 'Silent gateway',
});

export function findingKindName(kind: string): string {
  return (FINDING_KIND_NAMES as Record<string, string>)[kind] ?? kind;
}

export class FindingsModel {
  private readonly byId = new Map<string, Finding>();
  private readonly listeners = new Set<(changed: Finding | null) => void>();
  private readonly early: FindingEvent[] = [];
  /** Findings first seen live since the page loaded (for the "new" mark). */
  readonly arrivedLive = new Set<string>();
  loaded = false;
  /** False while the server has no findings (the session says so); the page then says so too. */
  available = false;

  load(findings: readonly Finding[]): void {
    for (const f of findings) {
      const known = this.byId.get(f.id);
      if (!known || known.updatedAt <= f.updatedAt) this.byId.set(f.id, f);
    }
    this.loaded = true;
    this.available = true;
    for (const event of this.early.splice(0)) this.apply(event);
    this.emit(null);
  }

  apply(event: FindingEvent): void {
    if (!this.loaded) {
      this.early.push(event);
      return;
    }
    const f = event.finding;
    const known = this.byId.get(f.id);
    if (known && known.updatedAt > f.updatedAt) return;
    if (!known) this.arrivedLive.add(f.id);
    this.byId.set(f.id, f);
    this.emit(f);
  }

  get(id: string): Finding | undefined {
    return this.byId.get(id);
  }

  /** Newest first: open ones by when they opened, then closed ones by when they closed. */
  list(filter: (f: Finding) => boolean = () => true): Finding[] {
    return [...this.byId.values()].filter(filter).sort(compareFindings);
  }

  subscribe(listener: (changed: Finding | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(changed: Finding | null): void {
    for (const l of this.listeners) l(changed);
  }
}

/** Open before closed; among each, the most recent first. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  const at = (f: Finding) => (f.status === 'open' ? f.openedAt : (f.closedAt ?? f.updatedAt));
  return at(b) - at(a) || (a.id < b.id ? -1 : 1);
}

/** What the overview counts: enterprises with open findings, by kind. */
export interface FindingCounts {
  /** Enterprises with at least one open finding. */
  readonly enterprises: number;
  /** Open findings by kind. */
  readonly open: Readonly<Record<FindingKind, number>>;
  /** Enterprises with an open finding of each kind. */
  readonly enterprisesByKind: Readonly<Record<FindingKind, number>>;
  /** Open findings in all. */
  readonly total: number;
}

export function findingCounts(findings: Iterable<Finding>): FindingCounts {
  const open = Object.fromEntries(FINDING_KIND_ORDER.map((k) => [k, 0])) as Record<FindingKind, number>;
  const byKind = new Map<FindingKind, Set<string>>(FINDING_KIND_ORDER.map((k) => [k, new Set<string>()]));
  const enterprises = new Set<string>();
  let total = 0;
  for (const f of findings) {
    if (f.status !== 'open') continue;
    total += 1;
    enterprises.add(f.enterprise);
    if (f.kind in open) {
      open[f.kind] += 1;
      byKind.get(f.kind)!.add(f.enterprise);
    }
  }
  const enterprisesByKind = Object.fromEntries(FINDING_KIND_ORDER.map((k) => [k, byKind.get(k)!.size])) as Record<FindingKind, number>;
  return { enterprises: enterprises.size, open, enterprisesByKind, total };
}

/**
 * The evidence of a finding as [name, value] pairs a person reads, skipping
 * empty ones. Durations read in words: keys ending in `Ms` are
 * milliseconds, keys about hours are hours ("hoursToLimit": 4.1 is "time to
 * limit: about 4 h").
 */
export function evidencePairs(evidence: Finding['evidence']): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(evidence ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    if (typeof value === 'number' && /Ms$/.test(key)) out.push([evidenceName(key.slice(0, -2)), formatSpan(value)]);
    else if (typeof value === 'number' && /^hours|Hours$/.test(key))
      out.push([evidenceName(key.replace(/^hours(?=[A-Z])|Hours$/, (m) => (m === 'hours' ? 'time' : ''))), formatDuration(value * 3_600_000)]);
    else out.push([evidenceName(key), typeof value === 'number' ? formatFigure(value) : value]);
  }
  return out;
}

/** camelCase evidence keys in words: "slopePerHour" -> "slope per hour", "cpkLow" -> "Cpk low". */
export function evidenceName(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.replace(/\b(cpk|ppk|cp|pp|ppm)\b/g, (m) => (m === 'ppm' ? 'ppm' : m.charAt(0).toUpperCase() + m.slice(1)));
}

function formatFigure(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const abs = Math.abs(x);
  return abs >= 100 ? x.toFixed(0) : abs >= 1 ? x.toFixed(2) : x.toPrecision(2);
}
