/**
 * The enterprise's traceability records (material lots, reel lots, reel
 * tests, shipments, routine reports) and the bureau's recall cases, as
 * users edit them: every write is checked against who may write what
 * (trace-access.ts) and validated by trace/'s rules before it reaches the
 * register, which audits it (who, when, before, after). CSV imports are all
 * or nothing: every bad row is reported with its row number and nothing is
 * stored. A signed routine report never changes again.
 */
import { randomUUID } from 'node:crypto';
import { isRegisterError } from '../register/errors.js';
import type { Register, RegisterRecord } from '../register/port.js';
import { type CsvRow, type CsvTraceKind, CSV_TRACE_KINDS, exportTraceCsv, importTraceCsv, isCsvTraceKind, materialLotKey } from '../trace/records/trace-csv.js';
import { isTraceRecordKind } from '../trace/records/trace-kind.js';
import { TRACE_RECORD_KINDS, type MaterialLotRecord, type TraceRecord, type TraceRecordKind } from '../trace/records/trace-records.js';
import { isSignedRoutine, validateTraceRecord } from '../trace/records/trace-validation.js';
import { assertMayRead, assertMayWrite, kindsOf, readScope, type TraceActor, writeRefusal } from './trace-access.js';
import { refusedCsv, type RowProblem, TraceError } from './trace-error.js';
import { toNewTraceRecord, traceFromStored, traceViewOf, type TraceRecordView } from './stored-trace-records.js';

export interface TraceRecordQuery {
  readonly enterprise?: string;
  readonly kind?: string;
}

export class TraceRecordDesk {
  constructor(
    private readonly register: Register,
    private readonly enterprises: ReadonlySet<string>,
  ) {}

  /** The records the actor may see, of one kind or every kind it may read; an enterprise user's own only. */
  async list(actor: TraceActor, query: TraceRecordQuery = {}): Promise<TraceRecordView[]> {
    const enterprise = readScope(actor, query.enterprise);
    const kinds = query.kind !== undefined ? [checkKind(query.kind, 'kind')] : kindsOf(actor);
    for (const kind of kinds) assertMayRead(actor, kind);
    const views: TraceRecordView[] = [];
    for (const kind of kinds) views.push(...(await this.stored(kind, enterprise)).map(traceViewOf));
    return views;
  }

  /** Typed records of one kind, for the trace queries (trace-query) and exports. */
  async recordsOf<K extends TraceRecordKind>(kind: K, enterprise?: string): Promise<Extract<TraceRecord, { kind: K }>[]> {
    return (await this.stored(kind, enterprise)).map((s) => traceFromStored(s) as Extract<TraceRecord, { kind: K }>);
  }

  async get(actor: TraceActor, id: string): Promise<TraceRecordView> {
    return traceViewOf(await this.readable(actor, id));
  }

  /** `input` is a record with its `kind`; `enterprise` defaults to an enterprise user's own, `id` is generated when absent. */
  async create(actor: TraceActor, input: unknown): Promise<TraceRecordView> {
    if (!isObject(input)) throw new TraceError('LW_TRACE_INPUT', "record: expected an object with the record's kind and fields", 'record');
    const kind = checkKind(input.kind, 'kind');
    const enterprise = input.enterprise ?? actor.enterprise ?? undefined;
    assertMayWrite(actor, kind, typeof enterprise === 'string' ? enterprise : '');
    const checked = validateTraceRecord(kind, { ...input, id: input.id ?? randomUUID(), enterprise });
    if (!checked.ok) throw invalid(checked.problems);
    this.checkEnterprise(checked.record.enterprise);
    const problems = await this.againstRegister([checked.record]);
    if (problems.length > 0) throw invalid(problems.map((p) => p.reason));
    return traceViewOf(await this.register.createRecord(toNewTraceRecord(checked.record), actor.id));
  }

  /** Replaces a record's fields; its id, enterprise and kind stay (given ones must agree). */
  async update(actor: TraceActor, id: string, expectedVersion: number, input: unknown): Promise<TraceRecordView> {
    const current = await this.writable(actor, id);
    if (!isObject(input)) throw new TraceError('LW_TRACE_INPUT', "record: expected an object of the record's fields", 'record');
    for (const key of ['id', 'enterprise', 'kind'] as const) {
      const was = current[key];
      if (input[key] !== undefined && input[key] !== was)
        throw new TraceError('LW_TRACE_INPUT', `record.${key}: cannot change from '${was}' to ${JSON.stringify(input[key])}; delete the record and create another`, `record.${key}`);
    }
    const checked = validateTraceRecord(current.kind, { ...input, id: current.id, enterprise: current.enterprise, kind: current.kind });
    if (!checked.ok) throw invalid(checked.problems);
    const problems = await this.againstRegister([checked.record]);
    if (problems.length > 0) throw invalid(problems.map((p) => p.reason));
    const { body } = toNewTraceRecord(checked.record);
    return traceViewOf(await this.register.updateRecord(id, { expectedVersion, body }, actor.id));
  }

  async delete(actor: TraceActor, id: string, expectedVersion: number): Promise<TraceRecordView> {
    const current = await this.writable(actor, id);
    await this.register.deleteRecord(id, expectedVersion, actor.id);
    return current;
  }

  /** A CSV of one kind (README.md, "Traceability records"), all or nothing; returns the records stored. */
  async importCsv(actor: TraceActor, kind: string, text: string): Promise<TraceRecord[]> {
    const k = checkCsvKind(kind);
    const what = `the ${k} CSV`;
    const parsed = importTraceCsv(k, text);
    if (!parsed.ok) throw refusedCsv('LW_TRACE_INPUT', what, parsed.problems);
    const forbidden = parsed.rows.flatMap(({ row, record }) => {
      const reason = writeRefusal(actor, k, record.enterprise);
      return reason === '' ? [] : [{ row, reason }];
    });
    if (forbidden.length > 0) throw refusedCsv('LW_TRACE_FORBIDDEN', what, forbidden);
    const unknown = parsed.rows.filter(({ record }) => !this.enterprises.has(record.enterprise));
    if (unknown.length > 0)
      throw refusedCsv(
        'LW_TRACE_INPUT',
        what,
        unknown.map(({ row, record }) => ({ row, reason: `enterprise: no enterprise '${record.enterprise}' in the configuration` })),
      );
    const problems = await this.againstRegister(
      parsed.rows.map((r) => r.record),
      parsed.rows,
    );
    if (problems.length > 0) throw refusedCsv('LW_TRACE_INPUT', what, problems);
    const records = parsed.rows.map((r) => r.record);
    try {
      await this.register.importRecords(records.map(toNewTraceRecord), actor.id);
    } catch (err) {
      // The register refuses a row (an id already stored) by its index: the spreadsheet's row is the one read there.
      if (isRegisterError(err) && err.row !== undefined) {
        const row = parsed.rows[err.row]?.row ?? err.row + 2;
        throw refusedCsv('LW_TRACE_INPUT', what, [{ row, reason: err.message }]);
      }
      throw err;
    }
    return records;
  }

  /** The records of one kind as CSV (formula-guarded), of one enterprise or all the actor may see. */
  async exportCsv(actor: TraceActor, kind: string, enterprise?: string): Promise<string> {
    const k = checkCsvKind(kind);
    assertMayRead(actor, k);
    const scope = readScope(actor, enterprise);
    return exportTraceCsv(k, await this.recordsOf(k, scope));
  }

  private async stored(kind: TraceRecordKind, enterprise: string | undefined): Promise<RegisterRecord[]> {
    return this.register.listRecords({ kind, ...(enterprise !== undefined ? { enterprise } : {}) });
  }

  /** A trace record the actor may see; anything else (another enterprise's, a supervision record) is not found. */
  private async readable(actor: TraceActor, id: string): Promise<RegisterRecord> {
    const scope = readScope(actor, undefined);
    const notFound = () => new TraceError('LW_TRACE_NOT_FOUND', `no trace record '${id}'${scope !== undefined ? ` of enterprise '${actor.enterprise ?? '(none)'}'` : ''}`);
    let stored: RegisterRecord;
    try {
      stored = await this.register.getRecord(id, scope !== undefined ? { enterprise: scope } : {});
    } catch (err) {
      if (isRegisterError(err, 'LW_REGISTER_NOT_FOUND')) throw notFound();
      throw err;
    }
    if (!isTraceRecordKind(stored.kind)) throw notFound();
    assertMayRead(actor, stored.kind);
    return stored;
  }

  /** A trace record the actor may change: its own kind and enterprise, and not a signed routine report. */
  private async writable(actor: TraceActor, id: string): Promise<TraceRecordView> {
    const current = traceViewOf(await this.readable(actor, id));
    assertMayWrite(actor, current.kind, current.enterprise);
    if (isSignedRoutine(current.record)) {
      const r = current.record as Extract<TraceRecord, { kind: 'trace.routine' }>;
      throw new TraceError('LW_TRACE_SIGNED', `routine report '${id}' was signed by ${r.signedBy} on ${r.signedAt}: a signed report cannot be changed or deleted`);
    }
    return current;
  }

  /**
   * Checks a record can only make against what is stored: a material lot not
   * received twice, a reel's lots that exist as material lots of the same
   * enterprise. `rows` gives the spreadsheet rows of an import (else row 0).
   */
  private async againstRegister(records: readonly TraceRecord[], rows?: readonly CsvRow[]): Promise<RowProblem[]> {
    const problems: RowProblem[] = [];
    const rowOf = (i: number) => rows?.[i]?.row ?? 0;
    const enterprises = [...new Set(records.map((r) => r.enterprise))];
    if (records.some((r) => r.kind === 'trace.material-lot')) {
      const stored = new Map<string, MaterialLotRecord>();
      for (const e of enterprises) for (const lot of await this.recordsOf('trace.material-lot', e)) stored.set(materialLotKey(lot), lot);
      records.forEach((r, i) => {
        if (r.kind !== 'trace.material-lot') return;
        const same = stored.get(materialLotKey(r));
        if (same !== undefined && same.id !== r.id) problems.push({ row: rowOf(i), reason: `materialLot.lot: lot '${r.lot}' of ${r.material} from ${r.supplier} is already recorded as '${same.id}'` });
      });
    }
    if (records.some((r) => r.kind === 'trace.reel-lots')) {
      const lotIds = new Map<string, Set<string>>();
      for (const e of enterprises) lotIds.set(e, new Set((await this.recordsOf('trace.material-lot', e)).map((l) => l.id)));
      records.forEach((r, i) => {
        if (r.kind !== 'trace.reel-lots') return;
        r.lots.forEach((lot, j) => {
          if (!lotIds.get(r.enterprise)?.has(lot)) problems.push({ row: rowOf(i), reason: `reelLots.lots[${j}]: no material lot '${lot}' of enterprise '${r.enterprise}' in the register` });
        });
      });
    }
    return problems;
  }

  private checkEnterprise(enterprise: string): void {
    if (!this.enterprises.has(enterprise)) throw new TraceError('LW_TRACE_INPUT', `enterprise: no enterprise '${enterprise}' in the configuration`, 'enterprise');
  }
}

export function checkKind(kind: unknown, field: string): TraceRecordKind {
  if (!isTraceRecordKind(kind)) throw new TraceError('LW_TRACE_INPUT', `${field}: expected one of ${TRACE_RECORD_KINDS.join(', ')}, got ${JSON.stringify(kind ?? null)}`, field);
  return kind;
}

function checkCsvKind(kind: string): CsvTraceKind {
  if (!isCsvTraceKind(kind)) throw new TraceError('LW_TRACE_INPUT', `kind: a CSV holds one of ${CSV_TRACE_KINDS.join(', ')}, got '${kind}'`, 'kind');
  return kind;
}

/** The first problem names the field (the part before ':'), and the message lists them all. */
function invalid(problems: readonly string[]): TraceError {
  const first = problems[0] ?? 'record: invalid';
  const field = first.slice(0, Math.max(0, first.indexOf(':'))) || 'record';
  return new TraceError('LW_TRACE_INPUT', problems.join('; '), field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
