/**
 * Opens the register a configuration names and builds the supervision
 * service on it: the one start-up path of `linewatch start` and
 * `linewatch dashboard`. An empty register gets the configured seed records
 * (the demo's), so a new installation shows a C maker with its record.
 */
import { readFile } from 'node:fs/promises';
import type { LinewatchConfig } from '../config/resolve.js';
import { supervisionConfigOf } from '../config/supervision-config.js';
import type { RegisterConfig } from '../register/config.js';
import { openRegister } from '../register/open-register.js';
import type { JsonObject, NewRecord, Register } from '../register/port.js';
import { validateRecord } from '../supervision/record-validation.js';
import type { SupervisionRecord } from '../supervision/records.js';
import { traceRecordParts } from '../trace/records/trace-body.js';
import { isTraceRecordKind } from '../trace/records/trace-kind.js';
import type { TraceRecord } from '../trace/records/trace-records.js';
import { validateTraceRecord } from '../trace/records/trace-validation.js';
import type { EvidenceSource } from './evidence-source.js';
import { toNewRecord } from './stored-records.js';
import { SupervisionService, SYSTEM_USER } from './supervision-service.js';

export interface OpenSupervisionOptions {
  /** Overrides the configuration's register (tests, a stack on a temporary data folder). */
  readonly register?: RegisterConfig;
  readonly evidence?: EvidenceSource;
  readonly riskScore?: (enterprise: string) => number | null;
  readonly onRegisteredClass?: (enterprise: string, cls: 'A' | 'B' | 'C') => void;
  readonly clock?: () => number;
  readonly log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface OpenedSupervision {
  readonly register: Register;
  readonly service: SupervisionService;
  /** Stops the proposal timer, then closes the register. */
  close(): Promise<void>;
}

export async function openSupervision(config: LinewatchConfig, options: OpenSupervisionOptions = {}): Promise<OpenedSupervision> {
  const register = await openRegister(options.register ?? config.register, options.clock ? { now: options.clock } : {});
  try {
    const seedFile = supervisionConfigOf(config).seedRecords;
    if (seedFile !== null && (await register.listRecords()).length === 0) {
      const records = await readSeedRecords(seedFile, new Set(config.enterprises.map((e) => e.id)));
      await register.importRecords(records, SYSTEM_USER);
      options.log?.info({ file: seedFile, records: records.length }, 'the empty register was seeded');
    }
    const service = await SupervisionService.open({
      register,
      config,
      ...(options.evidence ? { evidence: options.evidence } : {}),
      ...(options.riskScore ? { riskScore: options.riskScore } : {}),
      ...(options.onRegisteredClass ? { onRegisteredClass: options.onRegisteredClass } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    return {
      register,
      service,
      async close() {
        await service.stop();
        await register.close();
      },
    };
  } catch (err) {
    await register.close().catch(() => undefined);
    throw err;
  }
}

/**
 * A JSON array of records (supervision-service/README.md): the bureau's, and
 * the enterprises' traceability records (`trace.*`, validated by trace/'s
 * rules) so a demo shows lots and shipments too. Every problem is reported
 * with its index, none stored.
 */
export async function readSeedRecords(file: string, enterprises: ReadonlySet<string>): Promise<NewRecord[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`supervision.seedRecords: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`supervision.seedRecords: ${file} must hold a JSON array of records`);
  const problems: string[] = [];
  const records: NewRecord[] = [];
  parsed.forEach((item, i) => {
    const kind = (item as { kind?: unknown } | null)?.kind;
    const checked = isTraceRecordKind(kind) ? validateTraceRecord(kind, item) : validateRecord(item);
    if (!checked.ok) problems.push(`[${i}] ${checked.problems.join('; ')}`);
    else if (!enterprises.has(checked.record.enterprise)) problems.push(`[${i}] enterprise: no enterprise '${checked.record.enterprise}' in the configuration`);
    else records.push(checked.record.kind.startsWith('trace.') ? seedOfTrace(checked.record as TraceRecord) : toNewRecord(checked.record as SupervisionRecord));
  });
  if (problems.length > 0) throw new Error(`supervision.seedRecords: ${file}: ${problems.length} bad record(s): ${problems.join(' | ')}`);
  return records;
}

function seedOfTrace(record: TraceRecord): NewRecord {
  const parts = traceRecordParts(record);
  return { ...parts, body: parts.body as JsonObject };
}
