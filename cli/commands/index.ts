import type { Command } from './command.js';
import { analyticsCommand } from './analytics.js';
import { analyzeCommand } from './analyze.js';
import { arlCommand } from './arl.js';
import { brokerCommand } from './broker.js';
import { dashboardCommand } from './dashboard.js';
import { gatewayCommand } from './gateway.js';
import { hashPasswordCommand } from './hash-password.js';
import { monitorCommand } from './monitor.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { simulateCommand } from './simulate.js';
import { startCommand } from './start.js';

/** Every `linewatch <name>` subcommand, in the order `--help` lists them. */
export const COMMANDS: Readonly<Record<string, Command>> = Object.freeze({
  start: startCommand,
  analyze: analyzeCommand,
  monitor: monitorCommand,
  arl: arlCommand,
  report: reportCommand,
  simulate: simulateCommand,
  replay: replayCommand,
  broker: brokerCommand,
  analytics: analyticsCommand,
  gateway: gatewayCommand,
  dashboard: dashboardCommand,
  'hash-password': hashPasswordCommand,
});
