import { startOpsServer, type OpsServer, type OpsServerOptions } from '../ops/ops-server.js';
import { CliError } from './cli-error.js';
import { integerOption } from './options.js';

export interface OpsFlags {
  'ops-port'?: string;
  'ops-host'?: string;
}

export const OPS_FLAGS = {
  'ops-port': { type: 'string' },
  'ops-host': { type: 'string' },
} as const;

export const OPS_FLAGS_USAGE = `  --ops-port N          serve /healthz, /readyz and /metrics (Prometheus) on this port
                        (none without it; 0 picks a free one)
  --ops-host ADDRESS    bind the operations endpoints here (default 127.0.0.1)`;

/** The operations port, checked before anything starts; undefined when there is none. */
export function opsPortOption(command: string, flags: OpsFlags): number | undefined {
  const port = integerOption(command, 'ops-port', flags['ops-port'], 0, 65535);
  if (flags['ops-host'] !== undefined && flags['ops-host'].trim() === '') throw new CliError('LW_USAGE', `${command}: --ops-host must not be empty`);
  return port;
}

/** Starts the operations endpoints when --ops-port was given, and says where. */
export async function startOpsFromFlags(command: string, flags: OpsFlags, probes: Omit<OpsServerOptions, 'port' | 'host'>): Promise<OpsServer | null> {
  const port = opsPortOption(command, flags);
  if (port === undefined) return null;
  try {
    const server = await startOpsServer({ ...probes, port, host: flags['ops-host'] });
    process.stdout.write(`linewatch ${command}: operations endpoints on ${server.url} (/healthz, /readyz, /metrics)\n`);
    return server;
  } catch (err) {
    throw new CliError('LW_RUNTIME', `${command}: cannot serve the operations endpoints: ${(err as Error).message}`);
  }
}
