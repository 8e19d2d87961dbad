import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/cli-error.js';
import { liveConfig } from '../../../cli/live-config.js';
import { DEFAULT_LIVE_OPTIONS } from '../../../monitor/options.js';

const error = (json: unknown): string => {
  try {
    liveConfig('monitor', 'live.json', json);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('LW_CONFIG');
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('liveConfig', () => {
  it('gives the defaults for an empty object, and for a linewatch configuration without a live section', () => {
    expect(liveConfig('monitor', '', {}).options).toEqual(DEFAULT_LIVE_OPTIONS);
    const config = liveConfig('monitor', 'demo.json', { version: 1, enterprises: [], products: [] });
    expect(config.options).toEqual(DEFAULT_LIVE_OPTIONS);
    expect(config.byCharacteristic.size).toBe(0);
  });

  it('reads the options from a plain object or from a live section, overrides per characteristic on top', () => {
    for (const json of [
      { falseAlarmsPerSeriesPerWeek: 2, charts: ['cusumLarge', 'ewma'], byCharacteristic: { sheath_thickness: { baselineMinutes: 15 } } },
      { version: 1, live: { falseAlarmsPerSeriesPerWeek: 2, charts: ['cusumLarge', 'ewma'], byCharacteristic: { sheath_thickness: { baselineMinutes: 15 } } } },
    ]) {
      const config = liveConfig('monitor', 'live.json', json);
      expect(config.options).toMatchObject({ falseAlarmsPerSeriesPerWeek: 2, charts: ['cusumLarge', 'ewma'], baselineMinutes: 30 });
      expect(config.design.charts.map((c) => c.name)).toEqual(['cusumLarge', 'ewma']);
      const sheath = config.byCharacteristic.get('sheath_thickness');
      expect(sheath?.options).toMatchObject({ falseAlarmsPerSeriesPerWeek: 2, charts: ['cusumLarge', 'ewma'], baselineMinutes: 15 });
      expect(sheath?.design.baselineSubgroups).toBe(900);
    }
  });

  it('refuses what would silently change the false-alarm rate, naming the path', () => {
    expect(error([])).toBe('monitor: live.json: expected a JSON object of live monitor options');
    expect(error({ live: 3 })).toBe('monitor: live.json: live: expected an object of live monitor options');
    expect(error({ falseAlarmPerWeek: 1 })).toMatch(/^monitor: live\.json: falseAlarmPerWeek: unknown option \(known: subgroupMs, .*, byCharacteristic\)$/);
    expect(error({ live: { clipSigma: '4' } })).toBe('monitor: live.json: live.clipSigma: expected a number, got "4"');
    expect(error({ charts: 'cusumSmall' })).toBe('monitor: live.json: charts: expected a list of chart names');
    expect(error({ baselineMinutes: 0.5 })).toMatch(/^monitor: live\.json: baselineMinutes 0\.5 holds 30 subgroups of 1000 ms; Phase I needs at least 40$/);
    expect(error({ byCharacteristic: { c: { byCharacteristic: {} } } })).toMatch(/^monitor: live\.json: byCharacteristic\.c\.byCharacteristic: unknown option \(known: [^)]*ewmaLambda[^)]*\)$/);
    expect(error({ byCharacteristic: { c: { charts: ['cusumSmall', 'cusumSmall'] } } })).toMatch(/byCharacteristic\.c: charts: 'cusumSmall, cusumSmall' names a chart twice/);
  });
});
