/**
 * What a test sent, per series, values included, for cases where one
 * timestamp is sent more than once (a gateway clock that steps back). The
 * first reading of a key is the one the store must keep; a later one is a
 * duplicate when its value is the same, a conflict otherwise.
 */
import { openStore } from '../../store/open-store.js';
import { IN_CONTROL, LINE, type FaultCharacteristic, type FaultRig } from './fault-rig.js';

export interface KeyedCounts {
  /** Distinct keys sent: what the store must hold. */
  readonly keys: number;
  /** Later readings of a key with the first one's value. */
  readonly duplicates: number;
  /** Later readings of a key with another value: to be refused. */
  readonly conflicts: number;
}

export class ValueLedger {
  /** Per "enterprise/characteristic": ts -> the first value sent. */
  readonly firstValues = new Map<string, Map<number, number>>();
  total = 0;
  duplicates = 0;
  conflicts = 0;
  private seed = 7;

  /** An in-control reading of a series at `ts`, recorded. */
  next(enterprise: string, characteristic: FaultCharacteristic, ts: number): { characteristic: FaultCharacteristic; ts: number; value: number } {
    const { mean, sd } = IN_CONTROL[characteristic];
    this.seed = (this.seed * 16807) % 2147483647;
    const value = Number((mean + sd * ((this.seed / 2147483647) * 2 - 1)).toFixed(5));
    const key = `${enterprise}/${characteristic}`;
    let first = this.firstValues.get(key);
    if (!first) this.firstValues.set(key, (first = new Map()));
    this.total += 1;
    const held = first.get(ts);
    if (held === undefined) first.set(ts, value);
    else if (held === value) this.duplicates += 1;
    else this.conflicts += 1;
    return { characteristic, ts, value };
  }

  get keys(): number {
    let n = 0;
    for (const m of this.firstValues.values()) n += m.size;
    return n;
  }
}

export interface HeldAgainstSent {
  /** Points the store holds for the series sent. */
  stored: number;
  /** Keys sent but not held. */
  lost: number;
  /** Keys held with another value than the first one sent: a reading replaced. */
  replaced: number;
  /** Held but never sent. */
  unexpected: number;
}

/** Compares the store with the first value sent of every key (the embedded store needs the analytics service stopped first). */
export async function compareHeld(rig: FaultRig, sent: ValueLedger): Promise<HeldAgainstSent> {
  const store = await openStore(rig.store);
  const out: HeldAgainstSent = { stored: 0, lost: 0, replaced: 0, unexpected: 0 };
  try {
    for (const [key, first] of sent.firstValues) {
      const [enterprise, characteristic] = key.split('/') as [string, FaultCharacteristic];
      const series = await store.readSeries({ enterprise, line: LINE, characteristic }, { from: 0, to: Date.now() + 24 * 3_600_000 });
      out.stored += series.ts.length;
      const held = new Map<number, number>();
      for (let i = 0; i < series.ts.length; i++) held.set(series.ts[i], series.value[i]);
      for (const [ts, value] of first) {
        const v = held.get(ts);
        if (v === undefined) out.lost += 1;
        else if (v !== value) out.replaced += 1;
      }
      for (const ts of held.keys()) if (!first.has(ts)) out.unexpected += 1;
    }
  } finally {
    await store.close();
  }
  return out;
}
