/** Reads the Prometheus text format (0.0.4) a service's /metrics serves: enough for counters, gauges and histograms. */

export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export function parsePrometheusText(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return out;
}

/** The value of one series: the sample of that name whose labels include `labels`; 0 when absent. */
export function metricValue(samples: readonly MetricSample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value ?? 0;
}

export async function scrapeMetrics(metricsUrl: string): Promise<MetricSample[]> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${metricsUrl}: HTTP ${response.status}`);
  return parsePrometheusText(await response.text());
}
