/**
 * The Modbus TCP source: polls a device's holding and input registers at a
 * fixed rate and reports what they mean (modbus-config.ts). One poll is:
 * take the read time, make the planned reads (read-plan.ts) one after the
 * other, decode each register (register-decoder.ts) into its event
 * (register-events.ts), and hand the poll's events to the sink in one call,
 * line-state tags (product, length, speed) before the readings so that the
 * readings of a poll carry the product read in it.
 *
 * Exactly once: each poll has its own read time, strictly later than the
 * last one's, and each register gives at most one event per poll; a poll
 * that overruns its interval makes the next start at the next free slot
 * (poll-schedule.ts), never a queue of late polls. A read that fails (an
 * exception code, no answer in time) is counted as `read-error` and its
 * registers give nothing that poll. A lost connection (closed, reset, or a
 * poll in which no read was answered) is reported with `connected(false)`
 * and reopened with exponential back-off; nothing here throws out of the
 * background loop.
 */
import type { Logger } from '../../../ops/logger.js';
import type { GatewaySource, SourceDeps, SourceSink } from '../gateway-source.js';
import type { SourceEvent } from '../source-event.js';
import { modbusOptionsOf, type ModbusConfig, type ModbusRegister } from './modbus-config.js';
import { type ConnectModbus, connectModbus, type ModbusConnection, ModbusReadError, type ModbusTarget } from './modbus-connection.js';
import { nextSlot } from './poll-schedule.js';
import { type PlannedRead, planReads } from './read-plan.js';
import { decodeRegisters, wordsOf } from './register-decoder.js';
import { registerEvent, where } from './register-events.js';

/** A mapped register with the number of registers it spans. */
interface PlannedRegister extends ModbusRegister {
  readonly count: number;
}

/** Most "polls skipped" log lines: one per this many ms (every skipped slot is counted). */
const SKIP_LOG_EVERY_MS = 10_000;

export class ModbusSource implements GatewaySource {
  readonly kind = 'modbus';
  private readonly target: ModbusTarget;
  private readonly reads: PlannedRead<PlannedRegister>[];
  private readonly intervalMs: number;
  private readonly reconnectMinMs: number;
  private readonly reconnectMaxMs: number;
  private readonly log: Logger;
  private readonly clock: () => number;
  private running: Promise<void> | null = null;
  private stopped = false;
  private connection: ModbusConnection | null = null;
  private wakeSleep: (() => void) | null = null;
  private lastTs = Number.NEGATIVE_INFINITY;
  private skipped = 0;
  private lastSkipLog = Number.NEGATIVE_INFINITY;

  constructor(
    config: ModbusConfig,
    deps: SourceDeps,
    private readonly connect: ConnectModbus = connectModbus,
  ) {
    const options = modbusOptionsOf(config);
    this.target = {
      host: config.host,
      port: options.port,
      unitId: options.unitId,
      timeoutMs: options.timeoutMs,
    };
    const registers = config.registers.map((r) => ({ ...r, count: wordsOf(r.type) }));
    this.reads = planReads(registers, options.maxGapRegisters);
    this.intervalMs = options.pollIntervalMs;
    this.reconnectMinMs = options.reconnectMinMs;
    this.reconnectMaxMs = options.reconnectMaxMs;
    this.log = deps.log;
    this.clock = deps.clock ?? Date.now;
  }

  /** Poll slots passed over because a poll overran its interval, since start. */
  get skippedPolls(): number {
    return this.skipped;
  }

  /** The reads each poll makes (for tests and the start-up log). */
  get plannedReads(): ReadonlyArray<{ table: string; start: number; count: number }> {
    return this.reads;
  }

  start(sink: SourceSink): Promise<void> {
    if (this.running !== null) return Promise.reject(new Error('the modbus source is already started'));
    this.log.info({ source: 'modbus', host: this.target.host, port: this.target.port, reads: this.reads.length, intervalMs: this.intervalMs }, 'modbus source polling');
    this.running = this.run(sink).catch((err: unknown) => this.log.error({ source: 'modbus', err }, 'modbus source stopped by an unexpected error'));
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.close();
    this.wakeSleep?.();
    await this.running;
  }

  private async run(sink: SourceSink): Promise<void> {
    let backoff = this.reconnectMinMs;
    let failures = 0;
    while (!this.stopped) {
      let connection: ModbusConnection;
      try {
        connection = await this.connect(this.target);
      } catch (err) {
        failures += 1;
        // The first failure in a row is worth a warning; the retries that follow are not.
        this.log[failures === 1 ? 'warn' : 'debug']({ source: 'modbus', retryInMs: backoff }, (err as Error).message);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.reconnectMaxMs);
        continue;
      }
      failures = 0;
      if (this.stopped) {
        connection.close();
        break;
      }
      this.connection = connection;
      sink.connected(true);
      let outcome: { why: string; polled: boolean };
      try {
        outcome = await this.pollUntilLost(connection, sink);
      } catch (err) {
        // Nothing in a poll should throw; if something does, the source reconnects rather than going quiet for good.
        this.log.error({ source: 'modbus', err }, 'modbus poll failed unexpectedly');
        outcome = { why: `unexpected error: ${(err as Error).message}`, polled: false };
      }
      const { why, polled } = outcome;
      connection.close();
      this.connection = null;
      sink.connected(false);
      if (this.stopped) break;
      // A connection that never completed a poll (a device that accepts and drops) keeps backing off.
      if (polled) backoff = this.reconnectMinMs;
      this.log.warn({ source: 'modbus', retryInMs: backoff }, `modbus connection to ${this.target.host}:${this.target.port} lost: ${why}`);
      await this.sleep(backoff);
      if (!polled) backoff = Math.min(backoff * 2, this.reconnectMaxMs);
    }
  }

  private async pollUntilLost(connection: ModbusConnection, sink: SourceSink): Promise<{ why: string; polled: boolean }> {
    let lost: string | null = null;
    void connection.lost.then((why) => {
      lost = why;
      this.wakeSleep?.();
    });
    const anchor = performance.now();
    let slot = 0;
    let polled = false;
    for (;;) {
      if (this.stopped) return { why: 'stopped', polled };
      const answered = await this.pollOnce(connection, sink);
      if (lost !== null) return { why: lost, polled };
      if (!answered) return { why: `no read answered within ${this.target.timeoutMs} ms`, polled };
      polled = true;
      const next = nextSlot(anchor, this.intervalMs, slot, performance.now());
      if (next.skipped > 0) this.countSkipped(next.skipped);
      slot = next.index;
      await this.sleep(next.at - performance.now());
      if (lost !== null) return { why: lost, polled };
    }
  }

  /** One poll; false when no read was answered at all (the device is gone even if the socket is not). */
  private async pollOnce(connection: ModbusConnection, sink: SourceSink): Promise<boolean> {
    const ts = this.readTime();
    const tags: SourceEvent[] = [];
    const readings: SourceEvent[] = [];
    let answered = this.reads.length === 0;
    for (const read of this.reads) {
      let words: number[];
      try {
        words = await connection.read(read.table, read.start, read.count);
      } catch (err) {
        const e = err instanceof ModbusReadError ? err : new ModbusReadError('bad-answer', String(err));
        // What this poll read before the connection went is still handed on; the loss is seen by the caller.
        if (e.failure === 'closed') break;
        if (e.failure !== 'timeout') answered = true;
        sink.bad('read-error', `${describeRead(read)}: ${e.message}`);
        continue;
      }
      answered = true;
      if (words.length < read.count) {
        sink.bad('read-error', `${describeRead(read)}: the device answered ${words.length} registers`);
        continue;
      }
      for (const { item, offset } of read.items) {
        const raw = decodeRegisters(words.slice(offset, offset + item.count), item.type, item.byteOrder ?? 'big', item.wordOrder ?? 'big');
        const outcome = registerEvent(item, raw, ts);
        if ('reason' in outcome) sink.bad(outcome.reason, outcome.detail);
        else (outcome.event.kind === 'reading' ? readings : tags).push(outcome.event);
      }
    }
    if (tags.length + readings.length > 0) await sink.take([...tags, ...readings]);
    return answered;
  }

  /** The poll's read time: the clock, but always after the last poll's, so no two polls share a timestamp. */
  private readTime(): number {
    const now = this.clock();
    this.lastTs = now > this.lastTs ? now : this.lastTs + 1;
    return this.lastTs;
  }

  private countSkipped(count: number): void {
    this.skipped += count;
    const now = performance.now();
    if (now - this.lastSkipLog < SKIP_LOG_EVERY_MS) return;
    this.lastSkipLog = now;
    this.log.warn({ source: 'modbus', skippedPolls: this.skipped, intervalMs: this.intervalMs }, 'modbus polls overran their interval; late polls were skipped, not queued');
  }

  /** Waits `ms`, or less when the source stops or its connection is lost. */
  private sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeSleep === done) this.wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleep = done;
    });
  }
}

function describeRead(read: PlannedRead<PlannedRegister>): string {
  const last = read.start + read.count - 1;
  const registers = read.items.map(({ item }) => where(item)).join(', ');
  return `${read.table} registers ${read.start}..${last} (${registers})`;
}
