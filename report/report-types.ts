/**
 * The monthly quality report as JSON: this object is the report (the HTML
 * page is rendered from it and adds nothing). Times are ms since the epoch,
 * UTC; every figure that has no value is null, never NaN, 0 or absent, so a
 * reader can tell "zero" from "not available". What each figure means and
 * over what data is in `methods` (report/methods.ts) and repeated in the page.
 */
import type { AlertSeverity } from '../monitor/alert.js';
import type { RiskLevel, SupervisionClass } from '../risk/options.js';
import type { StoreAdapterName } from '../store/port.js';
import type { ReelVerdict } from '../trace/reels/reel-record.js';
import type { ParetoBar } from './charts/pareto-bars.js';

export type { ParetoBar };

/**
 * Bumped when a field changes meaning or is removed (adding fields does not).
 * 2: alerts are counted as episodes (`episodes`, `episodesRaised`, one per
 * series from first signal to resolution, every rule on it), with a Pareto
 * of causes; 1 counted one alert per series and rule (`alerts`, `alertsRaised`).
 */
export const REPORT_FORMAT_VERSION = 2;

/** A calendar month, UTC: [from, to). */
export interface ReportPeriod {
  /** YYYY-MM */
  month: string;
  from: number;
  to: number;
  days: number;
}

export interface MonthlyReport {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  kind: 'linewatch.monthly-report';
  period: ReportPeriod;
  /** The month compared against (month-over-month changes). */
  previousPeriod: ReportPeriod;
  generatedAt: number;
  /** False while the month is still running: its figures cover data up to generatedAt only. */
  monthComplete: boolean;
  /** 'cluster': every configured enterprise (regulators); 'enterprise': one enterprise only (its own users). */
  scope: 'cluster' | 'enterprise';
  /** The one enterprise of an enterprise-scoped report; null for the cluster. */
  enterprise: string | null;
  /** Which store adapter the figures were read from. */
  store: StoreAdapterName;
  /** False when the store holds no measurement, alert or risk assessment of the scope in the month. */
  hasData: boolean;
  /** Why the report is empty, in words; null when it has data. */
  noDataReason: string | null;
  enterprises: EnterpriseMonth[];
  ranking: Ranking;
  totals: Totals;
  /** The model parameters the figures were judged with (from the configuration's `risk` section). */
  parameters: {
    /** Ppk below this is flagged as not capable. */
    capableIndex: number;
    /** Lowest score of each risk level above 'low'. */
    levels: { medium: number; high: number; critical: number };
  };
  /** Figure name -> what it is and over what data; the same text the page prints. */
  methods: Record<string, string>;
}

export interface SpecView {
  lsl: number | null;
  usl: number | null;
  nominal: number | null;
  /** Where the limits come from (a clause of a standard), as configured. */
  source: string | null;
}

/** One line and characteristic over a month. */
export interface CharacteristicMonth extends CapabilityFigures {
  line: string;
  /** The product the line makes, per the configuration; null for a series the configuration no longer lists. */
  product: string | null;
  characteristic: string;
  unit: string;
  /** False for data in the store of a series the configuration does not list (no spec, so no capability). */
  inConfiguration: boolean;
  spec: SpecView | null;
  /** True when the month's min or max lies beyond a limit: at least one sample was out of spec. */
  beyondSpecObserved: boolean | null;
  /** UTC days of the month with at least one sample. */
  daysWithData: number;
  /** Alert episodes raised on this series in the month. */
  episodesRaised: number;
  previous: { n: number; mean: number | null; sd: number | null; ppk: number | null };
  /** The month per product, each against its own limits, where the line made more than its configured product; empty otherwise. */
  byProduct: ProductFigures[];
  /** This month less the previous one; null when either is missing. */
  change: { mean: number | null; ppk: number | null };
  /**
   * Ppk month by month over the last months up to this one (capability-trend.ts),
   * oldest first, from the series' first month with data in the window; empty without data.
   */
  trend: CapabilityTrendPoint[];
}

/** One month of a capability trend. */
export interface CapabilityTrendPoint {
  /** YYYY-MM */
  month: string;
  n: number;
  /** As the month's own Ppk: overall sd, the configured product's limits; null without data, spread or limits. */
  ppk: number | null;
}

/** The reels of several enterprises together, with the nonconforming ones per enterprise (line ids are each enterprise's own, so not pooled). */
export interface ReportReels extends Omit<ReelMonth, 'nonconformingByLine'> {
  /** Nonconforming reels per enterprise (labelled with its name); shares of the nonconforming reels. */
  nonconformingByEnterprise: ParetoBar[];
}

/**
 * The reels started in the month, from their stored quality records
 * (reel-tally.ts). Verdicts count final records only.
 */
export interface ReelMonth {
  /** Reels whose record is final. */
  reels: number;
  /** Reels still being wound (record not final) at the time of the report. */
  open: number;
  byVerdict: Record<ReelVerdict, number>;
  /** Nonconforming reels per line: each reel once; shares of the nonconforming reels. */
  nonconformingByLine: ParetoBar[];
  /**
   * Nonconformities per characteristic: a reel counts once under each
   * characteristic that was out of spec on it, so the counts can add up to
   * more than the nonconforming reels; shares are of these nonconformities.
   */
  nonconformingByCharacteristic: ParetoBar[];
}

export type SeverityCounts = Record<AlertSeverity, number>;

/**
 * The alert episodes raised in the month (monitor/alert.ts: one per series
 * from its first signal until it resolves, every rule that fired on it), and
 * what became of them by the month's end.
 */
export interface EpisodeMonth {
  raised: number;
  /** By the highest severity the episode reached by the month's end. */
  bySeverity: SeverityCounts;
  /**
   * Rule name -> episodes on which it fired: an episode counts once under
   * each of its rules, so these add up to more than `raised` when episodes
   * carry several. Every rule is listed, 0 when it never fired.
   */
  byRule: Record<string, number>;
  /** Of those raised, the ones whose severity rose after they were raised. */
  escalated: number;
  /** Of those raised, acknowledged by a person before the month's end (resolved ones included if they were acknowledged first). */
  acknowledged: number;
  /** Of those raised, resolved by the month's end: resolvedByPerson + resolvedAutomatically. */
  resolved: number;
  /** Resolved by a person, with a cause and a corrective action. */
  resolvedByPerson: number;
  /** Resolved by themselves (back in control for the auto-resolve time), even if a person gave the cause afterwards. */
  resolvedAutomatically: number;
  /** Of those raised, not resolved by the month's end. */
  openAtMonthEnd: number;
  /** Median of (acknowledged at - raised at) over the acknowledged ones, ms. */
  medianTimeToAcknowledgeMs: number | null;
  /** Median of (resolved at - raised at) over those a person resolved, ms. */
  medianTimeToResolveMs: number | null;
  /** Median of (resolved at - raised at) over those that resolved by themselves, ms. */
  medianTimeToAutoResolveMs: number | null;
  /** Episodes raised before the month that a person acknowledged or resolved in it (not counted above). */
  earlierEpisodesActedOn: number;
}

/** One bar of a Pareto of causes. */
export interface CauseBar {
  /** Catalogue id of the cause. */
  cause: string;
  /** Its label in the configured catalogue (the id for a cause the catalogue no longer has). */
  label: string;
  /** Episodes given this cause. */
  count: number;
  /** count / (episodes - unassigned): share of the episodes that have a cause, 0-1. */
  share: number;
  /** Running total of `share` down the bars, 0-1; the last bar's is 1. */
  cumulative: number;
}

/**
 * The month's episodes by cause (resolved.cause, else acknowledged.cause, as
 * known at the month's end), most frequent first; ties by cause id.
 */
export interface CausePareto {
  /** Episodes counted: those raised in the month. */
  episodes: number;
  /** Of them, those with no cause (open, or resolved by themselves, and nobody gave one). */
  unassigned: number;
  bars: CauseBar[];
}

export interface CharacteristicCauses extends CausePareto {
  /** The characteristic, over all the enterprise's lines; 'risk-score' for episodes of the enterprise's risk level. */
  characteristic: string;
}

export interface ScorePoint {
  at: number;
  score: number;
  level: RiskLevel;
}

/** The enterprise's risk over the month, from the stored `risk.assessed` events. */
export interface RiskMonth {
  assessments: number;
  /** Hours of the month the stored assessments cover (each holds until the next, at most the hold limit). */
  coveredHours: number;
  first: ScorePoint | null;
  last: ScorePoint | null;
  max: ScorePoint | null;
  /** Time-weighted mean score of the month; null without assessments. */
  meanScore: number | null;
  meanLevel: RiskLevel | null;
  /** The level of the last assessment of the month. */
  levelAtMonthEnd: RiskLevel | null;
  registeredClass: SupervisionClass;
  /** The class the model suggested at the month's end; null without assessments. */
  suggestedClass: SupervisionClass | null;
  classDiffers: boolean;
  /** Last inspection (configuration) plus the interval of the suggested class, or of the registered one without a suggestion. */
  nextInspection: string;
  nextInspectionBasis: 'suggested class' | 'registered class';
  /** The next inspection falls on or before the report's generation date. */
  inspectionDue: boolean;
}

/** One product's samples of a series in the month, against that product's limits. */
export interface ProductFigures extends CapabilityFigures {
  product: string;
  /** That product's limits for the characteristic; null when the configuration does not give them (no indices then). */
  spec: SpecView | null;
}

/** Overall capability of a set of samples against a spec: the month's, or one product's in it. */
export interface CapabilityFigures {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1) of every value: the overall sigma. */
  sd: number | null;
  min: number | null;
  max: number | null;
  pp: number | null;
  ppk: number | null;
  /** Expected nonconforming ppm under N(mean, sd^2) against the spec. */
  expectedPpm: number | null;
}

/** A span of the month during which a line made one product. */
export interface ProductPeriod {
  /** The product id; null when the configuration no longer lists the line and no changeover named it. */
  product: string | null;
  from: number;
  /** Exclusive; the month's end, or the generation time in a month under way. */
  to: number;
  /** 'changeover': from a stored changeover the line's gateway reported; 'configuration': the line's configured product (no changeover known). */
  basis: 'changeover' | 'configuration';
}

/** The products a line made in the month, in time order. */
export interface LineProducts {
  line: string;
  periods: ProductPeriod[];
}

export interface EnterpriseMonth {
  id: string;
  name: string;
  registeredClass: SupervisionClass;
  lastInspection: string;
  hasData: boolean;
  characteristics: CharacteristicMonth[];
  /** Per line, the products made in the month and when (from the stored changeovers). */
  products: LineProducts[];
  episodes: EpisodeMonth;
  /** Pareto of the causes of the month's episodes. */
  causes: CausePareto;
  /** The same per characteristic, those with episodes only, most episodes first. */
  causesByCharacteristic: CharacteristicCauses[];
  risk: RiskMonth;
  /** The reels started in the month, their verdicts and the Paretos of the nonconforming ones. */
  reels: ReelMonth;
  /** Stored events of the month that could not be read as an alert episode, an assessment, a changeover or a reel record (left out of the figures). */
  unreadableEvents: number;
}

export interface RankingEntry {
  rank: number;
  enterprise: string;
  name: string;
  /** The figure ranked on (see Ranking.basis); null when the enterprise has no assessment in the month. */
  score: number | null;
  level: RiskLevel | null;
  endScore: number | null;
  maxScore: number | null;
  episodesRaised: number;
}

export interface Ranking {
  basis: 'time-weighted mean risk score of the month';
  /** Highest score first; enterprises without an assessment in the month come last, by id, with a null score. */
  entries: RankingEntry[];
}

export interface LowPpkEntry {
  enterprise: string;
  line: string;
  characteristic: string;
  unit: string;
  n: number;
  mean: number;
  ppk: number;
  expectedPpm: number | null;
}

export interface Totals {
  enterprises: number;
  /** By the level of the month's last assessment; 'none' has no assessment in the month. */
  byLevel: Record<RiskLevel | 'none', number>;
  registeredClass: Record<SupervisionClass, number>;
  /** The suggested class at the month's end; 'none' has no assessment. */
  suggestedClass: Record<SupervisionClass | 'none', number>;
  classChanges: Array<{ enterprise: string; name: string; registeredClass: SupervisionClass; suggestedClass: SupervisionClass }>;
  /** The episodes of every enterprise of the report together (medians over all of them). */
  episodes: EpisodeMonth;
  /** Pareto of causes over every enterprise of the report. */
  causes: CausePareto;
  /** The characteristics with the lowest Ppk, lowest first. */
  lowestPpk: LowPpkEntry[];
  /** The reels of every enterprise of the report together (reel-tally.ts sumReels). */
  reels: ReportReels;
  samples: number;
}
