import type { Command } from './command.js';

/**
 * Every `linewatch <name>` subcommand, in the order `--help` lists them. A
 * command's modules load only when it runs: `linewatch monitor` need not
 * load fastify, DuckDB and MQTT (about a second of start-up) to read a CSV.
 */
export interface CommandEntry {
  /** One line for `linewatch --help`. */
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = Object.freeze({
  start: { summary: 'run the whole stack in one process (broker, store, analytics, dashboard, demo)', load: async () => (await import('./start.js')).startCommand },
  analyze: { summary: 'SPC report (capability, rules, EWMA, CUSUM, subgroups) for a CSV series', load: async () => (await import('./analyze.js')).analyzeCommand },
  assess: { summary: 'offline risk assessment of a measurement CSV in sample time (score, diagnoses, class state, daily evidence)', load: async () => (await import('./assess.js')).assessCommand },
  monitor: { summary: 'replay a measurement CSV through the live alert engine (episodes, limits)', load: async () => (await import('./monitor.js')).monitorCommand },
  arl: { summary: 'average run length of an EWMA, CUSUM or Shewhart chart design', load: async () => (await import('./arl.js')).arlCommand },
  report: { summary: 'monthly quality report (capability, alert episodes and causes, risk trend, ranking) as JSON or printable HTML', load: async () => (await import('./report.js')).reportCommand },
  simulate: { summary: 'write synthetic line data (one scenario or a fleet) as measurement CSV', load: async () => (await import('./simulate.js')).simulateCommand },
  replay: { summary: 'replay a measurement CSV through a gateway at a chosen rate', load: async () => (await import('./replay.js')).replayCommand },
  broker: { summary: 'run the MQTT broker (authentication, ACL, TLS) on its own', load: async () => (await import('./broker.js')).brokerCommand },
  analytics: { summary: 'run the analytics service (ingest, store, SPC, alerts) on its own', load: async () => (await import('./analytics.js')).analyticsCommand },
  gateway: { summary: 'run a factory gateway with its disk outbox (source: standard input or a simulator)', load: async () => (await import('./gateway.js')).gatewayCommand },
  dashboard: { summary: 'run the dashboard and HTTP API on its own (alerts over MQTT, InfluxDB store)', load: async () => (await import('./dashboard.js')).dashboardCommand },
  'opcua-browse': {
    summary: "list an OPC UA server's variables (EUROMAP 84 diameter and wall thickness marked) and starter source items",
    load: async () => (await import('./opcua-browse.js')).opcuaBrowseCommand,
  },
  'hash-password': { summary: 'scrypt hash of a password (read from stdin) for the configuration file', load: async () => (await import('./hash-password.js')).hashPasswordCommand },
});
