/**
 * The probe: a few of the county's gateways in a process of their own, the
 * same load as every other gateway plus step shifts in their series, timed
 * to two ends (step-shifts.ts): a dashboard-role MQTT client on the alerts
 * topic (alert-watcher.ts, which also resolves each alert so the next shift
 * on that series raises a new one) and the regulator's socket on the
 * dashboard process (socket-watcher.ts). Both clocks are this process's, so
 * the latencies need no clock sync. Keeping it apart from the big load
 * process keeps that process's busy event loop out of the latencies.
 */
import { AlertWatcher } from './alert-watcher.js';
import { enterpriseId, lineId, WATCHER_SERVICE } from './county-config.js';
import { readSettings, runFleetChild } from './fleet-child.js';
import { SocketWatcher } from './socket-watcher.js';
import { StepShifts } from './step-shifts.js';

const settings = readSettings();
if (!settings.dashboard) throw new Error('probe-process: the settings name no dashboard to watch');
const enterprises = Array.from({ length: settings.enterpriseCount }, (_, i) => enterpriseId(settings.firstEnterprise + i));
const shifts = new StepShifts(enterprises, settings.lines, lineId);
const watcher = new AlertWatcher(`mqtt://${settings.mqttHost}:${settings.mqttPort}`, WATCHER_SERVICE, settings.password, (series, firstTs, at) => shifts.raised('mqtt', series, firstTs, at));
const { url, username, password } = settings.dashboard;
const socket = new SocketWatcher(url, username, password, (series, firstTs, at) => shifts.raised('socket', series, firstTs, at));

await runFleetChild(settings, {
  override: (enterprise) => shifts.overrideFor(enterprise),
  onPublished: (enterprise, timestamps, at) => shifts.published(enterprise, timestamps, at),
  onMeasure: (on) => shifts.measure(on, settings.probeEveryMs ?? 250),
  figures: () => ({ ...shifts.figures(), resolveFailures: watcher.resolveFailures, firstResolveFailure: watcher.firstResolveFailure, socketEvents: socket.events }),
  ready: async () => {
    await watcher.start(enterprises);
    await socket.start(enterprises);
  },
  close: async () => {
    shifts.measure(false, 0);
    socket.stop();
    await watcher.stop();
  },
});
