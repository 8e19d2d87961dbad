/**
 * The reels of a month from their stored quality records (kind
 * `reel.recorded`, protocol/event-log/reel-records.ts): how many were made,
 * their verdicts, and two Paretos of the nonconforming ones, by line and by
 * the characteristic that made them nonconforming.
 *
 * A reel belongs to the month it started in (its record is stored at its
 * start time). Only final records count in the verdicts; a reel still being
 * wound at the month's end has a provisional verdict and counts as open.
 */
import type { StoredEvent } from '../domain/event-log-record.js';
import { REEL_RECORD_KIND } from '../protocol/event-kinds.js';
import { decodeReelRecord } from '../protocol/event-log/reel-records.js';
import { REEL_VERDICTS, type ReelVerdict } from '../trace/reels/reel-record.js';
import { paretoBars } from './charts/pareto-bars.js';
import type { EnterpriseMonth, ReelMonth, ReportReels } from './report-types.js';

export class ReelTally {
  private readonly verdicts = new Map<ReelVerdict, number>(REEL_VERDICTS.map((v) => [v, 0]));
  private readonly byLine = new Map<string, number>();
  private readonly byCharacteristic = new Map<string, number>();
  private final = 0;
  private open = 0;
  /** Reel records the codec refused (left out, counted so the page can say so). */
  unreadable = 0;

  /** Takes one stored event of the month; other kinds are ignored. */
  add(event: StoredEvent): void {
    if (event.kind !== REEL_RECORD_KIND) return;
    const decoded = decodeReelRecord(event);
    if (!decoded.ok) {
      this.unreadable += 1;
      return;
    }
    const reel = decoded.value;
    if (reel.status === 'open') {
      this.open += 1;
      return;
    }
    this.final += 1;
    this.verdicts.set(reel.verdict, (this.verdicts.get(reel.verdict) ?? 0) + 1);
    if (reel.verdict !== 'nonconforming') return;
    this.byLine.set(reel.line, (this.byLine.get(reel.line) ?? 0) + 1);
    for (const c of reel.characteristics) {
      if (c.verdict === 'nonconforming') this.byCharacteristic.set(c.characteristic, (this.byCharacteristic.get(c.characteristic) ?? 0) + 1);
    }
  }

  summary(): ReelMonth {
    return {
      reels: this.final,
      open: this.open,
      byVerdict: {
        conforming: this.verdicts.get('conforming') ?? 0,
        nonconforming: this.verdicts.get('nonconforming') ?? 0,
        'insufficient-data': this.verdicts.get('insufficient-data') ?? 0,
      },
      nonconformingByLine: paretoBars(this.byLine),
      nonconformingByCharacteristic: paretoBars(this.byCharacteristic, (c) => c.replace(/_/g, ' ')),
    };
  }
}

/** The reels of several enterprises together (the report's totals). */
export function sumReels(enterprises: readonly Pick<EnterpriseMonth, 'id' | 'name' | 'reels'>[]): ReportReels {
  const byVerdict: Record<ReelVerdict, number> = { conforming: 0, nonconforming: 0, 'insufficient-data': 0 };
  const byEnterprise = new Map<string, number>();
  const byCharacteristic = new Map<string, number>();
  const label = new Map<string, string>();
  let reels = 0;
  let open = 0;
  for (const e of enterprises) {
    reels += e.reels.reels;
    open += e.reels.open;
    for (const v of REEL_VERDICTS) byVerdict[v] += e.reels.byVerdict[v];
    byEnterprise.set(e.id, e.reels.byVerdict.nonconforming);
    for (const b of e.reels.nonconformingByCharacteristic) {
      byCharacteristic.set(b.key, (byCharacteristic.get(b.key) ?? 0) + b.count);
      label.set(b.key, b.label);
    }
  }
  const names = new Map(enterprises.map((e) => [e.id, e.name]));
  return {
    reels,
    open,
    byVerdict,
    nonconformingByCharacteristic: paretoBars(byCharacteristic, (k) => label.get(k) ?? k),
    nonconformingByEnterprise: paretoBars(byEnterprise, (k) => names.get(k) ?? k),
  };
}
