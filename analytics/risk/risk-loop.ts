import type { Logger } from '../../ops/logger.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { FindingEvent } from '../../core/findings/finding.js';
import type { RiskEngine } from '../../core/enterprise-risk/risk-engine.js';
import { encodeFindingRecord } from '../../protocol/event-log/finding-records.js';
import { RiskStoragePolicy } from './risk-publisher.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';

export interface RiskLoopOptions {
  readonly assessEveryMs: number;
  readonly assessAllEveryMs: number;
}

/**
 * Runs the risk engine on a timer: enterprises with new data every
 * `assessEveryMs`, all of them every `assessAllEveryMs`. Each new summary is
 * published (MQTT risk topic, in-process listeners), the regulator's
 * findings it opens or closes are published, and a selection of assessments goes to the store as history.
 */
export class RiskLoop {
  private timer: NodeJS.Timeout | null = null;
  private lastAll = -Infinity;
  private readonly storage = new RiskStoragePolicy();
  private running: Promise<void> | null = null;
  /** Finding events published but not kept: the store refused or failed them (logged each time). */
  findingsNotStored = 0;

  constructor(
    private readonly engine: RiskEngine,
    private readonly store: TimeSeriesStore,
    private readonly publish: (summary: EnterpriseRiskSummary) => void,
    private readonly publishFinding: (event: FindingEvent) => void,
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly options: RiskLoopOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.assessEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round; `all` forces every enterprise (tests, and the first round after start). */
  tick(all = false): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round(all).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(forceAll: boolean): Promise<void> {
    const now = this.clock();
    const all = forceAll || now - this.lastAll >= this.options.assessAllEveryMs;
    if (all) this.lastAll = now;
    const findingEvents: FindingEvent[] = [];
    const ids = this.engine.due(all);
    const open = this.engine.openEpisodes();
    const summaries: EnterpriseRiskSummary[] = [];
    // A county's round (1,050 enterprises, ~0.1 ms each) in one go would hold batches, and so alerts,
    // behind it for a tenth of a second every second: it yields to them between slices.
    for (let i = 0; i < ids.length; i += ROUND_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = this.engine.assessSome(ids.slice(i, i + ROUND_SLICE), now, open, findingEvents);
      for (const s of slice) this.publish(s);
      summaries.push(...slice);
    }
    for (const e of findingEvents) this.publishFinding(e);
    await this.storeFindings(findingEvents);
    const history = this.storage.select(summaries, (id) => this.engine.classState(id));
    if (history.length === 0) return;
    try {
      await this.store.appendEvents(history);
    } catch (err) {
      // History only: the live assessment goes on; the next stored one carries the state.
      this.log.warn({ err: (err as Error).message, assessments: history.length }, 'risk history not stored');
    }
  }

  /**
   * Keeps the round's finding events (a handful a day per enterprise, so one
   * write per round that has any), for a dashboard that starts later to
   * restore the open findings. This runs off the ingest path (the risk
   * round), so a failing store delays no batch and no ack: the events were
   * published already; a failed write is logged and counted.
   */
  private async storeFindings(events: readonly FindingEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.store.appendEvents(events.map(encodeFindingRecord));
    } catch (err) {
      this.findingsNotStored += events.length;
      this.log.error(
        { err: (err as Error).message, findings: events.map((e) => `${e.kind} ${e.finding.id}`) },
        'finding events published but not stored; a dashboard restarted later will not restore them',
      );
    }
  }
}

/** Enterprises assessed between two turns of the event loop (about 5 ms of work). */
const ROUND_SLICE = 50;
