/**
 * The supervision service on a real embedded register (DuckDB in a temporary
 * folder): seeding the class history, proposals by the policy, decisions,
 * draws, the plan and the all-or-nothing import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION_OPTIONS, type SupervisionConfig } from '../../../config/supervision-config.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import { openRegister } from '../../../register/open-register.js';
import type { Register } from '../../../register/port.js';
import type { EvidenceSource } from '../../../supervision-service/evidence-source.js';
import { isSupervisionInputError } from '../../../supervision-service/input-error.js';
import { SupervisionService } from '../../../supervision-service/supervision-service.js';
import { AS_OF, goodDays, goodRecords } from '../supervision/register-fixture.js';

/** e1 is the fixture's enterprise (every A condition met on 2026-03-31); e2 a plain B maker. */
function config(supervision: Partial<SupervisionConfig> = {}): Pick<LinewatchConfig, 'enterprises' | 'products'> & { supervision: SupervisionConfig } {
  return {
    enterprises: [
      { id: 'e1', name: 'Enterprise One', class: 'B', lastInspection: '2025-10-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
      { id: 'e2', name: 'Enterprise Two', class: 'B', lastInspection: '2025-12-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
      { id: 'e3', name: 'Enterprise Three', class: 'C', lastInspection: '2026-02-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
    ],
    products: [{ id: 'BV-1.5', name: 'BV 1.5', characteristics: { insulation_thickness: { lsl: 0.53 }, conductor_resistance: { usl: 12.1 } } }],
    supervision: {
      ...DEFAULT_SUPERVISION_OPTIONS,
      inspectors: [
        { id: 'wang', name: 'Wang', conflicts: ['e1'] },
        { id: 'li', name: 'Li', conflicts: [] },
        { id: 'zhao', name: 'Zhao', conflicts: ['e3'] },
        { id: 'chen', name: 'Chen', conflicts: [] },
      ],
      ...supervision,
    },
  };
}

/** The fixture's quarter of good evidence for e1; nothing for the others. */
const evidence: EvidenceSource = (enterprise) => (enterprise === 'e1' ? goodDays() : { seriesDays: [], enterpriseDays: [] });
const APRIL = Date.UTC(2026, 3, 10, 9, 0, 0);

describe('SupervisionService', () => {
  let dir: string;
  let register: Register;
  const clock = { now: APRIL };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-supervision-'));
    register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') }, { now: () => clock.now });
    clock.now = APRIL;
  });
  afterEach(async () => {
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (c = config()) => SupervisionService.open({ register, config: c, evidence, clock: () => clock.now });

  it('seeds the class history from the configured classes once, and leaves it alone afterwards', async () => {
    await open();
    expect((await register.currentClass('e3'))?.class).toBe('C');
    const changed = config();
    await SupervisionService.open({ register, config: { ...changed, enterprises: changed.enterprises.map((e) => ({ ...e, class: 'A' as const })) }, evidence, clock: () => clock.now });
    expect((await register.classHistory('e3')).map((h) => h.class)).toEqual(['C']);
  });

  it('proposes C at once for a C condition, naming the record, and an accept changes the class with history', async () => {
    const service = await open();
    await service.records.create(
      { kind: 'spot-check', id: 'sc-1', enterprise: 'e2', date: '2026-03-02', level: 'provincial', product: 'BV-1.5', result: 'fail', failedItems: ['conductor resistance'] },
      'reg',
    );
    const made = await service.checkProposals();
    expect(made.map((p) => [p.enterprise, p.fromClass, p.toClass])).toEqual([['e2', 'B', 'C']]);
    expect(JSON.stringify(made[0].basis)).toContain('sc-1');
    const view = await service.classOf('e2');
    expect(view.suggestion.suggested).toBe('C');
    expect(view.pendingProposal?.id).toBe(made[0].id);

    await service.decide(made[0].id, { action: 'accept', reason: 'failed provincial spot check confirmed' }, 'reg');
    const history = await register.classHistory('e2');
    expect(history.map((h) => h.class)).toEqual(['B', 'C']);
    expect(history[1]).toMatchObject({ decidedBy: 'reg', reason: 'failed provincial spot check confirmed', proposalId: made[0].id });
    // Registered C now agrees with the suggestion: nothing more to propose.
    expect(await service.checkProposals('e2')).toEqual([]);
  });

  it('does not propose a rejected change again on the same basis', async () => {
    const service = await open();
    await service.records.create({ kind: 'refusal', id: 'ref-1', enterprise: 'e2', date: '2026-02-02', level: 'city', note: '' }, 'reg');
    const [first] = await service.checkProposals('e2');
    await service.decide(first.id, { action: 'reject', reason: 'the refusal was a scheduling mix-up' }, 'reg');
    expect(await service.checkProposals('e2')).toEqual([]);
    expect((await register.currentClass('e2'))?.class).toBe('B');
  });

  it('makes a change other than to C wait for the yearly review', async () => {
    const service = await open();
    for (const r of goodRecords()) await service.records.create(r, 'reg');
    expect((await service.suggestion('e1')).suggested).toBe('A');
    expect((await service.suggestion('e1')).asOf).toBe(AS_OF);
    // Sample time (the evidence ends 2026-03-31) is before the 1 December review: no proposal.
    expect(await service.checkProposals('e1')).toEqual([]);
    const early = await SupervisionService.open({ register, config: config({ reviewMonth: 3, reviewDay: 1 }), evidence, clock: () => clock.now });
    const [p] = await early.checkProposals('e1');
    expect(p).toMatchObject({ enterprise: 'e1', fromClass: 'B', toClass: 'A' });
    expect((p.basis as { trigger: string }).trigger).toBe('yearly-review');
  });

  it('refuses a bad record with the field named, and stores nothing', async () => {
    const service = await open();
    const attempt = service.records.create({ kind: 'spot-check', enterprise: 'e2', date: '2026-02-30', level: 'province', product: 'x', result: 'fail', failedItems: [] }, 'reg');
    await expect(attempt).rejects.toSatisfy((e: unknown) => isSupervisionInputError(e) && /spotCheck\.date|date/.test(e.field) && /level/.test(e.message));
    expect(await service.records.list()).toEqual([]);
  });

  it('imports a CSV all or nothing: one bad row changes nothing and is named', async () => {
    const service = await open();
    const header = 'id,enterprise,internal,published,date,level,product,result,failedItems\r\n';
    const good = 'sc-a,e1,false,true,2026-01-05,county,BV-1.5,pass,\r\n';
    const bad = 'sc-b,e2,false,false,2026-01-06,province,BV-1.5,fail,resistance\r\n';
    const refused = service.records.importCsv('spot-check', header + good + bad + good.replace('sc-a', 'sc-c'), 'reg');
    await expect(refused).rejects.toSatisfy((e: unknown) => isSupervisionInputError(e) && e.rows.length === 1 && e.rows[0].row === 3 && /level/.test(e.rows[0].reason));
    expect(await service.records.list()).toEqual([]);
    const imported = await service.records.importCsv('spot-check', header + good, 'reg');
    expect(imported.map((r) => r.id)).toEqual(['sc-a']);
    // Exported again, the file reads back the same.
    expect(await service.records.exportCsv('spot-check')).toBe(`${header}sc-a,e1,false,true,2026-01-05,county,BV-1.5,pass,\r\n`);
  });

  it('draws reproducibly from the seed, never pairing a conflicted inspector, and stores the draw', async () => {
    const service = await open();
    const a = await service.createDraw({ period: '2026-Q2', seed: 'lottery 2026-04-01', count: 3 }, 'reg');
    const b = await service.createDraw({ period: '2026-Q2', seed: 'lottery 2026-04-01', count: 3 }, 'reg');
    expect(a.picks).toEqual(b.picks);
    expect(a.reproducible).toBe(true);
    const picks = a.picks as { enterprise: string; inspectors: string[] }[];
    expect(picks.map((p) => p.enterprise).sort()).toEqual(['e1', 'e2', 'e3']);
    for (const p of picks) {
      expect(p.inspectors).toHaveLength(2);
      if (p.enterprise === 'e1') expect(p.inspectors).not.toContain('wang');
      if (p.enterprise === 'e3') expect(p.inspectors).not.toContain('zhao');
    }
    expect((await service.listDraws('2026-Q2')).map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    const published = await service.publishDraw(a.id, 'reg');
    expect(published.published).toBe(true);
    expect((await service.publicPage()).draws.map((d) => d.id)).toEqual([a.id]);
  });

  it('refuses a draw the pool cannot staff without a conflict', async () => {
    const service = await open(
      config({
        inspectors: [
          { id: 'wang', name: 'Wang', conflicts: ['e1', 'e2', 'e3'] },
          { id: 'li', name: 'Li', conflicts: [] },
        ],
      }),
    );
    await expect(service.createDraw({ period: '2026-Q2', seed: 's', count: 1 }, 'reg')).rejects.toSatisfy((e: unknown) => isSupervisionInputError(e) && /inspector/.test(e.message));
    expect(await service.listDraws()).toEqual([]);
  });

  it('plans inspections from the registered class and the inspections recorded', async () => {
    const service = await open();
    await service.records.create(
      { kind: 'inspection', id: 'in-1', enterprise: 'e2', date: '2026-03-20', inspectors: ['li'], findings: 'ok', followUp: '', result: 'satisfactory', drawId: null },
      'reg',
    );
    const plan = await service.inspectionPlan();
    const row = (e: string) => plan.rows.find((r) => r.enterprise === e)!;
    // B: half-yearly from the recorded inspection; C: quarterly from the configured last inspection.
    expect(row('e2')).toMatchObject({ class: 'B', lastInspection: '2026-03-20', due: '2026-09-20', overdue: false });
    expect(row('e3')).toMatchObject({ class: 'C', lastInspection: '2026-02-01', due: '2026-05-01', overdue: false });
    expect(row('e1')).toMatchObject({ class: 'B', due: '2026-04-01', overdue: true, daysOverdue: 9 });
  });

  it('counts registered classes against the targets and lists credit entries with their state', async () => {
    const service = await open();
    const t = await service.targets();
    expect(t.counts).toEqual({ A: 0, B: 2, C: 1 });
    expect(t.targets.find((x) => x.id === 'max-c')).toMatchObject({ target: 0, actual: 1, status: 'missed' });
    await service.records.create({ kind: 'credit', id: 'cr-1', enterprise: 'e3', listedOn: '2026-01-01', until: null, reason: 'fake CCC marks', repairedOn: null }, 'reg');
    await service.records.create({ kind: 'credit', id: 'cr-2', enterprise: 'e2', listedOn: '2025-01-01', until: null, reason: 'old', repairedOn: '2025-06-01' }, 'reg');
    const credit = await service.creditList();
    expect(credit.entries.map((e) => [e.id, e.state])).toEqual([
      ['cr-1', 'listed'],
      ['cr-2', 'repaired'],
    ]);
  });

  it('checks on start, without waiting for the timer, and withdraws a proposal its record no longer supports', async () => {
    const service = await open();
    // Written behind the service's back (another process on the same database): the start-up check finds it.
    await register.createRecord(
      { id: 'pen-1', enterprise: 'e2', kind: 'penalty', body: { internal: false, published: false, date: '2026-03-01', decisionNumber: 'No. 1', reason: 'substandard wire', qualityRelated: true } },
      'other',
    );
    service.start();
    await service.stop();
    const [pending] = await register.listProposals({ enterprise: 'e2', status: 'pending' });
    expect(pending).toMatchObject({ toClass: 'C', createdBy: 'linewatch' });

    const current = await service.records.get('pen-1');
    await service.records.update('pen-1', current.version, { ...current.record, qualityRelated: false }, 'reg');
    await service.changed(['e2']);
    expect((await register.getProposal(pending.id)).status).toBe('withdrawn');
    expect((await register.getProposal(pending.id)).decidedBy).toBe('linewatch');
  });
});
