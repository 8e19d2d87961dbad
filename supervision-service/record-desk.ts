/**
 * The register's records as regulators edit them: every write is validated
 * by supervision's rules (record-validation.ts) before it reaches the
 * register, which audits it (who, when, before, after). CSV imports are all
 * or nothing: every bad row is reported with its row number and nothing is
 * stored. Reads can be limited to one enterprise (an enterprise user's own).
 */
import { randomUUID } from 'node:crypto';
import type { Register, RegisterRecord } from '../register/port.js';
import { isRegisterError } from '../register/errors.js';
import { exportRecordsCsv } from '../supervision/record-csv/record-csv-export.js';
import { importRecordsCsv } from '../supervision/record-csv/record-csv-import.js';
import { validateRecord, validateRecordOfKind } from '../supervision/record-validation.js';
import { isRecordKind, RECORD_KINDS, type RecordKind, type RecordOfKind, type SupervisionRecord } from '../supervision/records.js';
import { SupervisionInputError } from './input-error.js';
import { fromStored, toNewRecord, viewOf, type RecordView } from './stored-records.js';

export interface RecordQuery {
  readonly enterprise?: string;
  readonly kind?: string;
}

/** The register also holds the enterprises' traceability records (kinds `trace.*`, trace/records/); they are not the bureau's and supervision never reads them. */
function isSupervisionKind(stored: RegisterRecord): boolean {
  return !stored.kind.startsWith('trace.');
}

export class RecordDesk {
  constructor(
    private readonly register: Register,
    private readonly enterprises: ReadonlySet<string>,
  ) {}

  async list(query: RecordQuery = {}): Promise<RecordView[]> {
    if (query.kind !== undefined) checkKind(query.kind, 'kind');
    const stored = await this.register.listRecords({ ...(query.enterprise !== undefined ? { enterprise: query.enterprise } : {}), ...(query.kind !== undefined ? { kind: query.kind } : {}) });
    return stored.filter(isSupervisionKind).map(viewOf);
  }

  /** Every record of some enterprises (or all), typed, for the classification and the public page. */
  async recordsOf(enterprise?: string): Promise<SupervisionRecord[]> {
    const stored = await this.register.listRecords(enterprise !== undefined ? { enterprise } : {});
    return stored.filter(isSupervisionKind).map(fromStored);
  }

  async get(id: string, scope?: string): Promise<RecordView> {
    return viewOf(await this.register.getRecord(id, scope !== undefined ? { enterprise: scope } : {}));
  }

  /** `input` is a record with its `kind` and `enterprise`; `id` is generated when absent. */
  async create(input: unknown, user: string): Promise<RecordView> {
    const withId = isObject(input) && input.id === undefined ? { ...input, id: randomUUID() } : input;
    const checked = validateRecord(withId);
    if (!checked.ok) throw invalid(checked.problems);
    this.checkEnterprise(checked.record.enterprise, 'enterprise');
    return viewOf(await this.register.createRecord(toNewRecord(checked.record), user));
  }

  /** Replaces a record's fields; its id, enterprise and kind stay (given ones must agree). */
  async update(id: string, expectedVersion: number, input: unknown, user: string): Promise<RecordView> {
    const current = await this.register.getRecord(id);
    if (!isObject(input)) throw new SupervisionInputError("record: expected an object of the record's fields", 'record');
    for (const key of ['id', 'enterprise', 'kind'] as const) {
      const was = key === 'id' ? current.id : key === 'enterprise' ? current.enterprise : current.kind;
      if (input[key] !== undefined && input[key] !== was)
        throw new SupervisionInputError(`record.${key}: cannot change from '${was}' to ${JSON.stringify(input[key])}; delete the record and create another`, `record.${key}`);
    }
    if (!isRecordKind(current.kind)) throw new Error(`register record ${id} has the unknown kind '${current.kind}'`);
    const checked = validateRecordOfKind(current.kind, { ...input, id: current.id, enterprise: current.enterprise, kind: current.kind });
    if (!checked.ok) throw invalid(checked.problems);
    const body = toNewRecord(checked.record).body;
    return viewOf(await this.register.updateRecord(id, { expectedVersion, body }, user));
  }

  async delete(id: string, expectedVersion: number, user: string): Promise<RegisterRecord> {
    const current = await this.register.getRecord(id);
    await this.register.deleteRecord(id, expectedVersion, user);
    return current;
  }

  /** A CSV of one kind (supervision/record-csv/README.md), all or nothing; returns the records stored. */
  async importCsv(kind: string, text: string, user: string): Promise<SupervisionRecord[]> {
    const k = checkKind(kind, 'kind');
    const parsed = importRecordsCsv(k, text);
    if (!parsed.ok) {
      const rows = [...parsed.problems];
      throw new SupervisionInputError(`the ${k} CSV has ${rows.length} bad row(s), nothing was imported: ${rows.map((p) => `row ${p.row}: ${p.reason}`).join(' | ')}`, 'body', rows);
    }
    const records = parsed.records as readonly SupervisionRecord[];
    const unknown = records.map((r, i) => ({ row: i + 2, r })).filter(({ r }) => !this.enterprises.has(r.enterprise));
    if (unknown.length > 0) {
      const rows = unknown.map(({ row, r }) => ({ row, reason: `enterprise: no enterprise '${r.enterprise}' in the configuration` }));
      throw new SupervisionInputError(`the ${k} CSV has ${rows.length} bad row(s), nothing was imported: ${rows.map((p) => `row ${p.row}: ${p.reason}`).join(' | ')}`, 'body', rows);
    }
    try {
      await this.register.importRecords(records.map(toNewRecord), user);
    } catch (err) {
      // The register refuses a row (an id already stored) by its index: the spreadsheet's row is one header further.
      if (isRegisterError(err) && err.row !== undefined) {
        const row = err.row + 2;
        throw new SupervisionInputError(`the ${k} CSV was refused at row ${row}, nothing was imported: ${err.message}`, 'body', [{ row, reason: err.message }]);
      }
      throw err;
    }
    return [...records];
  }

  /** The records of one kind as CSV (formula-guarded), of one enterprise or all. */
  async exportCsv(kind: string, enterprise?: string): Promise<string> {
    const k = checkKind(kind, 'kind');
    const records = (await this.register.listRecords({ kind: k, ...(enterprise !== undefined ? { enterprise } : {}) })).map(fromStored);
    return exportRecordsCsv(k, records as RecordOfKind<typeof k>[]);
  }

  private checkEnterprise(enterprise: string, field: string): void {
    if (!this.enterprises.has(enterprise)) throw new SupervisionInputError(`${field}: no enterprise '${enterprise}' in the configuration`, field);
  }
}

export function checkKind(kind: string, field: string): RecordKind {
  if (!isRecordKind(kind)) throw new SupervisionInputError(`${field}: expected one of ${RECORD_KINDS.join(', ')}, got '${kind}'`, field);
  return kind;
}

/** The first problem names the field (the part before ':'), and the message lists them all. */
function invalid(problems: readonly string[]): SupervisionInputError {
  const first = problems[0] ?? 'record: invalid';
  const field = first.slice(0, Math.max(0, first.indexOf(':'))) || 'record';
  return new SupervisionInputError(problems.join('; '), field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
