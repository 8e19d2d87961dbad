import { describe, expect, it } from 'vitest';
import { escapeLabelValue, Histogram, MetricsRegistry } from '../../../ops/metrics.js';

describe('the metrics registry (Prometheus text format 0.0.4)', () => {
  it('renders HELP, TYPE and samples, reading collectors at render time', () => {
    let stored = 1;
    const registry = new MetricsRegistry()
      .counter('linewatch_points_total', 'Points.', () => [
        { labels: { outcome: 'stored' }, value: stored },
        { labels: { outcome: 'duplicate' }, value: 0 },
      ])
      .gauge('linewatch_alerts_active', 'Open alerts.', () => 3);
    stored = 42;
    expect(registry.render()).toBe(
      [
        '# HELP linewatch_points_total Points.',
        '# TYPE linewatch_points_total counter',
        'linewatch_points_total{outcome="stored"} 42',
        'linewatch_points_total{outcome="duplicate"} 0',
        '# HELP linewatch_alerts_active Open alerts.',
        '# TYPE linewatch_alerts_active gauge',
        'linewatch_alerts_active 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values (backslash, quote, line feed) and HELP text', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = new MetricsRegistry().counter('x_total', 'line one\nback\\slash', () => [{ labels: { reason: 'value "NaN"\nat\\N' }, value: 1 }]).render();
    expect(text).toContain('# HELP x_total line one\\nback\\\\slash\n');
    expect(text).toContain('x_total{reason="value \\"NaN\\"\\nat\\\\N"} 1\n');
  });

  it('writes special values as the format spells them', () => {
    const text = new MetricsRegistry().gauge('g', 'g', () => [{ labels: { k: 'a' }, value: NaN }, { labels: { k: 'b' }, value: Infinity }, { labels: { k: 'c' }, value: -Infinity }]).render();
    expect(text).toContain('g{k="a"} NaN\ng{k="b"} +Inf\ng{k="c"} -Inf');
  });

  it('renders histogram buckets cumulative, ending with +Inf, then sum and count', () => {
    const h = new Histogram([0.01, 0.1, 1]);
    for (const v of [0.005, 0.01, 0.05, 0.5, 2]) h.observe(v);
    const text = new MetricsRegistry().histogram('linewatch_store_write_seconds', 'Write latency.', h).render();
    expect(text).toContain('# TYPE linewatch_store_write_seconds histogram\n');
    expect(text).toContain(
      [
        'linewatch_store_write_seconds_bucket{le="0.01"} 2',
        'linewatch_store_write_seconds_bucket{le="0.1"} 3',
        'linewatch_store_write_seconds_bucket{le="1"} 4',
        'linewatch_store_write_seconds_bucket{le="+Inf"} 5',
        'linewatch_store_write_seconds_sum 2.565',
        'linewatch_store_write_seconds_count 5',
      ].join('\n'),
    );
  });

  it('refuses bad names, duplicates and unordered buckets', () => {
    expect(() => new MetricsRegistry().gauge('1bad', 'x', () => 0)).toThrow(/invalid metric name/);
    expect(() => new MetricsRegistry().gauge('a', 'x', () => 0).gauge('a', 'x', () => 0)).toThrow(/twice/);
    expect(() => new Histogram([1, 0.5])).toThrow(/increasing/);
  });

  it('leaves out a collector that throws instead of failing the scrape', () => {
    const text = new MetricsRegistry()
      .gauge('broken', 'x', () => {
        throw new Error('gone');
      })
      .gauge('fine', 'y', () => 1)
      .render();
    expect(text).toContain('# broken not collected: gone\n');
    expect(text).toContain('fine 1\n');
  });
});
