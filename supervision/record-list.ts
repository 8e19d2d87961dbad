/**
 * A list of records of any kinds in one JSON document (an API bulk body, the
 * `--records` file of `linewatch assess`), validated all or nothing: either
 * every record, or every problem prefixed with the record's 0-based index
 * ("records[3].spotCheck.level: ..."). Ids must be unique in the list.
 */
import { validateRecord } from './record-validation.js';
import type { SupervisionRecord } from './records.js';

export type RecordListValidation = { readonly ok: true; readonly records: readonly SupervisionRecord[] } | { readonly ok: false; readonly problems: readonly string[] };

export function validateRecordList(input: unknown): RecordListValidation {
  // A document may be the list itself or { "records": [...] }.
  const list = Array.isArray(input) ? input : typeof input === 'object' && input !== null && Array.isArray((input as { records?: unknown }).records) ? (input as { records: unknown[] }).records : null;
  if (list === null) return { ok: false, problems: ['records: expected a list of records, or an object with a "records" list'] };
  const problems: string[] = [];
  const records: SupervisionRecord[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const r = validateRecord(item);
    if (!r.ok) {
      problems.push(...r.problems.map((p) => `records[${i}].${p}`));
      return;
    }
    const earlier = seen.get(r.record.id);
    if (earlier !== undefined) problems.push(`records[${i}].id: '${r.record.id}' is already used by records[${earlier}]`);
    else seen.set(r.record.id, i);
    records.push(r.record);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
