/**
 * A tiny metrics registry that renders the Prometheus text exposition format
 * 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
 * Counters and gauges are collector callbacks: they read the services' own
 * counters at scrape time, so nothing is paid per sample. Only the
 * histogram is observed as things happen, with a fixed set of buckets.
 */

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels?: Labels;
  readonly value: number;
}

/** One value, or one value per label set. */
export type Collect = () => number | readonly Sample[];

/** Content-Type of the 0.0.4 text format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Store write latency buckets. s */
export const STORE_WRITE_BUCKETS: readonly number[] = Object.freeze([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);

/** Fixed buckets, counted per bucket; rendered cumulative, as the format wants. */
export class Histogram {
  readonly buckets: readonly number[];
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(buckets: readonly number[] = STORE_WRITE_BUCKETS) {
    if (buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
      throw new RangeError('histogram buckets must be finite and strictly increasing');
    }
    this.buckets = Object.freeze([...buckets]);
    this.counts = new Array<number>(buckets.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]) i++;
    this.counts[i] += 1;
    this.sum += value;
    this.count += 1;
  }

  /** Cumulative counts per upper bound, the last being +Inf (= count). */
  snapshot(): { cumulative: number[]; sum: number; count: number } {
    let running = 0;
    return { cumulative: this.counts.map((c) => (running += c)), sum: this.sum, count: this.count };
  }
}

type Family =
  | { readonly type: 'counter' | 'gauge'; readonly name: string; readonly help: string; readonly collect: Collect }
  | { readonly type: 'histogram'; readonly name: string; readonly help: string; readonly histogram: Histogram; readonly labels: Labels };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string, collect: Collect): this {
    return this.add({ type: 'counter', name, help, collect });
  }

  gauge(name: string, help: string, collect: Collect): this {
    return this.add({ type: 'gauge', name, help, collect });
  }

  histogram(name: string, help: string, histogram: Histogram, labels: Labels = {}): this {
    return this.add({ type: 'histogram', name, help, histogram, labels });
  }

  /** The exposition text; a collector that throws is left out (and says so in a comment) rather than failing the scrape. */
  render(): string {
    const out: string[] = [];
    for (const f of this.families.values()) {
      let lines: string[];
      try {
        lines = f.type === 'histogram' ? histogramLines(f.name, f.histogram, f.labels) : sampleLines(f.name, f.collect());
      } catch (err) {
        out.push(`# ${f.name} not collected: ${escapeHelp((err as Error).message)}`);
        continue;
      }
      out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...lines);
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }

  private add(family: Family): this {
    if (!NAME.test(family.name)) throw new RangeError(`invalid metric name '${family.name}'`);
    if (this.families.has(family.name)) throw new RangeError(`metric '${family.name}' registered twice`);
    this.families.set(family.name, family);
    return this;
  }
}

function sampleLines(name: string, collected: number | readonly Sample[]): string[] {
  const samples = typeof collected === 'number' ? [{ value: collected }] : collected;
  return samples.map((s) => `${name}${labelText(s.labels)} ${formatValue(s.value)}`);
}

function histogramLines(name: string, h: Histogram, labels: Labels): string[] {
  const { cumulative, sum, count } = h.snapshot();
  const bounds = [...h.buckets.map(formatValue), '+Inf'];
  return [
    ...bounds.map((le, i) => `${name}_bucket${labelText({ ...labels, le })} ${cumulative[i]}`),
    `${name}_sum${labelText(labels)} ${formatValue(sum)}`,
    `${name}_count${labelText(labels)} ${count}`,
  ];
}

function labelText(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  for (const [k] of entries) if (!LABEL.test(k) || k.startsWith('__')) throw new RangeError(`invalid label name '${k}'`);
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** Label values escape backslash, double quote and line feed (format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
