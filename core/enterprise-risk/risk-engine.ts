import { CHARACTERISTICS, isCharacteristicName } from '../../domain/characteristics.js';
import { scoreEnterprise } from '../../risk/enterprise-score.js';
import type { RiskLevel, RiskOptions, SupervisionClass } from '../../risk/options.js';
import { assessSeries } from '../../risk/series-assessment.js';
import { nextClassState, nextInspection, type ClassState } from '../../risk/supervision.js';
import { EnterpriseDays } from '../../risk/enterprise-days.js';
import type { EnterpriseDay, SeriesDay } from '../../domain/daily-evidence.js';
import type { Alert } from '../../monitor/alert.js';
import { findingCandidates, type GatewayLines } from '../findings/finding-candidates.js';
import { FindingTracker } from '../findings/finding-tracker.js';
import type { FindingEvent } from '../findings/finding.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { SeriesRegistry } from '../series/series-registry.js';
import type { EnterpriseRiskDetail, EnterpriseRiskSummary, LiveSeriesView, SeriesRiskDetail } from './risk-views.js';
import type { SeriesState } from '../series/series-state.js';

export interface EnterpriseProfile {
  readonly id: string;
  readonly name: string;
  readonly class: SupervisionClass;
  readonly lastInspection: string;
  /** Its gateways and the lines each reports (null: all), for silent-gateway findings. */
  readonly gateways?: readonly GatewayLines[];
}

/** Assessments kept per enterprise for its history, one a minute at most. */
const HISTORY_POINTS = 24 * 60;
const HISTORY_STEP_MS = 60_000;
const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The live monitor's state of a series as the dashboard shows it. */
function liveView(s: SeriesState, activeAlerts: number): LiveSeriesView {
  const w = s.watch;
  const l = w.limits;
  return {
    activeAlerts,
    pressure: w.pressure,
    limits: l
      ? {
          version: l.version,
          reason: l.reason,
          lockedAt: l.lockedAtTs,
          product: l.product,
          mean: l.mean,
          sdReadings: l.sdReadings,
          sdMean: l.sdMean,
          ucl: l.mean + 3 * l.sdMean,
          lcl: l.mean - 3 * l.sdMean,
          phi: l.phi,
          subgroupMs: w.options.subgroupMs,
        }
      : null,
    history: w.limitsHistory.map((h) => ({ version: h.version, reason: h.reason, lockedAt: h.lockedAtTs })).reverse(),
    baseline: w.baseline,
    charts: w.design.charts.map((c) => c.name),
    falseAlarmsPerWeek: w.design.falseAlarmsPerWeek,
  };
}

/** An enterprise's days of evidence, as `RiskEngine.dailyEvidence` returns them (domain/daily-evidence.ts). */
export interface DailyEvidence {
  readonly series: SeriesDay[];
  readonly enterprise: EnterpriseDay[];
}

/** What a checkpoint keeps of an enterprise's risk days. */
export interface EnterpriseDaysSnapshot {
  enterprise: string;
  lastTs: number | null;
  days: EnterpriseDay[];
}

interface EnterpriseState {
  profile: EnterpriseProfile;
  /** The class the register holds now (the profile's at start; `setRegisteredClass` changes it). */
  registered: SupervisionClass;
  cls: ClassState | null;
  days: EnterpriseDays;
  /** The production time of its most productive series at the last assessment (null: none yet since start). */
  productionMs: number | null;
  summary: EnterpriseRiskSummary | null;
  detail: EnterpriseRiskDetail | null;
  history: Array<{ at: number; score: number; level: RiskLevel }>;
}

/**
 * The live risk of every enterprise: assesses each from its series' windows
 * and SPC state (risk/), keeps the suggested class with its hysteresis and a
 * short history, and raises an enterprise-level alert when the level
 * changes. Enterprises are reassessed when data arrives for them (marked
 * dirty) and all of them periodically, so a silent gateway shows too.
 */
export class RiskEngine {
  private readonly enterprises = new Map<string, EnterpriseState>();
  private readonly dirty = new Set<string>();
  /**
   * Which enterprises this engine assesses: all of them, or an analytics
   * worker's share (another worker publishes the rest, and a stale
   * assessment from here would overwrite its retained one).
   */
  scope: (enterprise: string) => boolean = () => true;

  constructor(
    profiles: readonly EnterpriseProfile[],
    private readonly registry: SeriesRegistry,
    private readonly alerts: EpisodeBook,
    readonly options: RiskOptions,
    /** The regulator's findings, kept here because they are read off each assessment. */
    readonly findings: FindingTracker = new FindingTracker({ sustainMs: options.findingSustainMs, levelSustainMs: options.levelSustainMs }),
  ) {
    for (const p of profiles) {
      this.enterprises.set(p.id, {
        profile: p,
        registered: p.class,
        cls: null,
        days: new EnterpriseDays(p.id, options.evidenceDays, options.windowMs),
        productionMs: null,
        summary: null,
        detail: null,
        history: [],
      });
    }
  }

  touch(enterprise: string): void {
    if (this.enterprises.has(enterprise)) this.dirty.add(enterprise);
  }

  /** Carries a class state over a restart (from the last stored assessment). */
  restoreClass(enterprise: string, state: ClassState): void {
    const e = this.enterprises.get(enterprise);
    if (!e) return;
    e.cls = state;
    // The series are rebuilt too: the next span is counted from the class state's sample time.
    e.productionMs = null;
  }

  /**
   * The register's class changed (a regulator accepted a proposal): the
   * smoothed state starts again from it at the next assessment.
   */
  setRegisteredClass(enterprise: string, cls: SupervisionClass): void {
    const e = this.enterprises.get(enterprise);
    if (!e || e.registered === cls) return;
    e.registered = cls;
    e.cls = null;
    this.dirty.add(enterprise);
  }

  /**
   * An enterprise's daily evidence from `fromDay` to `toDay` (YYYY-MM-DD,
   * UTC days of sample time, both included; the day under way too): each
   * series' days and the enterprise's risk days, oldest first. Undefined for
   * an unknown enterprise.
   */
  dailyEvidence(enterprise: string, fromDay: string, toDay: string): DailyEvidence | undefined {
    const e = this.enterprises.get(enterprise);
    if (!e) return undefined;
    const series: SeriesDay[] = [];
    for (const s of this.registry.ofEnterprise(enterprise)) series.push(...s.evidenceDays(fromDay, toDay));
    return { series, enterprise: e.days.days(fromDay, toDay) };
  }

  /** Every enterprise's risk days, for the checkpoint. */
  evidenceSnapshot(): EnterpriseDaysSnapshot[] {
    return [...this.enterprises.values()].map((e) => ({ enterprise: e.profile.id, ...e.days.snapshot() }));
  }

  /** Takes up checkpointed risk days. */
  restoreEvidence(snapshots: readonly EnterpriseDaysSnapshot[]): void {
    for (const s of snapshots) this.enterprises.get(s.enterprise)?.days.restore(s);
  }

  /**
   * Reassesses the dirty enterprises (or all of them); returns their new
   * summaries, and the regulator's findings they open, change or close in
   * `findingEvents`.
   */
  assess(now: number, all: boolean, findingEvents: FindingEvent[]): EnterpriseRiskSummary[] {
    return this.assessSome(this.due(all), now, this.openEpisodes(), findingEvents);
  }

  /** The enterprises a round reassesses: the dirty ones, or all of them, within scope. Clears the dirty set. */
  due(all: boolean): string[] {
    const ids = (all ? [...this.enterprises.keys()] : [...this.dirty]).filter((id) => this.scope(id));
    this.dirty.clear();
    return ids;
  }

  /** Open episodes by enterprise, gathered once per round. */
  openEpisodes(): Map<string, Alert[]> {
    const open = new Map<string, Alert[]>();
    for (const a of this.alerts.openAlerts()) {
      let list = open.get(a.enterprise);
      if (!list) open.set(a.enterprise, (list = []));
      list.push(a);
    }
    return open;
  }

  /** Reassesses these enterprises (a slice of a round, so a county's round need not hold the event loop at once). */
  assessSome(ids: readonly string[], now: number, open: ReadonlyMap<string, readonly Alert[]>, findingEvents: FindingEvent[]): EnterpriseRiskSummary[] {
    const out: EnterpriseRiskSummary[] = [];
    for (const id of ids) {
      const e = this.enterprises.get(id);
      if (e) out.push(this.assessOne(e, now, open.get(id) ?? [], findingEvents));
    }
    return out;
  }

  /** The latest summaries, riskiest first. */
  list(): EnterpriseRiskSummary[] {
    return [...this.enterprises.values()].flatMap((e) => (e.summary ? [e.summary] : [])).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  detail(enterprise: string): EnterpriseRiskDetail | undefined {
    return this.enterprises.get(enterprise)?.detail ?? undefined;
  }

  classState(enterprise: string): ClassState | null {
    return this.enterprises.get(enterprise)?.cls ?? null;
  }

  private assessOne(e: EnterpriseState, now: number, episodes: readonly Alert[], findingEvents: FindingEvent[]): EnterpriseRiskSummary {
    const o = this.options;
    const activeAlerts = episodes.length;
    const openBySeries = new Map<string, number>();
    for (const a of episodes) openBySeries.set(`${a.line}/${a.characteristic}`, (openBySeries.get(`${a.line}/${a.characteristic}`) ?? 0) + 1);
    const scored = [];
    let newestArrival = -Infinity;
    // The enterprise's sample time: its newest reading. The class and the risk days run on it.
    let sampleTs = -Infinity;
    let productionMs = 0;
    for (const s of this.registry.ofEnterprise(e.profile.id)) {
      const window = s.window.summary();
      const limits = s.watch.limits;
      // The risk model compares short-term spreads: the baseline's sigma within, from the live monitor's Phase I.
      const baseline = limits ? { mean: limits.mean, sigma: limits.sigmaWithin } : null;
      const unit = isCharacteristicName(s.characteristic) ? CHARACTERISTICS[s.characteristic].unit : '';
      const assessment = assessSeries({ characteristic: s.characteristic, unit, spec: { lsl: s.spec.lsl, usl: s.spec.usl }, window, baseline, silentForMs: now - s.lastArrival }, o);
      if (s.lastArrival > newestArrival) newestArrival = s.lastArrival;
      if (s.lastTs > sampleTs) sampleTs = s.lastTs;
      if (s.productionMs > productionMs) productionMs = s.productionMs;
      scored.push({ state: s, window, baseline, unit, line: s.line, characteristic: s.characteristic, assessment });
    }
    const score = scoreEnterprise(scored, o);
    // No reading yet, no evidence: the class stays the registered one.
    if (Number.isFinite(sampleTs)) {
      // Weighed by the production time since the last assessment: at the first, all so far (a replay may
      // be over before it); after a restart, the sample time since the restored state, at most the window.
      const span = e.productionMs !== null ? Math.max(0, productionMs - e.productionMs) : e.cls === null ? productionMs : undefined;
      e.cls = nextClassState(e.cls, e.registered, score.score, sampleTs, o, span);
      e.days.advance(sampleTs, score.score, score.level, span);
      e.productionMs = productionMs;
    }
    const suggested = e.cls?.suggested ?? e.registered;
    const next = nextInspection(e.profile.lastInspection, suggested, o);
    const today = new Date(now).toISOString().slice(0, 10);
    const shareOf = new Map(score.contributions.map((c) => [`${c.line}/${c.characteristic}`, c]));

    const series: SeriesRiskDetail[] = scored.map(({ state: s, window: w, baseline, unit, assessment: a }) => {
      const c = shareOf.get(`${s.line}/${s.characteristic}`);
      return {
        line: s.line,
        characteristic: s.characteristic,
        unit,
        spec: { lsl: s.spec.lsl, usl: s.spec.usl, nominal: s.spec.target },
        diagnosis: a.diagnosis,
        findings: a.findings,
        summary: a.summary,
        score: a.score,
        weight: c?.weight ?? 0,
        contribution: c?.share ?? 0,
        factors: { ...a.factors },
        window: {
          from: w?.firstTs ?? null,
          to: w?.lastTs ?? null,
          n: w?.n ?? 0,
          mean: w ? finite(w.mean) : null,
          level: w ? finite(w.level) : null,
          sigmaWithin: w ? finite(w.sigmaWithin) : null,
          sigmaOverall: w ? finite(w.sdOverall) : null,
          cp: a.cp,
          cpk: a.cpk,
          cpkLow: a.cpkLow,
          cpkHigh: a.cpkHigh,
          cpkBound: a.cpkBound,
          lag1: w ? finite(w.lag1) : null,
          nEff: w ? finite(w.nEff) : null,
          dfWithin: w ? finite(w.dfWithin) : null,
          pp: a.pp,
          ppk: a.ppk,
          ppm: a.ppm,
          ppmLow: a.ppmLow,
          slopePerHour: w ? finite(w.slopePerHour) : null,
          trendT: w ? finite(w.trendT) : null,
          hoursToLimit: a.hoursToLimit,
          outOfSpec: w ? w.belowLsl + w.aboveUsl : 0,
          chartSignals: w?.chartSignals ?? 0,
        },
        sinceStart: { n: s.stats.count, mean: finite(s.stats.mean), sd: finite(s.stats.sd) },
        baseline: baseline ? { mean: baseline.mean, sigma: baseline.sigma } : null,
        spc: liveView(s, openBySeries.get(`${s.line}/${s.characteristic}`) ?? 0),
        lastSampleTs: Number.isFinite(s.lastTs) ? s.lastTs : null,
        lastArrival: Number.isFinite(s.lastArrival) ? s.lastArrival : null,
      };
    });
    series.sort((x, y) => y.contribution - x.contribution || y.score - x.score);

    const summary: EnterpriseRiskSummary = {
      id: e.profile.id,
      name: e.profile.name,
      score: score.score,
      level: score.level,
      registeredClass: e.registered,
      suggestedClass: suggested,
      classDiffers: suggested !== e.registered,
      lastInspection: e.profile.lastInspection,
      nextInspection: next,
      inspectionDue: next <= today,
      activeAlerts,
      topContributors: series
        .filter((s) => s.contribution > 0)
        .slice(0, 3)
        .map((s) => ({ line: s.line, characteristic: s.characteristic, diagnosis: s.diagnosis, score: s.score, share: s.contribution, summary: s.summary })),
      dataAgeMs: Number.isFinite(newestArrival) ? now - newestArrival : null,
      at: now,
    };
    const last = e.history[e.history.length - 1];
    if (!last || now - last.at >= HISTORY_STEP_MS || last.level !== summary.level) {
      e.history.push({ at: now, score: summary.score, level: summary.level });
      if (e.history.length > HISTORY_POINTS) e.history.shift();
    }
    e.summary = summary;
    e.detail = {
      enterprise: { id: e.profile.id, name: e.profile.name, registeredClass: e.registered, lastInspection: e.profile.lastInspection },
      score: summary.score,
      level: summary.level,
      suggestedClass: suggested,
      smoothedScore: e.cls?.smoothed ?? null,
      pendingClass: e.cls?.pending ?? null,
      pendingSince: e.cls?.pendingSince ?? null,
      sampleTime: Number.isFinite(sampleTs) ? sampleTs : null,
      nextInspection: next,
      inspectionDue: summary.inspectionDue,
      history: e.history.slice(),
      series,
      at: now,
    };
    // The regulator's feed: the conditions that hold now become findings once they have held long enough.
    this.findings.update(e.profile.id, findingCandidates(e.detail, episodes, e.profile.gateways ?? [], o.silenceMs, now), now, findingEvents);
    this.findings.level(e.profile.id, summary.level, summary.score, summary.suggestedClass, now, findingEvents);
    return summary;
  }
}
