/**
 * The probe: a few of the county's gateways in a process of their own, the
 * same load as every other gateway plus step shifts in their series, and a
 * dashboard-role client timing each shift's alert (step-shifts.ts,
 * alert-watcher.ts). Keeping it apart from the big load process keeps that
 * process's busy event loop out of the latencies.
 */
import { AlertWatcher } from './alert-watcher.js';
import { enterpriseId, lineId, WATCHER_SERVICE } from './county-config.js';
import { readSettings, runFleetChild } from './fleet-child.js';
import { StepShifts } from './step-shifts.js';

const settings = readSettings();
const enterprises = Array.from({ length: settings.enterpriseCount }, (_, i) => enterpriseId(settings.firstEnterprise + i));
const shifts = new StepShifts(enterprises, settings.lines, lineId);
const watcher = new AlertWatcher(`mqtt://${settings.mqttHost}:${settings.mqttPort}`, WATCHER_SERVICE, settings.password, (series, firstTs, at) => shifts.raised(series, firstTs, at));

await runFleetChild(settings, {
  override: (enterprise) => shifts.overrideFor(enterprise),
  onPublished: (enterprise, timestamps, at) => shifts.published(enterprise, timestamps, at),
  onMeasure: (on) => shifts.measure(on, settings.probeEveryMs ?? 250),
  figures: () => shifts.figures(),
  ready: () => watcher.start(enterprises),
  close: async () => {
    shifts.measure(false, 0);
    await watcher.stop();
  },
});
