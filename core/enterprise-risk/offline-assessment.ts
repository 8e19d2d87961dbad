import type { CharacteristicName } from '../../domain/characteristics.js';
import type { AlertEvent } from '../../monitor/alert.js';
import { EpisodeBook } from '../../monitor/episode-book.js';
import { LiveConfig } from '../../monitor/live-config.js';
import type { RiskLevel, RiskOptions, SupervisionClass } from '../../risk/options.js';
import type { ClassState } from '../../risk/supervision.js';
import type { FindingEvent } from '../findings/finding.js';
import { observeSample } from '../series/observe-sample.js';
import { SeriesRegistry } from '../series/series-registry.js';
import type { SeriesCatalog } from '../catalog/series-catalog.js';
import { RiskEngine, type DailyEvidence, type EnterpriseProfile } from './risk-engine.js';
import type { EnterpriseRiskDetail } from './risk-views.js';

/** What the offline assessment runs on: the configuration's series, enterprises and model parameters. */
export interface OfflineAssessmentSetup {
  readonly catalog: SeriesCatalog;
  readonly enterprises: readonly EnterpriseProfile[];
  readonly risk: RiskOptions;
  readonly live?: LiveConfig;
}

/** One reading of a measurement file. */
export interface OfflineReading {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
  /** Sample time, ms UTC. */
  readonly ts: number;
  readonly value: number;
}

/** One enterprise as the offline assessment leaves it, at the end of its data. */
export interface OfflineEnterpriseResult {
  readonly id: string;
  readonly name: string;
  readonly registeredClass: SupervisionClass;
  /** Readings taken, and the sample time they span (ms; null without any). */
  readonly readings: number;
  readonly from: number | null;
  readonly to: number | null;
  /** The final assessment, at the enterprise's last reading. */
  readonly score: number;
  readonly level: RiskLevel;
  /** Every series' diagnosis, largest share of the score first. */
  readonly diagnoses: Array<{ line: string; characteristic: string; diagnosis: string; score: number; share: number; summary: string }>;
  /** The statistical class state in sample time (risk/supervision.ts); null without readings. */
  readonly classState: ClassState | null;
  /** The class that state suggests (the registered class without readings). */
  readonly riskClass: SupervisionClass;
  /** Every day of its data: each series' days and the enterprise's risk days. */
  readonly evidence: DailyEvidence;
  /** The final breakdown, as GET /api/enterprises/:id/risk gives it live. */
  readonly detail: EnterpriseRiskDetail | null;
}

export interface OfflineResult {
  readonly enterprises: OfflineEnterpriseResult[];
  /** Readings refused (series not in the configuration), with the first reasons. */
  readonly refused: number;
  readonly refusedReasons: string[];
  /** Readings not newer than their series' last (out of time order), skipped as live ingest skips them. */
  readonly skipped: number;
}

const MAX_REASONS = 5;
const ALL_DAYS: [string, string] = ['0000-01-01', '9999-12-31'];

/**
 * The risk model run offline on a measurement file, through exactly the code
 * the live stack runs (analytics/monitoring: the series state with its live
 * monitor, risk window and days; analytics/risk: the engine with its score,
 * diagnoses, class state and risk days), with sample time as the only
 * clock: a reading's timestamp is both when it was taken and when it
 * "arrived", and each enterprise is assessed whenever its readings cross
 * a step of sample time (a sixtieth of the risk window, at least a bucket:
 * every minute with the default hour), then once at its last reading. The live stack assesses on a wall-clock timer instead; on data
 * arriving in real time the two agree to within a bucket, and on a fast
 * replay the live class state is coarser (risk/README.md, section 4).
 *
 * Readings must be in time order per series (a measurement file from a
 * gateway or `linewatch simulate` is); an enterprise's series may interleave.
 * No I/O: the caller reads the file and feeds the readings.
 */
export class OfflineAssessment {
  private readonly registry: SeriesRegistry;
  private readonly engine: RiskEngine;
  private readonly book = new EpisodeBook();
  private readonly events: AlertEvent[] = [];
  private readonly findingEvents: FindingEvent[] = [];
  private readonly clocks = new Map<string, { last: number; next: number; first: number; readings: number }>();
  private refused = 0;
  private skipped = 0;
  private readonly reasons: string[] = [];

  constructor(private readonly setup: OfflineAssessmentSetup) {
    const o = setup.risk;
    this.registry = new SeriesRegistry(setup.catalog, setup.live ?? new LiveConfig(), { bucketMs: o.bucketMs, bucketCount: o.windowMs / o.bucketMs, evidenceDays: o.evidenceDays });
    this.engine = new RiskEngine(setup.enterprises, this.registry, this.book, o);
  }

  /** Takes one reading. */
  reading(enterprise: string, line: string, characteristic: string, ts: number, value: number): void {
    const state = this.registry.stateOf(enterprise, line, characteristic as CharacteristicName);
    if (typeof state === 'string') {
      this.refused += 1;
      if (this.reasons.length < MAX_REASONS && !this.reasons.includes(state)) this.reasons.push(state);
      return;
    }
    let clock = this.clocks.get(enterprise);
    if (!clock) this.clocks.set(enterprise, (clock = { last: -Infinity, next: this.boundaryAfter(ts), first: ts, readings: 0 }));
    else if (ts >= clock.next) {
      // The window as it stood at the boundary, before this reading: the enterprise's state then.
      this.assess(enterprise, clock.last);
      clock.next = this.boundaryAfter(ts);
    }
    if (!observeSample(state, ts, value, this.book, ts, this.events)) {
      this.skipped += 1;
      return;
    }
    this.events.length = 0;
    clock.readings += 1;
    if (ts > clock.last) clock.last = ts;
    if (ts < clock.first) clock.first = ts;
  }

  /** Assesses every enterprise at its last reading and reports them, in the configuration's order. */
  finish(): OfflineResult {
    for (const [id, clock] of this.clocks) this.assess(id, clock.last);
    const enterprises = this.setup.enterprises.map((p): OfflineEnterpriseResult => {
      const clock = this.clocks.get(p.id);
      const detail = this.engine.detail(p.id) ?? null;
      const summary = this.engine.list().find((s) => s.id === p.id);
      const cls = this.engine.classState(p.id);
      return {
        id: p.id,
        name: p.name,
        registeredClass: p.class,
        readings: clock?.readings ?? 0,
        from: clock ? clock.first : null,
        to: clock && Number.isFinite(clock.last) ? clock.last : null,
        score: summary?.score ?? 0,
        level: summary?.level ?? 'low',
        diagnoses: (detail?.series ?? []).map((s) => ({ line: s.line, characteristic: s.characteristic, diagnosis: s.diagnosis, score: s.score, share: s.contribution, summary: s.summary })),
        classState: cls,
        riskClass: cls?.suggested ?? p.class,
        evidence: this.engine.dailyEvidence(p.id, ...ALL_DAYS) ?? { series: [], enterprise: [] },
        detail,
      };
    });
    return { enterprises, refused: this.refused, refusedReasons: this.reasons.slice(), skipped: this.skipped };
  }

  private boundaryAfter(ts: number): number {
    const { bucketMs, windowMs } = this.setup.risk;
    const b = Math.max(bucketMs, Math.ceil(windowMs / 60 / bucketMs) * bucketMs);
    return Math.floor(ts / b) * b + b;
  }

  private assess(enterprise: string, sampleTs: number): void {
    if (!Number.isFinite(sampleTs)) return;
    this.engine.assessSome([enterprise], sampleTs, this.engine.openEpisodes(), this.findingEvents);
    this.findingEvents.length = 0;
  }
}

/** The offline assessment of a sequence of readings (see OfflineAssessment). Pure. */
export function assessReadings(setup: OfflineAssessmentSetup, readings: Iterable<OfflineReading>): OfflineResult {
  const run = new OfflineAssessment(setup);
  for (const r of readings) run.reading(r.enterprise, r.line, r.characteristic, r.ts, r.value);
  return run.finish();
}
