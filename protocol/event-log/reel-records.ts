/**
 * Stored reels: the start and end marks a gateway reported (kinds
 * `reel.started`, `reel.ended`) and the quality record the analytics service
 * computed (`reel.recorded`), all under the subject id reelEventId(reel), so
 * a reader can ask the store for one reel. The record is stored at the
 * reel's start time: every write of it (open, final, revised by a late
 * reading) has the same identity and replaces the one before.
 */
import Type from 'typebox';
import type { StoredEvent } from '../../domain/event-log-record.js';
import { CHARACTERISTIC_NAMES } from '../../domain/characteristics.js';
import type { ReelMark } from '../../trace/reels/reel-mark.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { REEL_ENDED_KIND, REEL_RECORD_KIND, REEL_STARTED_KIND, reelEventId } from '../event-kinds.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT, REEL_ID_PATTERN_SOURCE, REEL_ID_SYNTAX_TEXT } from '../ids.js';
import type { Decoded } from '../json-decoder.js';
import { recordCheck, refused } from './record-check.js';

const LineId = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const ReelId = Type.String({ pattern: REEL_ID_PATTERN_SOURCE, errorMessage: REEL_ID_SYNTAX_TEXT });
const ProductId = Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Verdict = Type.Union([Type.Literal('conforming'), Type.Literal('nonconforming'), Type.Literal('insufficient-data')]);

const MarkDataSchema = Type.Object({
  line: LineId,
  reel: ReelId,
  product: Type.Optional(ProductId),
  metres: Type.Optional(Type.Number({ minimum: 0 })),
});

const CharacteristicSchema = Type.Object({
  characteristic: Type.Enum([...CHARACTERISTIC_NAMES]),
  n: Type.Integer({ minimum: 0 }),
  min: NullableNumber,
  max: NullableNumber,
  mean: NullableNumber,
  sd: NullableNumber,
  lsl: NullableNumber,
  usl: NullableNumber,
  ppk: NullableNumber,
  outOfSpec: Type.Integer({ minimum: 0 }),
  metresOutOfSpec: NullableNumber,
  verdict: Verdict,
});

const RecordDataSchema = Type.Object({
  line: LineId,
  reel: ReelId,
  product: Type.Union([ProductId, Type.Null()]),
  endedAt: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  endedBy: Type.Union([Type.Literal('end'), Type.Literal('next-start'), Type.Null()]),
  startM: NullableNumber,
  endM: NullableNumber,
  status: Type.Union([Type.Literal('open'), Type.Literal('final')]),
  lateReadings: Type.Integer({ minimum: 0 }),
  characteristics: Type.Array(CharacteristicSchema),
  verdict: Verdict,
});

const checkMark = recordCheck(MarkDataSchema, 'data');
const checkRecord = recordCheck(RecordDataSchema, 'data');

/** The one way a reel mark is written to the log. */
export function encodeReelMark(enterprise: string, mark: ReelMark): StoredEvent {
  return {
    id: reelEventId(mark.reel),
    at: mark.ts,
    kind: mark.event === 'start' ? REEL_STARTED_KIND : REEL_ENDED_KIND,
    enterprise,
    line: mark.line,
    data: {
      line: mark.line,
      reel: mark.reel,
      ...(mark.product !== undefined ? { product: mark.product } : {}),
      ...(mark.metres !== undefined ? { metres: mark.metres } : {}),
    },
  };
}

/** A stored reel mark with its enterprise, or the reason (with the path) it is not one. Never throws. */
export function decodeReelMark(record: StoredEvent): Decoded<ReelMark & { readonly enterprise: string }> {
  if (record.kind !== REEL_STARTED_KIND && record.kind !== REEL_ENDED_KIND)
    return refused('kind', `expected ${JSON.stringify(REEL_STARTED_KIND)} or ${JSON.stringify(REEL_ENDED_KIND)}, got ${JSON.stringify(record.kind)}`);
  if (record.bodyProblem !== undefined) return refused('body', record.bodyProblem);
  const data = checkMark(record.data);
  if (!data.ok) return data;
  const { line, reel, product, metres } = data.value;
  if (record.id !== reelEventId(reel)) return refused('id', `${JSON.stringify(record.id)} is not the id of reel ${JSON.stringify(reel)} (${JSON.stringify(reelEventId(reel))})`);
  return {
    ok: true,
    value: {
      enterprise: record.enterprise,
      line,
      reel,
      event: record.kind === REEL_STARTED_KIND ? 'start' : 'end',
      ts: record.at,
      ...(product !== undefined ? { product } : {}),
      ...(metres !== undefined ? { metres } : {}),
    },
  };
}

/** The one way a reel's quality record is written to the log: at its start time, so the newest write replaces the rest. */
export function encodeReelRecord(record: ReelRecord): StoredEvent {
  const { enterprise, startedAt, ...data } = record;
  return { id: reelEventId(record.reel), at: startedAt, kind: REEL_RECORD_KIND, enterprise, line: record.line, data: data as unknown as StoredEvent['data'] };
}

/** A stored reel record, or the reason (with the path) it is not one. Never throws. */
export function decodeReelRecord(record: StoredEvent): Decoded<ReelRecord> {
  if (record.kind !== REEL_RECORD_KIND) return refused('kind', `expected ${JSON.stringify(REEL_RECORD_KIND)}, got ${JSON.stringify(record.kind)}`);
  if (record.bodyProblem !== undefined) return refused('body', record.bodyProblem);
  const data = checkRecord(record.data);
  if (!data.ok) return data;
  if (record.id !== reelEventId(data.value.reel))
    return refused('id', `${JSON.stringify(record.id)} is not the id of reel ${JSON.stringify(data.value.reel)} (${JSON.stringify(reelEventId(data.value.reel))})`);
  if (data.value.endedAt !== null && data.value.endedAt < record.at) return refused('data.endedAt', `${data.value.endedAt} is before the reel's start ${record.at}`);
  return { ok: true, value: { enterprise: record.enterprise, startedAt: record.at, ...data.value } as ReelRecord };
}
