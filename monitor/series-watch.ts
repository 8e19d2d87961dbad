import { copyAlert, type Alert, type AlertEvent, type SeriesRef } from './alert.js';
import { designLiveCharts, type LiveDesign } from './design.js';
import type { EpisodeBook } from './episode-book.js';
import type { BaselineProgress, LimitsReason, LockedLimits } from './limits.js';
import { LIVE_SIGNAL, LiveCharts, type LiveChartsState } from './live-charts.js';
import { baselineSubgroups, LIVE_CHARTS, type LiveMonitorOptions } from './options.js';
import { OutOfSpecStretch, type OutOfSpecState } from './out-of-spec.js';
import { PhaseOne, type PhaseOneState } from './phase-one.js';

export interface SpecLimits {
  readonly lsl: number | null;
  readonly usl: number | null;
}

/** Serialisable state of a SeriesWatch, for checkpoints across restarts. */
export interface SeriesWatchState {
  /** `sum` winsorised (what is charted), `rawSum` as read (what an episode reports as the shift); absent in older checkpoints. */
  subgroup: { id: number; sum: number; rawSum?: number; count: number; lastTs: number; lastValue: number };
  phase: PhaseOneState | null;
  limitsHistory: LockedLimits[];
  /** Whether limits from the history are in force (false while a new Phase I runs). */
  locked: boolean;
  /** The version in force when locked: the newest, unless a changeover took up an earlier product's (absent in older checkpoints: the newest). */
  currentVersion?: number;
  pendingReason: LimitsReason;
  product: string | null;
  charts: LiveChartsState | null;
  previousId: number;
  previousDev: number | null;
  stretch: OutOfSpecState;
  replayedUntil: number | null;
  skippedSubgroups: number;
  /**
   * The open episode when it was counted on in place since its last event
   * (out-of-spec readings, published at the next subgroup close): an episode
   * book rebuilt from the stored events lacks those counts. Absent in older
   * checkpoints.
   */
  pending?: Alert | null;
}

/**
 * The live alert engine for one series (monitor/README.md): readings go in
 * one at a time, in time order; alert-episode events come out.
 *
 * - Every reading is checked against the spec: product out of spec opens or
 *   extends an episode at once, whatever the budget.
 * - Readings are gathered into subgroups of `subgroupMs` of sample time.
 * - Phase I collects subgroups until the baseline is long enough and
 *   stable, then locks the limits (versioned).
 * - From then on each subgroup mean becomes a standardised AR(1) residual,
 *   charted by the budgeted charts (clipped for those with memory); a
 *   signal opens or counts on the series' episode and restarts the charts.
 * - An episode resolves itself after `autoResolveMinutes` with no signal
 *   and no product out of spec.
 *
 * Sample time only: no clock inside. O(1) time per reading, and no
 * allocation except when an event is produced.
 */
export class SeriesWatch {
  readonly design: LiveDesign;
  private spec: SpecLimits;
  private readonly subgroupMs: number;
  private readonly sub = { id: NaN, sum: 0, rawSum: 0, count: 0, lastTs: NaN, lastValue: NaN };
  private phase: PhaseOne | null;
  private readonly history: LockedLimits[] = [];
  private current: LockedLimits | null = null;
  private pendingReason: LimitsReason = 'initial';
  private productId: string | null;
  private charts: LiveCharts | null = null;
  private previousId = NaN;
  private previousDev = NaN;
  private readonly stretch: OutOfSpecStretch;
  /** Where readings are winsorised for the charts: mu0 -/+ winsorSigma sigma, or +/-Infinity during Phase I. */
  private low = -Infinity;
  private high = Infinity;
  /** The series' open episode (null when none, or when the one held was resolved elsewhere). */
  private episode: Alert | null = null;
  /** The open episode changed in place since it was last published. */
  private dirty = false;
  /** Signals at or before this sample time were counted before a restart (the book's replayed events say so). */
  private replayedUntil = -Infinity;
  /** From a checkpoint: the open episode's unpublished counts, for adoptEpisodes. */
  private pendingEpisode: Alert | null = null;
  /** Subgroups too thin to chart (fewer readings than minSubgroupFill of the baseline's). */
  skippedSubgroups = 0;
  /** Metre position of the latest out-of-spec reading that had one (NaN: none yet since start). */
  private lastOutPositionM = Number.NaN;

  constructor(
    readonly series: SeriesRef,
    spec: SpecLimits,
    readonly options: LiveMonitorOptions,
    product: string | null = null,
  ) {
    this.spec = spec;
    this.design = designLiveCharts(options);
    this.subgroupMs = options.subgroupMs;
    this.phase = new PhaseOne(baselineSubgroups(options));
    this.stretch = new OutOfSpecStretch(options.outOfSpecGapMs);
    this.productId = product;
  }

  /**
   * Takes the next reading (finite; validated upstream; newer than the last)
   * and appends the episode events it causes to `events`. `now` is the time
   * stamped on events: server time live, sample time in a backtest.
   * Returns the LIVE_SIGNAL flags of the subgroup this reading closed (0
   * when it closed none, or that one did not signal).
   */
  push(ts: number, value: number, book: EpisodeBook, now: number, events: AlertEvent[], positionM = Number.NaN): number {
    const id = Math.floor(ts / this.subgroupMs);
    const mask = id !== this.sub.id && this.sub.count > 0 ? this.closeSubgroup(book, now, events) : 0;
    const sub = this.sub;
    sub.id = id;
    // Winsorised about mu0 once the limits are locked (options.winsorSigma); Phase I takes raw readings.
    sub.sum += Math.min(this.high, Math.max(value, this.low));
    sub.rawSum += value;
    sub.count += 1;
    sub.lastTs = ts;
    sub.lastValue = value;
    if (this.phase !== null) this.phase.addReading(value);
    const { lsl, usl } = this.spec;
    const below = lsl !== null && value < lsl;
    if (below || (usl !== null && value > usl)) this.outOfSpec(ts, value, below, book, now, events, positionM);
    return mask;
  }

  /** Closes the subgroup in progress (the end of a backtest, or a series gone quiet). */
  flush(book: EpisodeBook, now: number, events: AlertEvent[]): number {
    return this.sub.count > 0 ? this.closeSubgroup(book, now, events) : 0;
  }

  /**
   * Starts a new Phase I: on request (a regulator or the enterprise accepts a
   * new level), or because the line changed product. Until the new limits
   * lock, no chart runs; product out of spec is still reported.
   */
  reestablish(reason: Exclude<LimitsReason, 'initial'>, product: string | null = this.productId): void {
    this.pendingReason = reason;
    this.productId = product;
    this.current = null;
    this.charts = null;
    this.low = -Infinity;
    this.high = Infinity;
    this.phase = new PhaseOne(baselineSubgroups(this.options));
    this.previousDev = NaN;
    // The readings of the subgroup in progress were taken before the change: they are no part of the new baseline.
    this.sub.sum = 0;
    this.sub.rawSum = 0;
    this.sub.count = 0;
  }

  /**
   * The line now makes `product` with these spec limits. A product made here
   * before takes up its own newest limits again at once (each product has
   * its own level and spread: a BV-2.5 conductor is not a shifted BV-1.5
   * one); a new one starts its own Phase I. Either way the charts start
   * afresh and the subgroup in progress, of the old product, is dropped, so
   * a changeover is never read as a shift.
   */
  changeProduct(product: string, spec: SpecLimits): void {
    this.spec = spec;
    if (product === this.productId) return;
    const own = this.newestLimitsOf(product);
    if (own === null) {
      this.reestablish('product-change', product);
      return;
    }
    this.productId = product;
    this.pendingReason = 'product-change';
    this.phase = null;
    this.current = own;
    this.setWinsorBounds(own);
    this.charts = new LiveCharts(this.design, this.options.clipSigma);
    this.previousDev = NaN;
    this.sub.sum = 0;
    this.sub.rawSum = 0;
    this.sub.count = 0;
  }

  /** The newest limits locked while the line made `product`, or null. */
  private newestLimitsOf(product: string): LockedLimits | null {
    for (let i = this.history.length - 1; i >= 0; i--) if (this.history[i].product === product) return this.history[i];
    return null;
  }

  /** The limits in force, or null during Phase I. */
  get limits(): LockedLimits | null {
    return this.current;
  }

  /** Every version of the limits this series has locked, oldest first. */
  get limitsHistory(): readonly LockedLimits[] {
    return this.history;
  }

  get product(): string | null {
    return this.productId;
  }

  /** Phase I's progress while no limits are in force, else null. */
  get baseline(): BaselineProgress | null {
    const p = this.phase;
    return p === null ? null : { subgroups: p.collected, needed: p.needed, refused: p.refused, lastRefusal: p.lastRefusal };
  }

  /** 0 (at rest) to 1 (at a signal): how close the charts are to signalling. */
  get pressure(): number {
    return this.charts?.pressure ?? 0;
  }

  private closeSubgroup(book: EpisodeBook, now: number, events: AlertEvent[]): number {
    const sub = this.sub;
    const mean = sub.sum / sub.count;
    let mask = 0;
    if (this.phase !== null) {
      const locked = this.phase.addSubgroup(sub.id, mean, sub.lastTs, this.history.length + 1, this.pendingReason, this.productId);
      if (locked !== null) this.lock(locked);
    } else if (this.current !== null && this.charts !== null) {
      mask = this.chart(this.current, this.charts, mean, book, now, events);
    }
    const episode = this.openEpisode();
    if (episode !== null) {
      const quietFor = sub.lastTs - episode.lastSampleTs;
      if (quietFor >= this.options.autoResolveMinutes * 60_000 && !this.stretch.ongoingAt(sub.lastTs)) {
        events.push(book.autoResolve(episode, sub.lastTs, now));
        this.episode = null;
        this.dirty = false;
      } else if (this.dirty) {
        events.push(book.eventOf(episode, 'updated', now));
        this.dirty = false;
      }
    }
    sub.sum = 0;
    sub.rawSum = 0;
    sub.count = 0;
    return mask;
  }

  private lock(limits: LockedLimits): void {
    this.current = limits;
    this.setWinsorBounds(limits);
    this.history.push(limits);
    this.phase = null;
    this.charts = new LiveCharts(this.design, this.options.clipSigma);
    this.previousDev = NaN;
  }

  private setWinsorBounds(limits: LockedLimits): void {
    const w = this.options.winsorSigma * limits.sdReadings;
    this.low = limits.mean - w;
    this.high = limits.mean + w;
  }

  private chart(limits: LockedLimits, charts: LiveCharts, mean: number, book: EpisodeBook, now: number, events: AlertEvent[]): number {
    const sub = this.sub;
    const fill = sub.count / limits.readingsPerSubgroup;
    if (fill < this.options.minSubgroupFill) {
      this.skippedSubgroups += 1;
      this.previousDev = NaN;
      return 0;
    }
    // A mean of fewer (or more) readings than the baseline's spreads as 1/sqrt(count).
    const scale = fill >= 1 ? 1 : Math.sqrt(1 / fill);
    const dev = mean - limits.mean;
    const follows = sub.id === this.previousId + 1 && !Number.isNaN(this.previousDev);
    // The AR(1) residual whitens consecutive means; after a gap the mean is standardised on its own.
    // The charts clip it (options.clipSigma) where they need to.
    const z = follows ? (dev - limits.phi * this.previousDev) / (limits.sdResidual * scale) : dev / (limits.sdMean * scale);
    this.previousId = sub.id;
    this.previousDev = dev;
    const mask = charts.update(z);
    if (mask === 0 || sub.lastTs <= this.replayedUntil) return mask;
    // The shift people read is the raw mean's: winsorising caps a subgroup mean at winsorSigma.
    const shiftSigma = limits.sdReadings > 0 ? (sub.rawSum / sub.count - limits.mean) / limits.sdReadings : 0;
    for (const name of LIVE_CHARTS) {
      if ((mask & LIVE_SIGNAL[name]) === 0) continue;
      const event = book.signal(this.series, name, sub.lastTs, mean, now, { limitsVersion: limits.version, shiftSigma });
      if (event === null) continue;
      events.push(event);
      this.episode = book.get(event.alert.id) ?? null;
    }
    return mask;
  }

  private outOfSpec(ts: number, value: number, below: boolean, book: EpisodeBook, now: number, events: AlertEvent[], positionM: number): void {
    // The stretch is followed through a replay after a restart too, so the readings after it continue it.
    const step = this.stretch.add(ts);
    if (ts <= this.replayedUntil) return; // a replay after a restart: counted before
    let episode = this.openEpisode();
    const limitsVersion = this.current?.version ?? null;
    if (episode === null || !episode.rules.some((r) => r.rule === 'outOfSpec')) {
      const event = book.signal(this.series, 'outOfSpec', ts, value, now, { limitsVersion });
      if (event === null) return;
      episode = book.get(event.alert.id) ?? null;
      this.episode = episode;
      if (episode === null) return;
      this.addEvidence(episode, step, below, positionM);
      events.push(book.eventOf(episode, event.kind, now));
    } else {
      book.countQuietly(episode, 'outOfSpec', ts, value);
      this.addEvidence(episode, step, below, positionM);
      this.dirty = true;
    }
    if (this.stretch.lengthMs >= this.options.outOfSpecCriticalMs && book.raiseSeverity(episode, 'critical')) {
      events.push(book.eventOf(episode, 'escalated', now));
      this.dirty = false;
    }
  }

  private addEvidence(episode: Alert, step: 'new' | 'continued', below: boolean, positionM: number): void {
    const e = (episode.outOfSpec ??= { readings: 0, below: 0, above: 0, stretches: 0, longestMs: 0, totalMs: 0 });
    e.readings += 1;
    if (below) e.below += 1;
    else e.above += 1;
    if (step === 'new') e.stretches += 1;
    else e.totalMs += this.stretch.lastStepMs;
    if (this.stretch.lengthMs > e.longestMs) e.longestMs = this.stretch.lengthMs;
    if (!Number.isFinite(positionM)) return;
    // Metres between consecutive out-of-spec readings of one stretch; a position that went back is a new reel or run, not negative length.
    const previous = this.lastOutPositionM;
    e.metres = (e.metres ?? 0) + (step === 'continued' && positionM > previous ? positionM - previous : 0);
    e.firstPositionM ??= positionM;
    e.lastPositionM = positionM;
    this.lastOutPositionM = positionM;
  }

  /** The series' open episode, or null (one resolved by a person in the meantime no longer counts). */
  private openEpisode(): Alert | null {
    const e = this.episode;
    if (e !== null && e.status === 'resolved') {
      // Its resolution event carried its state: nothing of it is left to publish.
      this.episode = null;
      this.dirty = false;
    }
    return this.episode;
  }

  /** Takes up the open episode an episode book holds for this series (after a restart). */
  adoptEpisodes(book: EpisodeBook): void {
    this.episode = book.openFor(this.series) ?? null;
    this.replayedUntil = Math.max(this.replayedUntil, book.lastCountedFor(this.series));
    const pending = this.pendingEpisode;
    this.pendingEpisode = null;
    const held = this.episode;
    // The checkpoint counted more on the open episode than its stored events say (and nothing newer was
    // stored): take those counts up and publish them at the next subgroup close, as an uninterrupted run would.
    if (pending !== null && held !== null && held.id === pending.id && pending.lastSampleTs > held.lastSampleTs) {
      const { count, lastSampleTs, lastValue, rules, outOfSpec } = copyAlert(pending);
      Object.assign(held, { count, lastSampleTs, lastValue, rules, outOfSpec });
      this.dirty = true;
    }
  }

  snapshot(): SeriesWatchState {
    return {
      subgroup: { ...this.sub },
      phase: this.phase?.snapshot() ?? null,
      limitsHistory: [...this.history],
      locked: this.current !== null,
      ...(this.current !== null ? { currentVersion: this.current.version } : {}),
      pendingReason: this.pendingReason,
      product: this.productId,
      charts: this.charts?.snapshot() ?? null,
      previousId: this.previousId,
      previousDev: Number.isNaN(this.previousDev) ? null : this.previousDev,
      stretch: this.stretch.snapshot(),
      replayedUntil: Number.isFinite(this.replayedUntil) ? this.replayedUntil : null,
      skippedSubgroups: this.skippedSubgroups,
      pending: this.pendingEpisode ?? (this.dirty && this.episode !== null && this.episode.status !== 'resolved' ? copyAlert(this.episode) : null),
    };
  }

  static restore(series: SeriesRef, spec: SpecLimits, options: LiveMonitorOptions, state: SeriesWatchState): SeriesWatch {
    const w = new SeriesWatch(series, spec, options, state.product);
    const num = (x: number | null | undefined): number => (typeof x === 'number' ? x : NaN);
    Object.assign(w.sub, {
      id: num(state.subgroup.id),
      sum: state.subgroup.sum,
      rawSum: state.subgroup.rawSum ?? state.subgroup.sum,
      count: state.subgroup.count,
      lastTs: num(state.subgroup.lastTs),
      lastValue: num(state.subgroup.lastValue),
    });
    w.history.push(...state.limitsHistory.map((l) => Object.freeze({ ...l })));
    w.pendingReason = state.pendingReason;
    if (state.locked && w.history.length > 0) {
      w.current = w.history.find((l) => l.version === state.currentVersion) ?? w.history[w.history.length - 1];
      w.setWinsorBounds(w.current);
      w.phase = null;
      w.charts = new LiveCharts(w.design, options.clipSigma);
      if (state.charts) w.charts.restore(state.charts);
    } else if (state.phase) {
      w.phase = new PhaseOne(state.phase.needed, { ...state.phase, reference: num(state.phase.reference), previousId: num(state.phase.previousId), previousDev: num(state.phase.previousDev) });
    }
    w.previousId = num(state.previousId);
    w.previousDev = num(state.previousDev);
    w.stretch.restore({ startTs: num(state.stretch.startTs), lastTs: num(state.stretch.lastTs) });
    w.replayedUntil = state.replayedUntil ?? -Infinity;
    w.skippedSubgroups = state.skippedSubgroups;
    w.pendingEpisode = state.pending ?? null;
    return w;
  }
}
