/**
 * Reels, lots, tests and shipments for the trace browser test, written the
 * way the stack keeps them: reel records into the event store with the one
 * encoder (protocol/event-log/reel-records.ts), the enterprise's trace
 * records into the register as documents by kind (the body is the record
 * without its id, enterprise and kind).
 */
import type { JsonObject } from '../../../register/port.js';
import { encodeReelRecord } from '../../../protocol/event-log/reel-records.js';
import type { EmbeddedStack } from '../../../stack/embedded-stack.js';
import type { ReelCharacteristic, ReelRecord, ReelVerdict } from '../../../trace/reels/reel-record.js';
import type { TraceRecord } from '../../../trace/records/trace-records.js';

const MIN = 60_000;

/** Insulation thickness on a BV-1.5 reel (LSL 0.53): `outOfSpec` readings below it make it nonconforming. */
export function insulation(outOfSpec: number): ReelCharacteristic {
  return {
    characteristic: 'insulation_thickness',
    n: 1800,
    min: outOfSpec > 0 ? 0.512 : 0.689,
    max: 0.721,
    mean: 0.7041,
    sd: outOfSpec > 0 ? 0.0301 : 0.0047,
    lsl: 0.53,
    usl: null,
    ppk: outOfSpec > 0 ? 1.93 : 12.2,
    outOfSpec,
    metresOutOfSpec: outOfSpec > 0 ? 12.5 : 0,
    verdict: outOfSpec > 0 ? 'nonconforming' : 'conforming',
  };
}

/** A final reel record of `minutes` from `startedAt`, 2,000 m long per half hour. */
export function reelRecord(enterprise: string, line: string, reel: string, startedAt: number, characteristics: readonly ReelCharacteristic[], minutes = 30): ReelRecord {
  const verdict: ReelVerdict = characteristics.some((c) => c.verdict === 'nonconforming') ? 'nonconforming' : 'conforming';
  return {
    enterprise,
    line,
    reel,
    product: 'BV-1.5',
    startedAt,
    endedAt: startedAt + minutes * MIN,
    endedBy: 'end',
    startM: 0,
    endM: (minutes / 30) * 2000,
    status: 'final',
    lateReadings: 0,
    characteristics,
    verdict,
  };
}

export async function storeReels(stack: EmbeddedStack, records: readonly ReelRecord[]): Promise<void> {
  await stack.store.appendEvents(records.map((r) => encodeReelRecord(r)));
}

/** Writes trace records into the register as the trace service reads them back. */
export async function registerTraceRecords(stack: EmbeddedStack, records: readonly TraceRecord[], user: string): Promise<void> {
  for (const { id, enterprise, kind, ...body } of records) await stack.supervision.register.createRecord({ id, enterprise, kind, body: body as unknown as JsonObject }, user);
}
