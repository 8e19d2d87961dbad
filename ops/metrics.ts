/**
 * A service's Prometheus metrics, on prom-client, rendered in the text
 * exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
 * Counters and gauges are collector callbacks: prom-client's collect hook
 * reads the services' own counters at scrape time, so nothing is paid per
 * sample. Only a histogram is observed as things happen.
 *
 * Each MetricsRegistry has a prom-client Registry of its own, never
 * prom-client's global one: several services run in one process (the
 * embedded stack, tests), each with its own names to expose. The process's
 * CPU, memory, event-loop and GC metrics are added to each (process-metrics.ts).
 */
import { AggregatorRegistry, Counter, Gauge, Histogram as PromHistogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { processMetrics } from './process-metrics.js';

export type Labels<L extends string = string> = Readonly<Record<L, string>>;

export interface Sample<L extends string = string> {
  readonly labels: Labels<L>;
  readonly value: number;
}

/** Reads the one value of an unlabelled metric at scrape time. */
export type Collect = () => number;

/** Reads one value per label set at scrape time; a label set not returned is not exposed. */
export type CollectSamples<L extends string> = () => readonly Sample<L>[];

/** One registry's samples as data (prom-client's JSON), to send to the thread that serves /metrics. */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** Reads other registries' samples at scrape time (the shards of a sharded analytics service). */
export type ReadParts = () => Promise<readonly MetricsJson[]>;

/** Content-Type of the 0.0.4 text format. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Store write latency buckets. s */
export const STORE_WRITE_BUCKETS: readonly number[] = Object.freeze([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A histogram with fixed buckets, observed as things happen. It is named at
 * birth (prom-client needs the name) and belongs to no registry until a
 * MetricsRegistry adds it.
 */
export class Histogram extends PromHistogram {
  /** Set by prom-client's constructor; its types leave it out. */
  declare readonly name: string;

  constructor(name: string, help: string, buckets: readonly number[] = STORE_WRITE_BUCKETS) {
    checkName(name);
    if (buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
      throw new RangeError(`histogram '${name}': buckets must be finite and strictly increasing, got [${buckets.join(', ')}]`);
    }
    super({ name, help, buckets: [...buckets], registers: [] });
  }
}

export interface MetricsRegistryOptions {
  /** Also expose the process's CPU, memory, event-loop and GC metrics. Default true; off where a test pins the exact text. */
  readonly processMetrics?: boolean;
}

export class MetricsRegistry {
  private readonly registry: Registry;
  private readonly parts: ReadParts[] = [];

  constructor(options: MetricsRegistryOptions = {}) {
    // merge() makes a registry of this service's own that starts with the shared process metrics.
    this.registry = (options.processMetrics ?? true) ? Registry.merge([processMetrics()]) : new Registry();
  }

  counter(name: string, help: string, collect: Collect): this;
  counter<L extends string>(name: string, help: string, labelNames: readonly L[], collect: CollectSamples<L>): this;
  counter(name: string, help: string, labelsOrCollect: readonly string[] | Collect, collect?: CollectSamples<string>): this {
    const { labelNames, read } = this.prepare(name, labelsOrCollect, collect);
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        const samples = read(); // first: a collector that throws leaves the metric as it was
        this.reset(); // a label set gone since the last scrape is gone from the text too
        for (const s of samples) this.inc(s.labels, s.value);
      },
    });
    return this;
  }

  gauge(name: string, help: string, collect: Collect): this;
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: CollectSamples<L>): this;
  gauge(name: string, help: string, labelsOrCollect: readonly string[] | Collect, collect?: CollectSamples<string>): this {
    const { labelNames, read } = this.prepare(name, labelsOrCollect, collect);
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        const samples = read();
        this.reset();
        for (const s of samples) this.set(s.labels, s.value);
      },
    });
    return this;
  }

  histogram(histogram: Histogram): this {
    this.checkNew(histogram.name);
    this.registry.registerMetric(histogram);
    return this;
  }

  /**
   * Renders, after this registry's own metrics, those of other registries
   * read at scrape time, summed per metric and label set (prom-client's
   * AggregatorRegistry: counters, gauges and histogram buckets add up). The
   * parts must not name a metric this registry has.
   */
  aggregate(read: ReadParts): this {
    this.parts.push(read);
    return this;
  }

  /** This registry's samples as data, for another thread to aggregate (`aggregate`). */
  json(): Promise<MetricsJson> {
    return this.registry.getMetricsAsJSON();
  }

  /** The exposition text; a collector that throws is left out (and says so in a comment) rather than failing the scrape. */
  async render(): Promise<string> {
    const families: string[] = [];
    for (const { name } of this.registry.getMetricsAsArray()) {
      try {
        families.push(spellNaN(await this.registry.getSingleMetricAsString(name)));
      } catch (err) {
        families.push(`# ${name} not collected: ${escapeComment(err instanceof Error ? err.message : String(err))}`);
      }
    }
    for (const read of this.parts) {
      try {
        const text = await AggregatorRegistry.aggregate([...(await read())]).metrics();
        if (text.trim() !== '') families.push(spellNaN(text.trimEnd()));
      } catch (err) {
        families.push(`# aggregated metrics not collected: ${escapeComment(err instanceof Error ? err.message : String(err))}`);
      }
    }
    return families.length === 0 ? '' : `${families.join('\n')}\n`;
  }

  private prepare(name: string, labelsOrCollect: readonly string[] | Collect, collect?: CollectSamples<string>): { labelNames: string[]; read: CollectSamples<string> } {
    if (typeof labelsOrCollect === 'function') {
      this.checkNew(name);
      return { labelNames: [], read: () => [{ labels: {}, value: labelsOrCollect() }] };
    }
    if (collect === undefined) throw new TypeError(`metric '${name}': labelled metrics need a collector`);
    for (const label of labelsOrCollect) {
      if (!LABEL.test(label) || label.startsWith('__')) throw new RangeError(`metric '${name}': invalid label name '${label}'`);
    }
    this.checkNew(name);
    return { labelNames: [...labelsOrCollect], read: collect };
  }

  private checkNew(name: string): void {
    checkName(name);
    if (this.registry.getSingleMetric(name) !== undefined) throw new RangeError(`metric '${name}' registered twice`);
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new RangeError(`invalid metric name '${name}'`);
}

/** prom-client writes NaN as `Nan` (lib/util.js); Prometheus reads either, but the format spells it `NaN`. */
function spellNaN(family: string): string {
  return family.replace(/^([^#].*) Nan$/gm, '$1 NaN');
}

/** A comment line escapes backslash and line feed, like HELP text. */
function escapeComment(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
