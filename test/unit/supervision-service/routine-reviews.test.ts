/**
 * The class suggestion reads the enterprise's signed monthly reviews from the
 * register (kind trace.routine) where the routine is required, on a real
 * embedded register; where it is not, the routine records change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinewatchConfig } from '../../../config/resolve.js';
import { DEFAULT_SUPERVISION_OPTIONS } from '../../../config/supervision-config.js';
import { openRegister } from '../../../register/open-register.js';
import type { JsonObject, Register } from '../../../register/port.js';
import type { EvidenceSource } from '../../../supervision-service/evidence-source.js';
import { SupervisionService } from '../../../supervision-service/supervision-service.js';
import { goodDays, goodRecords } from '../supervision/register-fixture.js';

const config: Pick<LinewatchConfig, 'enterprises' | 'products'> = {
  enterprises: [{ id: 'e1', name: 'Enterprise One', class: 'B', lastInspection: '2025-10-01', lines: [{ id: 'L1', product: 'BV-1.5' }] }],
  products: [{ id: 'BV-1.5', name: 'BV 1.5', characteristics: { insulation_thickness: { lsl: 0.53 }, conductor_resistance: { usl: 12.1 } } }],
};
const evidence: EvidenceSource = () => goodDays();

function monthly(month: string, signedAt: string | null): JsonObject {
  return { period: 'monthly', periodStart: month, draft: {}, remarks: '', signedBy: signedAt ? 'qs.officer' : null, signedAs: signedAt ? 'quality-safety-officer' : null, signedAt };
}

describe('the class suggestion and the routine', () => {
  let dir: string;
  let register: Register;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-routine-'));
    register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') });
  });
  afterEach(async () => {
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing monthly review, once required, takes A away; signed ones give it back; unsigned drafts do not count', async () => {
    const plain = await SupervisionService.open({ register, config, evidence, clock: () => Date.UTC(2026, 3, 20) });
    for (const r of goodRecords()) await plain.records.create(r, 'reg');
    await register.createRecord({ enterprise: 'e1', kind: 'trace.routine', body: monthly('2026-01-01', '2026-02-03T10:00:00.000Z') }, 'qs.officer');
    // Not required: the routine records are neither listed nor judged.
    const before = await plain.suggestion('e1');
    expect(before.suggested).toBe('A');
    expect(before.conditions.map((c) => c.id)).not.toContain('a.routine');
    expect((await plain.records.list({ enterprise: 'e1' })).every((v) => !v.kind.startsWith('trace.'))).toBe(true);

    const required = await SupervisionService.open({ register, config, evidence, classification: { routineRequiredFrom: '2026-01-01' }, clock: () => Date.UTC(2026, 3, 20) });
    // asOf is the last day of evidence, 2026-03-31: January and February are due (15 days' grace), February is missing.
    const missing = await required.suggestion('e1');
    expect(missing.asOf).toBe('2026-03-31');
    expect(missing.conditions.find((c) => c.id === 'a.routine')).toMatchObject({ status: 'failed', evidence: expect.stringContaining('no signed monthly review for 2026-02') });
    expect(missing.suggested).toBe('B');

    await register.createRecord({ enterprise: 'e1', kind: 'trace.routine', body: monthly('2026-02-01', null) }, 'qs.officer');
    expect((await required.suggestion('e1')).suggested).toBe('B');
    const draft = (await register.listRecords({ enterprise: 'e1', kind: 'trace.routine' })).find((r) => r.body.periodStart === '2026-02-01')!;
    await register.updateRecord(draft.id, { expectedVersion: draft.version, body: monthly('2026-02-01', '2026-03-05T08:00:00.000Z') }, 'qs.officer');
    const kept = await required.suggestion('e1');
    expect(kept.conditions.find((c) => c.id === 'a.routine')!.status).toBe('met');
    expect(kept.suggested).toBe('A');
  });

  it('takes from the configuration (supervision.routineRequiredFrom) the day the routine is required from', async () => {
    const configured = { ...config, supervision: { ...DEFAULT_SUPERVISION_OPTIONS, routineRequiredFrom: '2026-01-01' } };
    const service = await SupervisionService.open({ register, config: configured, evidence, clock: () => Date.UTC(2026, 3, 20) });
    for (const r of goodRecords()) await service.records.create(r, 'reg');
    const s = await service.suggestion('e1');
    expect(s.conditions.find((c) => c.id === 'a.routine')).toMatchObject({ status: 'failed', evidence: expect.stringContaining('no signed monthly review for 2026-01, 2026-02') });
  });
});
