import type { Baseline } from './baseline.js';
import { CusumChart, type CusumState } from './cusum.js';
import { EwmaChart, type EwmaState } from './ewma.js';
import type { SpcOptions } from './options.js';
import { ZoneRules, type ZoneRulesState } from './zone-rules.js';

export interface IndividualsChartsState {
  index: number;
  zones: ZoneRulesState;
  ewma: EwmaState;
  cusum: CusumState;
}

/**
 * Every individuals chart of docs/spc-conventions.md run together against one
 * baseline. This single class is what both the batch analysis and the
 * streaming monitor call per sample, so the two cannot disagree.
 */
export class IndividualsCharts {
  private readonly zones: ZoneRules;
  private readonly ewmaChart: EwmaChart;
  private readonly cusumChart: CusumChart;
  private nextIndex = 0;

  constructor(
    readonly baseline: Baseline,
    options: SpcOptions,
  ) {
    this.zones = new ZoneRules(baseline.mean, baseline.sigma);
    this.ewmaChart = new EwmaChart(baseline.mean, baseline.sigma, options.ewmaLambda, options.ewmaL);
    this.cusumChart = new CusumChart(baseline.mean, baseline.sigma, options.cusumK, options.cusumH);
  }

  /** Evaluates the next sample; returns its SIGNAL flags (0 when none). */
  update(x: number): number {
    this.nextIndex += 1;
    return this.zones.update(x) | this.ewmaChart.update(x) | this.cusumChart.update(x);
  }

  /** Index the next sample will have (samples seen so far). */
  get index(): number {
    return this.nextIndex;
  }

  get ewma(): number {
    return this.ewmaChart.statistic;
  }

  get cusumUpper(): number {
    return this.cusumChart.upper;
  }

  get cusumLower(): number {
    return this.cusumChart.lower;
  }

  snapshot(): IndividualsChartsState {
    return { index: this.nextIndex, zones: this.zones.snapshot(), ewma: this.ewmaChart.snapshot(), cusum: this.cusumChart.snapshot() };
  }

  restore(state: IndividualsChartsState): void {
    this.nextIndex = state.index;
    this.zones.restore(state.zones);
    this.ewmaChart.restore(state.ewma);
    this.cusumChart.restore(state.cusum);
  }
}
