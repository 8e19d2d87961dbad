import { describe, expect, it } from 'vitest';
import { Histogram, MetricsRegistry } from '../../../ops/metrics.js';

/** A registry without the process metrics, so a test can pin its whole text. */
const bare = () => new MetricsRegistry({ processMetrics: false });

describe('the metrics registry (Prometheus text format 0.0.4)', () => {
  it('renders HELP, TYPE and samples, reading collectors at render time', async () => {
    let stored = 1;
    const registry = bare()
      .counter('linewatch_points_total', 'Points.', ['outcome'], () => [
        { labels: { outcome: 'stored' }, value: stored },
        { labels: { outcome: 'duplicate' }, value: 0 },
      ])
      .gauge('linewatch_alerts_active', 'Open alerts.', () => 3);
    stored = 42;
    expect(await registry.render()).toBe(
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

  it('reads every scrape afresh: a counter follows its source and a label set gone is gone from the text', async () => {
    const refusals = new Map([
      ['bad-password', 1],
      ['topic-denied', 2],
    ]);
    const registry = bare().counter('linewatch_refusals_total', 'Refusals.', ['code'], () => [...refusals].map(([code, value]) => ({ labels: { code }, value })));
    expect(await registry.render()).toContain('linewatch_refusals_total{code="bad-password"} 1\nlinewatch_refusals_total{code="topic-denied"} 2\n');
    refusals.set('bad-password', 5);
    refusals.delete('topic-denied');
    const text = await registry.render();
    expect(text).toContain('linewatch_refusals_total{code="bad-password"} 5\n');
    expect(text).not.toContain('topic-denied');
  });

  it('escapes label values (backslash, quote, line feed) and HELP text', async () => {
    const text = await bare()
      .counter('x_total', 'line one\nback\\slash', ['reason'], () => [
        { labels: { reason: 'value "NaN"\nat\\N' }, value: 1 },
        { labels: { reason: 'a\\b"c\nd' }, value: 2 },
      ])
      .render();
    expect(text).toContain('# HELP x_total line one\\nback\\\\slash\n');
    expect(text).toContain('x_total{reason="value \\"NaN\\"\\nat\\\\N"} 1\n');
    expect(text).toContain('x_total{reason="a\\\\b\\"c\\nd"} 2\n');
  });

  it('writes special values as the format spells them', async () => {
    const text = await bare()
      .gauge('g', 'g', ['k'], () => [
        { labels: { k: 'a' }, value: NaN },
        { labels: { k: 'b' }, value: Infinity },
        { labels: { k: 'c' }, value: -Infinity },
      ])
      .render();
    expect(text).toContain('g{k="a"} NaN\ng{k="b"} +Inf\ng{k="c"} -Inf');
  });

  it('renders histogram buckets cumulative, ending with +Inf, then sum and count', async () => {
    const h = new Histogram('linewatch_store_write_seconds', 'Write latency.', [0.01, 0.1, 1]);
    for (const v of [0.005, 0.01, 0.05, 0.5, 2]) h.observe(v);
    const text = await bare().histogram(h).render();
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

  it('renders other registries (shards in other threads) after its own, summed per metric and label set', async () => {
    const shard = (stored: number, writes: number[]) => {
      const h = new Histogram('linewatch_store_write_seconds', 'Write latency.', [0.01, 0.1]);
      for (const v of writes) h.observe(v);
      return bare()
        .counter('linewatch_points_total', 'Points.', ['outcome'], () => [{ labels: { outcome: 'stored' }, value: stored }])
        .histogram(h);
    };
    const shards = [shard(10, [0.005]), shard(32, [0.05, 0.5])];
    const main = bare()
      .gauge('linewatch_analytics_shards', 'Shards.', () => shards.length)
      .aggregate(async () => Promise.all(shards.map((s) => s.json())));
    const text = await main.render();
    expect(text.startsWith('# HELP linewatch_analytics_shards Shards.\n# TYPE linewatch_analytics_shards gauge\nlinewatch_analytics_shards 2\n')).toBe(true);
    expect(text).toContain('linewatch_points_total{outcome="stored"} 42\n');
    expect(text).toContain(
      [
        'linewatch_store_write_seconds_bucket{le="0.01"} 1',
        'linewatch_store_write_seconds_bucket{le="0.1"} 2',
        'linewatch_store_write_seconds_bucket{le="+Inf"} 3',
        'linewatch_store_write_seconds_sum 0.555',
        'linewatch_store_write_seconds_count 3',
      ].join('\n'),
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('refuses bad names, bad label names, duplicates and unordered buckets, naming them', () => {
    expect(() => bare().gauge('1bad', 'x', () => 0)).toThrow(/invalid metric name '1bad'/);
    expect(() => bare().gauge('a', 'x', ['__reserved'], () => [])).toThrow(/metric 'a': invalid label name '__reserved'/);
    expect(() => bare().gauge('a', 'x', ['bad-label'], () => [])).toThrow(/invalid label name 'bad-label'/);
    expect(() =>
      bare()
        .gauge('a', 'x', () => 0)
        .gauge('a', 'x', () => 0),
    ).toThrow(/'a' registered twice/);
    expect(() => bare().histogram(new Histogram('h', 'x')).histogram(new Histogram('h', 'x'))).toThrow(/'h' registered twice/);
    expect(() => new Histogram('h', 'x', [1, 0.5])).toThrow(/histogram 'h': buckets must be finite and strictly increasing/);
    expect(() => new Histogram('h', 'x', [])).toThrow(/increasing/);
  });

  it('leaves out a collector that throws instead of failing the scrape, and reads it again next time', async () => {
    let broken = true;
    const registry = bare()
      .gauge('broken', 'x', () => {
        if (broken) throw new Error('gone\nfor now');
        return 7;
      })
      .gauge('fine', 'y', () => 1);
    const text = await registry.render();
    expect(text).toContain('# broken not collected: gone\\nfor now\n');
    expect(text).not.toContain('# HELP broken');
    expect(text).toContain('fine 1\n');
    broken = false;
    expect(await registry.render()).toContain('# TYPE broken gauge\nbroken 7\n');
  });

  it('leaves out a counter whose source went down or whose sample carries an undeclared label', async () => {
    const text = await bare()
      .counter('down_total', 'x', () => -1)
      .counter('stray_total', 'y', ['code'], () => [{ labels: { code: 'a', extra: 'b' } as { code: string }, value: 1 }])
      .render();
    expect(text).toContain('# down_total not collected: It is not possible to decrease a counter\n');
    expect(text).toMatch(/^# stray_total not collected: Added label "extra" is not included/m);
  });

  it('renders an empty registry as nothing', async () => {
    expect(await bare().render()).toBe('');
  });
});
