/**
 * Stored product changeovers (kind `product.changed`, event-kinds.ts): the
 * line `line` of `enterprise` made `to` from `at` on (the sample time of the
 * first reading of the new product), having made `from` before (null: the
 * line's configured product was not known to the writer). Written by the
 * analytics service once per line and changeover (all characteristics of a
 * line switch together), read back by the monthly report (the products per
 * period) and the stand-alone dashboard (the product a line makes now).
 *
 * `id` is productEventId(line), so a reader can ask the store for one line's
 * changeovers; `data` repeats the line and holds both products.
 */
import Type from 'typebox';
import type { StoredEvent } from '../../domain/event-log-record.js';
import { PRODUCT_EVENT_KIND, productEventId } from '../event-kinds.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT } from '../ids.js';
import type { Decoded } from '../json-decoder.js';
import { recordCheck, refused } from './record-check.js';

/** One changeover of a line. */
export interface ProductChange {
  readonly enterprise: string;
  readonly line: string;
  /** Sample time of the first reading of `to`, ms UTC. */
  readonly at: number;
  /** The product made before, or null when the writer did not know it. */
  readonly from: string | null;
  readonly to: string;
}

const ProductId = Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT });

const ProductChangeDataSchema = Type.Object({
  line: Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT }),
  from: Type.Union([ProductId, Type.Null()]),
  to: ProductId,
});

const checkData = recordCheck(ProductChangeDataSchema, 'data');

/** The one way a changeover is written to the log. */
export function encodeProductRecord(change: ProductChange): StoredEvent {
  return {
    id: productEventId(change.line),
    at: change.at,
    kind: PRODUCT_EVENT_KIND,
    enterprise: change.enterprise,
    line: change.line,
    data: { line: change.line, from: change.from, to: change.to },
  };
}

/** A stored changeover, or the reason (with the path) it is not one. Never throws. */
export function decodeProductRecord(record: StoredEvent): Decoded<ProductChange> {
  if (record.kind !== PRODUCT_EVENT_KIND) return refused('kind', `expected ${JSON.stringify(PRODUCT_EVENT_KIND)}, got ${JSON.stringify(record.kind)}`);
  if (record.bodyProblem !== undefined) return refused('body', record.bodyProblem);
  const data = checkData(record.data);
  if (!data.ok) return data;
  const { line, from, to } = data.value;
  if (record.id !== productEventId(line)) return refused('id', `${JSON.stringify(record.id)} is not the id of line ${JSON.stringify(line)}'s changeovers (${JSON.stringify(productEventId(line))})`);
  if (from === to) return refused('data.to', `${JSON.stringify(to)} is the product made before: not a changeover`);
  return { ok: true, value: { enterprise: record.enterprise, line, at: record.at, from, to } };
}
