/**
 * The risk model's API shapes as risk/README.md specifies them. The page
 * reads them defensively (every field may be missing while the model is
 * being built), so these types mark what it uses, not what it trusts.
 */
import type { Level } from '../lib/levels.js';
import type { RiskWindow } from './capability.js';
import type { LiveSeriesView } from '../../core/enterprise-risk/risk-views.js';

/** The live monitor's state of a series (limits in force and their versions, Phase I). */
export type LiveSpc = LiveSeriesView;

export interface RiskContributor {
  readonly line: string;
  readonly characteristic: string;
  readonly diagnosis: string;
  readonly score: number;
  readonly share: number;
  readonly summary: string;
}

/** One entry of GET /api/enterprises, and the payload of a live risk event. */
export interface RiskEntry {
  readonly id: string;
  readonly name?: string;
  readonly score: number;
  readonly level: Level;
  readonly registeredClass?: 'A' | 'B' | 'C';
  readonly suggestedClass?: 'A' | 'B' | 'C';
  readonly classDiffers?: boolean;
  readonly lastInspection?: string;
  readonly nextInspection?: string;
  readonly inspectionDue?: boolean;
  readonly activeAlerts?: number;
  readonly topContributors?: readonly RiskContributor[];
  readonly dataAgeMs?: number;
  readonly gatewaysOnline?: number;
  readonly gatewaysTotal?: number;
}

export interface EnterprisesAnswer {
  readonly generatedAt: number;
  readonly enterprises: readonly RiskEntry[];
}

export interface RiskSeries {
  readonly line: string;
  readonly characteristic: string;
  readonly unit?: string;
  readonly diagnosis: string;
  readonly findings?: readonly string[];
  readonly summary?: string;
  readonly score: number;
  readonly contribution?: number;
  readonly window?: RiskWindow;
  readonly baseline?: { readonly mean: number; readonly sigma: number } | null;
  readonly spc?: LiveSpc;
}

/** GET /api/enterprises/:id/risk */
export interface RiskBreakdown {
  readonly enterprise: { readonly id: string; readonly name?: string; readonly registeredClass?: string; readonly lastInspection?: string };
  readonly score: number;
  readonly level: Level;
  readonly suggestedClass?: string;
  readonly nextInspection?: string;
  readonly history?: ReadonlyArray<{ readonly at: number; readonly score: number; readonly level: Level }>;
  readonly series: readonly RiskSeries[];
}

/** A risk entry from the API or a live event, if it has the fields the page needs. */
export function asRiskEntry(x: unknown): RiskEntry | null {
  const o = x as (Partial<RiskEntry> & { enterprise?: unknown }) | null;
  if (!o || typeof o !== 'object') return null;
  const id = typeof o.id === 'string' ? o.id : typeof o.enterprise === 'string' ? o.enterprise : null;
  if (id === null || typeof o.score !== 'number' || typeof o.level !== 'string') return null;
  return { ...o, id } as RiskEntry;
}
