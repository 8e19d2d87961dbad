/**
 * The fault suites' rig: a configuration with several enterprises (one line,
 * one gateway each), and the real services as their own processes: the
 * broker, the analytics service and `linewatch gateway --stdin` gateways with
 * disk outboxes, fed by the test through their standard input at a steady
 * rate. What the test wrote is what was sent; the store and the services'
 * /metrics say what was stored, rejected and refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../security/password.js';
import { openStore } from '../../store/open-store.js';
import type { StoreConfig } from '../../store/config.js';
import { freePort } from './ports.js';
import { startLinewatch, type ServiceProcess } from './processes.js';
import { CaseSummary } from './case-summary.js';
import { startInfluxd, type InfluxTestServer } from './influxd.js';

export const FAULT_PASSWORDS = Object.freeze({ gateway: 'fault-gateway', analytics: 'fault-analytics', dashboard: 'fault-dashboard' });
export const LINE = 'L1';
/** In control, well inside BV 1.5's limits (resistance <= 12.1 ohm/km, insulation >= 0.53 mm). */
export const IN_CONTROL = Object.freeze({ conductor_resistance: { mean: 11.7, sd: 0.05 }, insulation_thickness: { mean: 0.7, sd: 0.01 } });
export type FaultCharacteristic = keyof typeof IN_CONTROL;

export interface FaultRig {
  readonly dir: string;
  readonly config: string;
  readonly mqttPort: number;
  readonly store: StoreConfig;
  readonly enterprises: readonly string[];
}

export const gatewayOf = (enterprise: string) => `${enterprise}-gw`;

export async function makeFaultRig(enterprises: readonly string[], store: (dir: string) => StoreConfig = (dir) => ({ kind: 'embedded', dataDir: join(dir, 'data') })): Promise<FaultRig> {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-faults-'));
  const mqttPort = await freePort();
  const hash = (pw: string) => hashPassword(pw, { N: 1024 });
  const gatewayHash = await hash(FAULT_PASSWORDS.gateway);
  const storeConfig = store(dir);
  const file = {
    version: 1,
    enterprises: enterprises.map((id) => ({ id, name: id, class: 'B', lastInspection: '2026-03-01', lines: [{ id: LINE, product: 'BV-1.5' }] })),
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { conductor_resistance: { usl: 12.1 }, insulation_thickness: { lsl: 0.53, nominal: 0.7 } } }],
    gateways: enterprises.map((id) => ({ id: gatewayOf(id), enterprise: id, passwordHash: gatewayHash })),
    services: [
      { id: 'analytics', role: 'analytics', passwordHash: await hash(FAULT_PASSWORDS.analytics) },
      { id: 'dashboard', role: 'dashboard', passwordHash: await hash(FAULT_PASSWORDS.dashboard) },
    ],
    users: [],
    spc: { baseline: 50 },
    store: storeConfig,
    mqtt: { listen: { port: mqttPort, host: '127.0.0.1' } },
  };
  const config = join(dir, 'linewatch.json');
  writeFileSync(config, JSON.stringify(file, null, 2));
  return { dir, config, mqttPort, store: storeConfig, enterprises };
}

export async function startBroker(rig: FaultRig): Promise<ServiceProcess> {
  const broker = startLinewatch('broker', ['broker', '--config', rig.config]);
  await broker.waitFor(/listening/i);
  return broker;
}

export interface MeasuredProcess {
  readonly proc: ServiceProcess;
  /** Base URL of its /metrics. */
  readonly ops: string;
}

export async function startAnalytics(rig: FaultRig): Promise<MeasuredProcess> {
  const proc = startLinewatch('analytics', ['analytics', '--config', rig.config, '--ops-port', '0'], { LINEWATCH_MQTT_PASSWORD: FAULT_PASSWORDS.analytics });
  await proc.waitFor(/linewatch analytics: connected/);
  await proc.waitFor(/operations endpoints on http:\/\/\S+/);
  return { proc, ops: opsUrl(proc) };
}

/** A gateway process reading `line,characteristic,ts,value` lines from the test. */
export interface StdinGateway extends MeasuredProcess {
  readonly enterprise: string;
  /** Writes readings; returns false when the pipe is full (the gateway holds its source back). */
  write(points: ReadonlyArray<{ characteristic: string; ts: number; value: number | string }>): boolean;
  /** Bytes written but not yet taken by the gateway. */
  readonly pendingBytes: number;
  /** Ends the input: the gateway closes its last batch. */
  end(): void;
}

export async function startStdinGateway(rig: FaultRig, enterprise: string, extra: string[] = [], mqttUrl?: string): Promise<StdinGateway> {
  const args = ['gateway', '--config', rig.config, '--gateway', gatewayOf(enterprise), '--stdin', '--outbox', join(rig.dir, `outbox-${enterprise}`), '--ops-port', '0', ...extra];
  if (mqttUrl) args.push('--mqtt', mqttUrl);
  const proc = startLinewatch(`gateway ${enterprise}`, args, { LINEWATCH_GATEWAY_PASSWORD: FAULT_PASSWORDS.gateway }, { stdin: true });
  await proc.waitFor(/operations endpoints on http:\/\/\S+/);
  const stdin = proc.child.stdin!;
  return {
    enterprise,
    proc,
    ops: opsUrl(proc),
    write: (points) => stdin.write(points.map((p) => `${LINE},${p.characteristic},${p.ts},${p.value}\n`).join('')),
    get pendingBytes() {
      return stdin.writableLength;
    },
    end: () => stdin.end(),
  };
}

function opsUrl(proc: ServiceProcess): string {
  const m = /operations endpoints on (http:\/\/[^\s/]+)/.exec(proc.output());
  if (!m) throw new Error(`${proc.name}: no operations URL in its output`);
  return m[1]!;
}

/** Sums a metric's samples (optionally those whose labels include `labels`) from a /metrics endpoint. */
export async function metric(ops: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${ops}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** What an analytics process says it did with the points it stored: charted live, or kept as a historical backlog. */
export interface ChartedCounts {
  readonly charted: number;
  readonly historical: number;
}

/** Reads an analytics process's charted and historical counters (they restart from 0 with the process). */
export async function chartedCounts(analytics: MeasuredProcess): Promise<ChartedCounts> {
  return {
    charted: await metric(analytics.ops, 'linewatch_ingest_charted_points_total'),
    historical: await metric(analytics.ops, 'linewatch_ingest_historical_points_total'),
  };
}

/**
 * Stored points never charted live and not reported as historical backlog
 * either: "stored but never charted", a silent drop. `counts` are summed over
 * every analytics process that ran in the case (counters restart with a process).
 */
export function unchartedOf(stored: number, counts: readonly ChartedCounts[]): number {
  let accounted = 0;
  for (const c of counts) accounted += c.charted + c.historical;
  return Math.max(0, stored - accounted);
}

/**
 * What a test sent, per series: every reading's timestamp (unique and
 * increasing per series, so "stored exactly once" is a set comparison).
 */
export class SentLedger {
  readonly bySeries = new Map<string, number[]>();
  private readonly lastTs = new Map<string, number>();
  private seed = 1;

  /** The next reading of a series at (about) `at`, in control, with a timestamp after the series' last one. */
  next(enterprise: string, characteristic: FaultCharacteristic, at: number): { characteristic: FaultCharacteristic; ts: number; value: number } {
    const key = `${enterprise}/${characteristic}`;
    const ts = Math.max(Math.round(at), (this.lastTs.get(key) ?? -Infinity) + 1);
    this.lastTs.set(key, ts);
    this.record(enterprise, characteristic, ts);
    const { mean, sd } = IN_CONTROL[characteristic];
    // A deterministic wobble within one sd: in control, never near a limit.
    this.seed = (this.seed * 16807) % 2147483647;
    return { characteristic, ts, value: Number((mean + sd * ((this.seed / 2147483647) * 2 - 1)).toFixed(5)) };
  }

  record(enterprise: string, characteristic: string, ts: number): void {
    const key = `${enterprise}/${characteristic}`;
    let list = this.bySeries.get(key);
    if (!list) this.bySeries.set(key, (list = []));
    list.push(ts);
  }

  get total(): number {
    let n = 0;
    for (const list of this.bySeries.values()) n += list.length;
    return n;
  }
}

export interface StoredCount {
  /** Points the store holds for the series sent. */
  stored: number;
  /** Sent but not in the store. */
  lost: number;
  /** Keys held more than once (must be 0: the store keeps each key once). */
  doubled: number;
  /** Held but never sent (must be 0). */
  unexpected: number;
}

/** Compares what the store holds with what was sent (the embedded store needs the analytics service stopped first). */
export async function countStored(rig: FaultRig, sent: SentLedger): Promise<StoredCount> {
  const store = await openStore(rig.store);
  const out: StoredCount = { stored: 0, lost: 0, doubled: 0, unexpected: 0 };
  try {
    for (const [key, tsList] of sent.bySeries) {
      const [enterprise, characteristic] = key.split('/') as [string, FaultCharacteristic];
      const series = await store.readSeries({ enterprise, line: LINE, characteristic }, { from: 0, to: Date.now() + 24 * 3_600_000 });
      const held = Array.from(series.ts);
      const heldSet = new Set(held);
      const sentSet = new Set(tsList);
      out.stored += held.length;
      out.doubled += held.length - heldSet.size;
      out.lost += tsList.filter((ts) => !heldSet.has(ts)).length;
      out.unexpected += held.filter((ts) => !sentSet.has(ts)).length;
    }
  } finally {
    await store.close();
  }
  return out;
}

/**
 * Feeds every gateway `perTick` readings of each characteristic every
 * `tickMs`, stamped with the test's clock plus `clockOffsetMs` (a gateway
 * clock that is off), like gauges measuring in real time.
 */
export function feedLive(gateways: readonly StdinGateway[], sent: SentLedger, o: { perTick: number; tickMs?: number; clockOffsetMs?: number }): { stop(): void } {
  const timer = setInterval(() => {
    const now = Date.now() + (o.clockOffsetMs ?? 0);
    for (const g of gateways) {
      const points = [];
      for (const c of Object.keys(IN_CONTROL) as FaultCharacteristic[]) for (let i = 0; i < o.perTick; i++) points.push(sent.next(g.enterprise, c, now));
      g.write(points);
    }
  }, o.tickMs ?? 50);
  return { stop: () => clearInterval(timer) };
}

/**
 * Ends every gateway's input and waits until each has closed its last batch
 * ("input ended"), the analytics service has stored `expected` points and
 * every outbox is empty. Then every batch is acknowledged, and the analytics
 * service counts a batch (stored, charted, historical) before it publishes
 * its ack, so its counters are settled: read them now, not after a mere
 * "stored >= expected" (a batch delivered twice at once is counted twice, so
 * that can hold while the last batch is still in a gateway).
 */
export async function drainAll(analytics: MeasuredProcess, gateways: readonly StdinGateway[], expected: number, timeoutMs = 60_000): Promise<void> {
  for (const g of gateways) g.end();
  const deadline = Date.now() + timeoutMs;
  for (const g of gateways) await g.proc.waitFor(/: input ended, \d+ points taken/, Math.max(1, deadline - Date.now()));
  await waitUntil(
    `${expected} points stored and every outbox empty`,
    async () => {
      if ((await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' })) < expected) return false;
      for (const g of gateways) if ((await metric(g.ops, 'linewatch_outbox_batches')) > 0) return false;
      return true;
    },
    Math.max(1, deadline - Date.now()),
  );
}

/**
 * What every fault suite keeps for the end: its summary table, the
 * processes to stop, the directories to remove and the influxd it started.
 * Registers the `afterAll` that stops, prints and cleans up.
 */
export function faultSuite(title: string) {
  const summary = new CaseSummary(title);
  const dirs: string[] = [];
  const running: ServiceProcess[] = [];
  const influx: InfluxTestServer[] = [];
  afterAll(async () => {
    for (const p of running) await p.terminate();
    for (const server of influx) await server.dispose();
    summary.print();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);
  return {
    summary,
    dirs,
    running,
    /** A real influxd with this database, disposed of after the suite. */
    async influxd(database: string): Promise<InfluxTestServer> {
      const server = await startInfluxd({ database });
      influx.push(server);
      return server;
    },
  };
}
