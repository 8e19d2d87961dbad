/**
 * What the benchmark process and its two load processes (gateways, probe)
 * say to each other over the IPC channel of `fork`.
 */
import type { GatewayTally } from './wire-gateway.js';
import type { ProbeFigures } from './probe-figures.js';

/** Given to a load process as its one argument (JSON). */
export interface FleetSettings {
  readonly mqttHost: string;
  readonly mqttPort: number;
  readonly password: string;
  /** County-wide indices of the enterprises this process drives. */
  readonly firstEnterprise: number;
  readonly enterpriseCount: number;
  readonly countySize: number;
  readonly lines: number;
  readonly hz: number;
  readonly readingsPerBatch: number;
  readonly window: number;
  /** The probe process only: a step shift every this many ms while measuring. */
  readonly probeEveryMs?: number;
  /** The probe process only: the dashboard whose live channel it watches, and the regulator it logs in as. */
  readonly dashboard?: { readonly url: string; readonly username: string; readonly password: string };
}

export type ToChild = { readonly type: 'start'; readonly t0: number } | { readonly type: 'measure'; readonly on: boolean } | { readonly type: 'finish' } | { readonly type: 'exit' };

export type FromChild =
  | { readonly type: 'connected'; readonly gateways: number; readonly ms: number }
  | { readonly type: 'tally'; readonly tally: GatewayTally; readonly probe?: ProbeFigures }
  | { readonly type: 'failed'; readonly message: string };
