/**
 * The enterprises' traceability records (`trace.*`) share the register with
 * the bureau's: the supervision service must answer exactly as it did before
 * they were added (class suggestions, lists, exports, credit list, public
 * page), and refuse to read, change or delete them through its own desk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION_OPTIONS } from '../../../config/supervision-config.js';
import { isRegisterError } from '../../../register/errors.js';
import { openRegister } from '../../../register/open-register.js';
import type { NewRecord, Register } from '../../../register/port.js';
import type { EvidenceSource } from '../../../supervision-service/evidence-source.js';
import { SupervisionService } from '../../../supervision-service/supervision-service.js';
import { toNewRecord } from '../../../supervision-service/stored-records.js';
import { goodDays, goodRecords } from '../supervision/register-fixture.js';

const config = {
  enterprises: [
    { id: 'e1', name: 'Enterprise One', class: 'B' as const, lastInspection: '2025-10-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
    { id: 'e2', name: 'Enterprise Two', class: 'B' as const, lastInspection: '2025-12-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
  ],
  products: [{ id: 'BV-1.5', name: 'BV 1.5', characteristics: { insulation_thickness: { lsl: 0.53 }, conductor_resistance: { usl: 12.1 } } }],
  supervision: DEFAULT_SUPERVISION_OPTIONS,
};
const evidence: EvidenceSource = (enterprise) => (enterprise === 'e1' ? goodDays() : { seriesDays: [], enterpriseDays: [] });

/** Trace records of every kind, one of them a kind this version does not know, with bodies supervision could not read. */
const TRACE: NewRecord[] = [
  { id: 'ml-1', enterprise: 'e1', kind: 'trace.material-lot', body: { material: 'copper-rod', supplier: 'S', lot: 'L-1', certificate: '', receivedOn: '2026-03-02', quantity: '' } },
  { id: 'rl-1', enterprise: 'e1', kind: 'trace.reel-lots', body: { reel: 'R-1', lots: ['ml-1'] } },
  {
    id: 'rt-1',
    enterprise: 'e2',
    kind: 'trace.reel-test',
    body: { reel: 'R-1', test: 'voltage-test', value: null, unit: '', result: 'fail', instrument: 'HV', testedAt: '2026-03-04T08:00:00Z', by: 'x' },
  },
  { id: 'sh-1', enterprise: 'e2', kind: 'trace.shipment', body: { reels: ['R-1'], customer: 'C', shippedOn: '2026-03-05', destination: 'D', document: '' } },
  { id: 'ro-1', enterprise: 'e1', kind: 'trace.routine', body: { period: 'monthly', periodStart: '2026-03-01', draft: {}, remarks: '', signedBy: null, signedAs: null, signedAt: null } },
  { id: 'tx-1', enterprise: 'e2', kind: 'trace.some-later-kind', body: { result: 'fail', date: 'not a date' } },
];

describe('the supervision service with trace records in the register', () => {
  let dir: string;
  let register: Register;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-trace-ignored-'));
    register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') }, { now: () => Date.UTC(2026, 3, 10) });
    const failedCheck = {
      kind: 'spot-check' as const,
      id: 'sc-1',
      enterprise: 'e2',
      internal: false,
      published: true,
      date: '2026-03-02',
      level: 'provincial' as const,
      product: 'BV-1.5',
      result: 'fail' as const,
      failedItems: ['conductor resistance'],
    };
    await register.importRecords([...goodRecords(), failedCheck].map(toNewRecord), 'reg');
  });
  afterEach(async () => {
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = async (service: SupervisionService) => ({
    e1: (await service.classOf('e1')).suggestion,
    e2: (await service.classOf('e2')).suggestion,
    list: await service.records.list(),
    e2List: await service.records.list({ enterprise: 'e2' }),
    records: await service.records.recordsOf(),
    export: await service.records.exportCsv('spot-check'),
    credit: await service.creditList(),
    publicPage: await service.publicPage(),
  });

  it('answers exactly as before, and its class suggestions do not change', async () => {
    const clock = () => Date.UTC(2026, 3, 10);
    const before = await snapshot(await SupervisionService.open({ register, config, evidence, clock }));
    expect(before.e2.suggested).toBe('C');
    await register.importRecords(TRACE, 'ent-user');
    const after = await snapshot(await SupervisionService.open({ register, config, evidence, clock }));
    expect(after).toEqual(before);
    expect(after.records.every((r) => !r.kind.startsWith('trace.'))).toBe(true);
    // The register itself holds them: the desk leaves them out, they did not fail to land.
    expect((await register.listRecords()).filter((r) => r.kind.startsWith('trace.')).map((r) => r.id)).toEqual(expect.arrayContaining(TRACE.map((t) => t.id!)));
  });

  it('does not read, change or delete a trace record through its own desk', async () => {
    await register.importRecords(TRACE, 'ent-user');
    const service = await SupervisionService.open({ register, config, evidence });
    const notFound = (err: unknown) => isRegisterError(err, 'LW_REGISTER_NOT_FOUND') && /trace\.material-lot record: see \/api\/trace\/records/.test((err as Error).message);
    await expect(service.records.get('ml-1')).rejects.toSatisfy(notFound);
    await expect(service.records.update('ml-1', 1, { material: 'x' }, 'reg')).rejects.toSatisfy(notFound);
    await expect(service.records.delete('ml-1', 1, 'reg')).rejects.toSatisfy(notFound);
    expect((await register.getRecord('ml-1')).version).toBe(1);
  });
});
