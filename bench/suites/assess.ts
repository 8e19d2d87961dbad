/**
 * The offline risk assessment's throughput (`linewatch assess` without the
 * CSV parsing): the demo fleet of config/demo.json (8 enterprises, 61
 * series), 20 minutes at 10 Hz, through the live monitor, the risk window,
 * the daily evidence and an assessment of each enterprise every minute of
 * sample time.
 */
import { readFileSync } from 'node:fs';
import { catalogFromConfig, enterpriseProfiles } from '../../core/catalog/config-catalog.js';
import { OfflineAssessment } from '../../core/enterprise-risk/offline-assessment.js';
import { parseConfig } from '../../config/load.js';
import { demoPlanFromConfig } from '../../simulators/demo-from-config.js';
import { Fleet } from '../../simulators/fleet.js';

const MINUTES = 20;

export async function run(): Promise<void> {
  const config = parseConfig(readFileSync('config/demo.json', 'utf8'), 'config/demo.json', 'config');
  const fleet = new Fleet(demoPlanFromConfig(config).plan);
  // Generated first, so the figure is the assessment's alone.
  const refs: number[] = [];
  const ts: number[] = [];
  const values: number[] = [];
  for (let t = 99; t < MINUTES * 60_000; t += 100) {
    fleet.tick(t, (i, at, v) => {
      if (v === null) return;
      refs.push(i);
      ts.push(at);
      values.push(v);
    });
  }
  const offline = new OfflineAssessment({ catalog: catalogFromConfig(config), enterprises: enterpriseProfiles(config), risk: config.risk, live: config.live });
  const series = fleet.series;
  const start = performance.now();
  for (let k = 0; k < refs.length; k++) {
    const s = series[refs[k]];
    offline.reading(s.enterprise, s.line, s.characteristic, ts[k], values[k]);
  }
  offline.finish();
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(`offline assessment: ${refs.length} readings of ${series.length} series in ${seconds.toFixed(2)} s, ${Math.round(refs.length / seconds)} readings/s\n`);
}
