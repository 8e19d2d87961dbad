/**
 * The behaviour every Register adapter must have. register-embedded.test.ts
 * and register-postgres.test.ts call registerContract with a fixture that
 * opens the adapter on real storage (a DuckDB file; a PostgreSQL server the
 * test starts): no mocks.
 *
 * Each test opens its own fresh register, so counts and audit trails are
 * exact; the clock is injected so audit times and time filters are known.
 */
import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest';
import { isRegisterError, type RegisterErrorCode } from '../../register/errors.js';
import type { NewRecord, Register } from '../../register/port.js';
import { ROWS_PER_INSERT } from '../../register/sql/insert-rows.js';

export interface RegisterFixture {
  /** A register on new, empty storage, with the given clock (ms since 1970). */
  fresh(now?: () => number): Promise<Register>;
  /** A register on the same storage as `closed`, which the caller has closed. */
  reopen(closed: Register, now?: () => number): Promise<Register>;
  /**
   * A second writer on the same storage, as another process would be. The
   * embedded register has one owner per file, so its fixture returns `register` itself.
   */
  peer(register: Register): Promise<Register>;
  dispose(): Promise<void>;
}

const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const MINUTE = 60_000;

/** A clock the test moves by hand. */
function manualClock(start = T0): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure, but the call succeeded'),
    (e: unknown) => e,
  );
}

async function expectRegisterError(promise: Promise<unknown>, code: RegisterErrorCode, text?: RegExp): Promise<void> {
  const error = await failure(promise);
  expect(isRegisterError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  if (text) expect((error as Error).message).toMatch(text);
}

function records(count: number, prefix: string, enterprise = 'imp-e1'): NewRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    enterprise,
    kind: i % 2 === 0 ? 'calibration' : 'spot-check',
    body: { gauge: `G${i}`, validUntil: '2027-01-31', note: `row ${i}, with "quotes", commas and 中文` },
  }));
}

export function registerContract(name: string, makeFixture: () => Promise<RegisterFixture>): void {
  describe(`register contract: ${name}`, () => {
    let fixture: RegisterFixture | undefined;
    let setupError: unknown;
    const opened: Register[] = [];

    // A fixture that cannot start (PostgreSQL missing) fails every test with
    // its message, rather than leaving them reported as skipped.
    beforeAll(async () => {
      try {
        fixture = await makeFixture();
      } catch (error) {
        setupError = error;
      }
    }, 120_000);

    afterAll(async () => {
      for (const r of opened) await r.close();
      await fixture?.dispose();
    }, 60_000);

    const it = (title: string, body: () => Promise<void>, timeout?: number): void => {
      vitestIt(
        title,
        async () => {
          if (setupError !== undefined) throw setupError;
          await body();
        },
        timeout,
      );
    };

    const fresh = async (now?: () => number): Promise<Register> => {
      const r = await fixture!.fresh(now);
      opened.push(r);
      return r;
    };

    describe('records', () => {
      it('creates, reads, lists, updates and deletes a record, versioned', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        const created = await reg.createRecord({ id: 'tax-2025', enterprise: 'e1', kind: 'tax', body: { year: 2025, amountCny: 1_200_000 } }, 'alice');
        expect(created).toEqual({
          id: 'tax-2025',
          enterprise: 'e1',
          kind: 'tax',
          version: 1,
          body: { year: 2025, amountCny: 1_200_000 },
          createdAt: new Date(T0).toISOString(),
          createdBy: 'alice',
          updatedAt: new Date(T0).toISOString(),
          updatedBy: 'alice',
        });
        const generated = await reg.createRecord({ enterprise: 'e1', kind: 'penalty', body: { decision: 'QJ-2025-17', reason: 'mislabelled cross-section' } }, 'alice');
        expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
        await reg.createRecord({ id: 'other', enterprise: 'e2', kind: 'tax', body: { year: 2025, amountCny: 50_000 } }, 'alice');

        expect(await reg.getRecord('tax-2025')).toEqual(created);
        expect((await reg.listRecords({ enterprise: 'e1' })).map((r) => r.id).sort()).toEqual([generated.id, 'tax-2025'].sort());
        expect((await reg.listRecords({ kind: 'tax' })).map((r) => r.id)).toEqual(['tax-2025', 'other']);
        expect((await reg.listRecords({ enterprise: 'e1', kind: 'penalty' })).map((r) => r.id)).toEqual([generated.id]);
        expect(await reg.listRecords()).toHaveLength(3);

        clock.advance(MINUTE);
        const updated = await reg.updateRecord('tax-2025', { expectedVersion: 1, body: { year: 2025, amountCny: 1_300_000 } }, 'bob');
        expect(updated).toMatchObject({ version: 2, body: { year: 2025, amountCny: 1_300_000 }, createdBy: 'alice', updatedBy: 'bob', updatedAt: new Date(T0 + MINUTE).toISOString() });
        expect(updated.createdAt).toBe(created.createdAt);
        expect(await reg.getRecord('tax-2025')).toEqual(updated);

        await reg.deleteRecord('tax-2025', 2, 'carol');
        await expectRegisterError(reg.getRecord('tax-2025'), 'LW_REGISTER_NOT_FOUND', /tax-2025/);
        expect(await reg.listRecords({ enterprise: 'e1' })).toHaveLength(1);
      });

      it('refuses a stale version (update and delete) and keeps the newer record', async () => {
        const reg = await fresh();
        await reg.createRecord({ id: 'cal-1', enterprise: 'e1', kind: 'calibration', body: { gauge: 'D1' } }, 'alice');
        await reg.updateRecord('cal-1', { expectedVersion: 1, body: { gauge: 'D1', validUntil: '2027-01-01' } }, 'alice');
        await expectRegisterError(reg.updateRecord('cal-1', { expectedVersion: 1, body: { gauge: 'lost' } }, 'bob'), 'LW_REGISTER_CONFLICT', /version 1.*version 2/);
        await expectRegisterError(reg.deleteRecord('cal-1', 1, 'bob'), 'LW_REGISTER_CONFLICT');
        const kept = await reg.getRecord('cal-1');
        expect(kept).toMatchObject({ version: 2, body: { gauge: 'D1', validUntil: '2027-01-01' } });
        await expectRegisterError(reg.updateRecord('missing', { expectedVersion: 1, body: {} }, 'bob'), 'LW_REGISTER_NOT_FOUND');
        await expectRegisterError(reg.deleteRecord('missing', 1, 'bob'), 'LW_REGISTER_NOT_FOUND');
        // Only the successful changes are audited.
        expect((await reg.queryAudit({ entityId: 'cal-1' })).entries.map((e) => e.action)).toEqual(['update', 'create']);
      });

      it('refuses an id that exists already', async () => {
        const reg = await fresh();
        await reg.createRecord({ id: 'x1', enterprise: 'e1', kind: 'tax', body: { a: 1 } }, 'alice');
        await expectRegisterError(reg.createRecord({ id: 'x1', enterprise: 'e2', kind: 'tax', body: { a: 2 } }, 'bob'), 'LW_REGISTER_CONFLICT', /x1/);
        expect((await reg.getRecord('x1')).body).toEqual({ a: 1 });
      });

      it('refuses bad arguments with one line naming the field, writing nothing', async () => {
        const reg = await fresh();
        const bad: [Promise<unknown>, RegExp][] = [
          [reg.createRecord({ enterprise: 'e1', kind: 'tax', body: [1, 2] as never }, 'alice'), /body must be a JSON object/],
          [reg.createRecord({ enterprise: '', kind: 'tax', body: {} }, 'alice'), /enterprise/],
          [reg.createRecord({ enterprise: 'e1', kind: 'tax\n', body: {} }, 'alice'), /kind/],
          [reg.createRecord({ enterprise: 'e1', kind: 'tax', body: { n: Number.NaN } }, 'alice'), /not finite/],
          [reg.createRecord({ enterprise: 'e1', kind: 'tax', body: { note: ['a\u0000b'] } }, 'alice'), /NUL/],
          [reg.createRecord({ enterprise: 'e1', kind: 'tax', body: {} }, ''), /user/],
          [reg.updateRecord('r', { expectedVersion: 0, body: {} }, 'alice'), /expectedVersion/],
          [reg.queryAudit({ limit: 0 }), /limit/],
          [reg.queryAudit({ from: '2026-01-01T00:00:00' }), /from/],
          [reg.queryAudit({ cursor: 'abc' }), /cursor/],
        ];
        for (const [call, text] of bad) {
          const error = await failure(call);
          expect(isRegisterError(error, 'LW_REGISTER_INVALID'), String(error)).toBe(true);
          expect((error as Error).message).toMatch(text);
          expect((error as Error).message).not.toMatch(/\n|at .*\(/);
        }
        expect(await reg.listRecords()).toEqual([]);
        expect((await reg.queryAudit()).entries).toEqual([]);
      });

      it("scopes reads to an enterprise: another enterprise's record is not found", async () => {
        const reg = await fresh();
        const mine = await reg.createRecord({ enterprise: 'mine', kind: 'certificate', body: { type: 'CCC' } }, 'reg');
        const theirs = await reg.createRecord({ enterprise: 'theirs', kind: 'certificate', body: { type: 'QMS' } }, 'reg');
        expect(await reg.getRecord(mine.id, { enterprise: 'mine' })).toEqual(mine);
        await expectRegisterError(reg.getRecord(theirs.id, { enterprise: 'mine' }), 'LW_REGISTER_NOT_FOUND');
        expect((await reg.listRecords({ enterprise: 'mine' })).map((r) => r.id)).toEqual([mine.id]);
        const audit = await reg.queryAudit({ enterprise: 'mine' });
        expect(audit.entries.map((e) => e.entityId)).toEqual([mine.id]);
      });
    });

    describe('audit', () => {
      it('records who, when, what, before and after for every change, newest first', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        const created = await reg.createRecord({ id: 'sc-1', enterprise: 'e1', kind: 'spot-check', body: { level: 'provincial', result: 'pass' } }, 'alice');
        clock.advance(MINUTE);
        const updated = await reg.updateRecord('sc-1', { expectedVersion: 1, body: { level: 'provincial', result: 'fail', failedItems: ['insulation thickness'] } }, 'bob');
        clock.advance(MINUTE);
        await reg.deleteRecord('sc-1', 2, 'carol');
        clock.advance(MINUTE);
        await reg.importRecords(records(2, 'a', 'e1'), 'dave');

        const { entries, next } = await reg.queryAudit({ enterprise: 'e1' });
        expect(next).toBeNull();
        expect(entries.map((e) => [e.action, e.user, e.at])).toEqual([
          ['import', 'dave', new Date(T0 + 3 * MINUTE).toISOString()],
          ['import', 'dave', new Date(T0 + 3 * MINUTE).toISOString()],
          ['delete', 'carol', new Date(T0 + 2 * MINUTE).toISOString()],
          ['update', 'bob', new Date(T0 + MINUTE).toISOString()],
          ['create', 'alice', new Date(T0).toISOString()],
        ]);
        const [, , deleted, update, create] = entries;
        expect(create).toMatchObject({ entity: 'record', entityId: 'sc-1', enterprise: 'e1', before: null, after: created });
        expect(update).toMatchObject({ before: created, after: updated });
        expect(deleted).toMatchObject({ before: updated, after: null });
        expect(entries[0].after).toMatchObject({ id: 'a-1', enterprise: 'e1', kind: 'spot-check', version: 1 });
        expect(entries[0].seq).toBeGreaterThan(entries[1].seq);
      });

      it('filters by entity, id and time, and pages with a cursor', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        for (let i = 0; i < 7; i++) {
          await reg.createRecord({ id: `p${i}`, enterprise: 'e1', kind: 'inspection', body: { i } }, 'alice');
          clock.advance(MINUTE);
        }
        await reg.createDraw({ id: 'd1', period: '2026-Q1', seed: 's', parameters: {}, picks: [] }, 'alice');

        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await reg.queryAudit({ entity: 'record', limit: 3, ...(cursor ? { cursor } : {}) });
          pages.push(page.entries.map((e) => e.entityId));
          cursor = page.next ?? undefined;
        } while (cursor);
        expect(pages).toEqual([['p6', 'p5', 'p4'], ['p3', 'p2', 'p1'], ['p0']]);

        const window = await reg.queryAudit({ from: new Date(T0 + 2 * MINUTE).toISOString(), to: new Date(T0 + 4 * MINUTE).toISOString() });
        expect(window.entries.map((e) => e.entityId)).toEqual(['p3', 'p2']);
        expect((await reg.queryAudit({ entity: 'draw' })).entries.map((e) => [e.entityId, e.enterprise])).toEqual([['d1', null]]);
        expect((await reg.queryAudit({ entity: 'record', entityId: 'p4' })).entries).toHaveLength(1);
      });
    });

    describe('import', () => {
      it('imports thousands of records in one go, each audited', async () => {
        const reg = await fresh();
        const result = await reg.importRecords(records(1_500, 'big'), 'importer');
        expect(result.imported).toBe(1_500);
        expect(result.ids[1_499]).toBe('big-1499');
        const stored = await reg.listRecords({ enterprise: 'imp-e1' });
        expect(stored).toHaveLength(1_500);
        expect(stored.find((r) => r.id === 'big-7')).toMatchObject({ kind: 'spot-check', version: 1, createdBy: 'importer', body: records(8, 'big')[7].body });
        const audit = await reg.queryAudit({ limit: 1_000 });
        expect(audit.entries).toHaveLength(1_000);
        expect(audit.entries.every((e) => e.action === 'import')).toBe(true);
        expect((await reg.queryAudit({ limit: 1_000, cursor: audit.next! })).entries).toHaveLength(500);
      });

      it('changes nothing when one row is malformed, naming the row', async () => {
        const reg = await fresh();
        await reg.createRecord({ id: 'before', enterprise: 'imp-e1', kind: 'tax', body: {} }, 'alice');
        const rows = records(900, 'm');
        rows[640] = { ...rows[640], body: 'not an object' as never };
        const error = await failure(reg.importRecords(rows, 'importer'));
        expect(isRegisterError(error, 'LW_REGISTER_INVALID'), String(error)).toBe(true);
        expect((error as { row?: number }).row).toBe(640);
        expect((error as Error).message).toMatch(/^row 640: body must be a JSON object/);
        expect((await reg.listRecords()).map((r) => r.id)).toEqual(['before']);
      });

      it('changes nothing when an id repeats inside the import', async () => {
        const reg = await fresh();
        const rows = records(50, 'd');
        rows[42] = { ...rows[42], id: 'd-3' };
        const error = await failure(reg.importRecords(rows, 'importer'));
        expect(isRegisterError(error, 'LW_REGISTER_INVALID'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/row 42: id "d-3" appears already in row 3/);
        expect(await reg.listRecords()).toEqual([]);
      });

      it('rolls back rows already inserted when the database refuses a later one', async () => {
        const reg = await fresh();
        await reg.createRecord({ id: 'taken', enterprise: 'imp-e1', kind: 'tax', body: { kept: true } }, 'alice');
        const auditBefore = await reg.queryAudit();
        // The collision sits in the third INSERT statement, after two have run
        // inside the transaction: only a rollback can undo them.
        const size = 2 * ROWS_PER_INSERT + 100;
        const bad = 2 * ROWS_PER_INSERT + 50;
        const rows = records(size, 'r');
        rows[bad] = { ...rows[bad], id: 'taken' };
        const error = await failure(reg.importRecords(rows, 'importer'));
        expect(isRegisterError(error, 'LW_REGISTER_CONFLICT'), String(error)).toBe(true);
        expect((error as { row?: number }).row).toBe(bad);
        expect((error as Error).message).toBe(`row ${bad}: a record with id "taken" exists already; nothing was imported`);
        expect(await reg.listRecords()).toEqual([await reg.getRecord('taken')]);
        expect((await reg.getRecord('taken')).body).toEqual({ kept: true });
        expect(await reg.queryAudit()).toEqual(auditBefore);
        // The register is usable afterwards, and the same import without the collision goes through.
        rows[bad] = records(bad + 1, 'r')[bad];
        expect((await reg.importRecords(rows, 'importer')).imported).toBe(size);
      }, 60_000);
    });

    describe('class history and proposals', () => {
      it('seeds the configured class once; later seeds leave registered classes alone', async () => {
        const reg = await fresh();
        expect(await reg.currentClass('e1')).toBeNull();
        expect(
          await reg.seedClasses(
            [
              { enterprise: 'e1', class: 'A', effectiveFrom: '2025-01-01' },
              { enterprise: 'e2', class: 'C' },
            ],
            'config',
          ),
        ).toBe(2);
        expect(
          await reg.seedClasses(
            [
              { enterprise: 'e1', class: 'B' },
              { enterprise: 'e3', class: 'B', effectiveFrom: '2025-06-30' },
            ],
            'config',
          ),
        ).toBe(1);
        expect(await reg.currentClass('e1')).toMatchObject({ class: 'A', seq: 1, effectiveFrom: '2025-01-01', decidedBy: 'config', proposalId: null });
        expect((await reg.currentClasses()).map((c) => [c.enterprise, c.class])).toEqual([
          ['e1', 'A'],
          ['e2', 'C'],
          ['e3', 'B'],
        ]);
        const seeded = (await reg.queryAudit({ entity: 'class' })).entries;
        expect(seeded.map((e) => e.action)).toEqual(['seed', 'seed', 'seed']);
        expect(seeded[0]).toMatchObject({ entityId: 'e3', enterprise: 'e3', before: null, after: { class: 'B', effectiveFrom: '2025-06-30' } });
        expect(
          seeded
            .slice(1)
            .map((e) => e.entityId)
            .sort(),
        ).toEqual(['e1', 'e2']);
        await expectRegisterError(reg.seedClasses([{ enterprise: 'e9', class: 'D' as never }], 'config'), 'LW_REGISTER_INVALID', /A, B or C/);
        await expectRegisterError(reg.seedClasses([{ enterprise: 'e9', class: 'A', effectiveFrom: '2025-02-30' }], 'config'), 'LW_REGISTER_INVALID', /YYYY-MM-DD/);
      });

      it('accepting a proposal appends to the class history in the same step', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        await reg.seedClasses([{ enterprise: 'e1', class: 'A', effectiveFrom: '2025-01-01' }], 'config');
        const { proposal, superseded } = await reg.createProposal({ id: 'p1', enterprise: 'e1', toClass: 'C', basis: { condition: 'refused spot check', record: 'ref-1' } }, 'engine');
        expect(superseded).toBeNull();
        expect(proposal).toMatchObject({ id: 'p1', enterprise: 'e1', fromClass: 'A', toClass: 'C', status: 'pending', createdBy: 'engine', decidedAt: null, basis: { record: 'ref-1' } });
        clock.advance(MINUTE);
        const accepted = await reg.decideProposal('p1', { action: 'accept', reason: 'refusal confirmed', effectiveFrom: '2026-03-02' }, 'regulator');
        expect(accepted).toMatchObject({ status: 'accepted', decidedBy: 'regulator', decisionReason: 'refusal confirmed', decidedAt: new Date(T0 + MINUTE).toISOString() });
        expect(await reg.classHistory('e1')).toEqual([
          expect.objectContaining({ seq: 1, class: 'A', proposalId: null }),
          { enterprise: 'e1', seq: 2, class: 'C', effectiveFrom: '2026-03-02', decidedBy: 'regulator', reason: 'refusal confirmed', proposalId: 'p1', recordedAt: new Date(T0 + MINUTE).toISOString() },
        ]);
        expect((await reg.currentClass('e1'))?.class).toBe('C');
        await expectRegisterError(reg.decideProposal('p1', { action: 'reject', reason: 'again' }, 'regulator'), 'LW_REGISTER_CONFLICT', /accepted, not pending/);
        const audit = (await reg.queryAudit({ enterprise: 'e1' })).entries;
        expect(audit.slice(0, 3).map((e) => [e.entity, e.action])).toEqual([
          ['class', 'create'],
          ['proposal', 'accept'],
          ['proposal', 'create'],
        ]);
        expect(audit[1]).toMatchObject({ before: { status: 'pending' }, after: { status: 'accepted' } });
      });

      it('rejecting or withdrawing leaves the class; the default effective date is the decision day', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        await reg.seedClasses([{ enterprise: 'e1', class: 'B' }], 'config');
        await reg.createProposal({ id: 'r1', enterprise: 'e1', toClass: 'A', basis: {} }, 'engine');
        await reg.decideProposal('r1', { action: 'reject', reason: 'tax record missing' }, 'regulator');
        await reg.createProposal({ id: 'w1', enterprise: 'e1', toClass: 'C', basis: {} }, 'engine');
        await reg.decideProposal('w1', { action: 'withdraw', reason: 'made in error' }, 'engine');
        expect(await reg.classHistory('e1')).toHaveLength(1);
        await reg.createProposal({ id: 'a1', enterprise: 'e1', toClass: 'A', basis: {} }, 'engine');
        await reg.decideProposal('a1', { action: 'accept', reason: 'yearly review' }, 'regulator');
        expect((await reg.currentClass('e1'))?.effectiveFrom).toBe('2026-03-01');
        expect((await reg.listProposals({ enterprise: 'e1' })).map((p) => [p.id, p.status])).toEqual(
          expect.arrayContaining([
            ['r1', 'rejected'],
            ['w1', 'withdrawn'],
            ['a1', 'accepted'],
          ]),
        );
        await expectRegisterError(reg.decideProposal('a1', { action: 'accept', reason: '' }, 'regulator'), 'LW_REGISTER_INVALID', /reason/);
        await expectRegisterError(reg.decideProposal('nope', { action: 'accept', reason: 'x' }, 'regulator'), 'LW_REGISTER_NOT_FOUND');
        await expectRegisterError(reg.decideProposal('a1', { action: 'approve' as never, reason: 'x' }, 'regulator'), 'LW_REGISTER_INVALID', /accept, reject or withdraw/);
      });

      it('keeps one pending proposal per enterprise: a newer one supersedes it', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        await reg.createProposal({ id: 'old', enterprise: 'e1', toClass: 'B', basis: { n: 1 } }, 'engine');
        clock.advance(MINUTE);
        await reg.createProposal({ id: 'other', enterprise: 'e2', toClass: 'B', basis: {} }, 'engine');
        clock.advance(MINUTE);
        const { proposal, superseded } = await reg.createProposal({ id: 'new', enterprise: 'e1', toClass: 'C', basis: { n: 2 } }, 'engine');
        expect(proposal).toMatchObject({ id: 'new', status: 'pending', fromClass: null });
        expect(superseded).toMatchObject({ id: 'old', status: 'superseded', supersededBy: 'new', decidedBy: 'engine' });
        expect((await reg.listProposals({ status: 'pending' })).map((p) => p.id)).toEqual(['new', 'other']);
        expect((await reg.listProposals({ enterprise: 'e1' })).map((p) => p.id)).toEqual(['new', 'old']);
        await expectRegisterError(reg.decideProposal('old', { action: 'accept', reason: 'too late' }, 'regulator'), 'LW_REGISTER_CONFLICT', /superseded by new/);
        expect(await reg.currentClass('e1')).toBeNull();
        expect((await reg.queryAudit({ entity: 'proposal', entityId: 'old' })).entries.map((e) => e.action)).toEqual(['supersede', 'create']);
        await expectRegisterError(reg.createProposal({ id: 'new', enterprise: 'e3', toClass: 'A', basis: {} }, 'engine'), 'LW_REGISTER_CONFLICT');
      });

      it('two writers proposing for one enterprise at once leave exactly one pending proposal', async () => {
        const reg = await fresh();
        const other = await fixture!.peer(reg);
        if (other !== reg) opened.push(other);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? reg : other).createProposal({ id: `race-${i}`, enterprise: 'e1', toClass: 'B', basis: { i } }, `w${i}`)),
        );
        for (const o of outcomes) if (o.status === 'rejected') expect(isRegisterError(o.reason, 'LW_REGISTER_CONFLICT'), String(o.reason)).toBe(true);
        expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
        expect(await reg.listProposals({ enterprise: 'e1', status: 'pending' })).toHaveLength(1);
      });
    });

    describe('draws', () => {
      it('stores a draw as made, lists it, and publishes it once', async () => {
        const clock = manualClock();
        const reg = await fresh(clock.now);
        const parameters = { weights: { A: 1, B: 2, C: 4 }, enterprises: 3, inspectorsPerVisit: 2 };
        const picks = [{ enterprise: 'e7', inspectors: ['i2', 'i5'] }];
        const draw = await reg.createDraw({ id: 'q1', period: '2026-Q1', seed: '20260301-county', parameters, picks }, 'regulator');
        expect(draw).toEqual({
          id: 'q1',
          period: '2026-Q1',
          seed: '20260301-county',
          parameters,
          picks,
          published: false,
          publishedAt: null,
          publishedBy: null,
          createdAt: new Date(T0).toISOString(),
          createdBy: 'regulator',
        });
        clock.advance(MINUTE);
        await reg.createDraw({ id: 'q2', period: '2026-Q2', seed: 's2', parameters: {}, picks: [] }, 'regulator');
        expect((await reg.listDraws()).map((d) => d.id)).toEqual(['q2', 'q1']);
        expect((await reg.listDraws({ period: '2026-Q1' })).map((d) => d.id)).toEqual(['q1']);
        clock.advance(MINUTE);
        const published = await reg.publishDraw('q1', 'head');
        expect(published).toMatchObject({ published: true, publishedBy: 'head', publishedAt: new Date(T0 + 2 * MINUTE).toISOString(), picks });
        expect(await reg.getDraw('q1')).toEqual(published);
        await expectRegisterError(reg.publishDraw('q1', 'head'), 'LW_REGISTER_CONFLICT', /published already/);
        await expectRegisterError(reg.getDraw('q9'), 'LW_REGISTER_NOT_FOUND');
        await expectRegisterError(reg.createDraw({ id: 'q1', period: 'x', seed: 's', parameters: {}, picks: [] }, 'regulator'), 'LW_REGISTER_CONFLICT');
        expect((await reg.queryAudit({ entity: 'draw', entityId: 'q1' })).entries.map((e) => e.action)).toEqual(['publish', 'create']);
      });
    });

    describe('durability and concurrency', () => {
      it('keeps everything across close and reopen', async () => {
        const clock = manualClock();
        const reg = await fixture!.fresh(clock.now);
        await reg.importRecords(records(30, 'keep'), 'alice');
        await reg.updateRecord('keep-3', { expectedVersion: 1, body: { edited: true } }, 'bob');
        await reg.seedClasses([{ enterprise: 'imp-e1', class: 'B' }], 'config');
        await reg.createProposal({ id: 'kp', enterprise: 'imp-e1', toClass: 'A', basis: { why: 'all A conditions met' } }, 'engine');
        await reg.decideProposal('kp', { action: 'accept', reason: 'review' }, 'regulator');
        await reg.createDraw({ id: 'kd', period: '2026-Q1', seed: 's', parameters: { k: 1 }, picks: ['imp-e1'] }, 'regulator');
        await reg.publishDraw('kd', 'regulator');
        const snapshot = async (r: Register) => ({
          records: await r.listRecords(),
          history: await r.classHistory('imp-e1'),
          proposals: await r.listProposals(),
          draws: await r.listDraws(),
          audit: await r.queryAudit({ limit: 1_000 }),
        });
        const before = await snapshot(reg);
        await reg.close();
        await expectRegisterError(reg.listRecords(), 'LW_REGISTER_CLOSED');
        const again = await fixture!.reopen(reg, clock.now);
        opened.push(again);
        expect(await snapshot(again)).toEqual(before);
        // import 30, update, seed, proposal create, accept (proposal + class), draw create, publish
        expect(before.audit.entries).toHaveLength(30 + 1 + 1 + 1 + 2 + 1 + 1);
        // And it carries on: the audit sequence continues after the old entries.
        await again.updateRecord('keep-3', { expectedVersion: 2, body: { edited: 2 } }, 'bob');
        const [latest] = (await again.queryAudit({ limit: 1 })).entries;
        expect(latest.seq).toBeGreaterThan(before.audit.entries[0].seq);
      });

      it('two writers with optimistic retries lose no update', async () => {
        const reg = await fresh();
        const other = await fixture!.peer(reg);
        if (other !== reg) opened.push(other);
        await reg.createRecord({ id: 'counter', enterprise: 'e1', kind: 'inspection', body: { visits: 0 } }, 'setup');
        // The race made explicit first: both read version 1, the later write must fail.
        const [seenByOne, seenByOther] = await Promise.all([reg.getRecord('counter'), other.getRecord('counter')]);
        await reg.updateRecord('counter', { expectedVersion: seenByOne.version, body: { visits: 0 } }, 'w1');
        await expectRegisterError(other.updateRecord('counter', { expectedVersion: seenByOther.version, body: { visits: -1 } }, 'w2'), 'LW_REGISTER_CONFLICT');
        const perWriter = 12;
        const writer = async (handle: Register, user: string): Promise<void> => {
          for (let done = 0; done < perWriter; ) {
            const current = await handle.getRecord('counter');
            // Yield so the other writer can read the same version in between.
            await new Promise((resolve) => setImmediate(resolve));
            try {
              await handle.updateRecord('counter', { expectedVersion: current.version, body: { visits: (current.body.visits as number) + 1 } }, user);
              done++;
            } catch (error) {
              if (!isRegisterError(error, 'LW_REGISTER_CONFLICT')) throw error;
            }
          }
        };
        await Promise.all([writer(reg, 'w1'), writer(other, 'w2')]);
        const final = await reg.getRecord('counter');
        expect(final.body).toEqual({ visits: 2 * perWriter });
        expect(final.version).toBe(2 * perWriter + 2);
        const updates = (await reg.queryAudit({ entityId: 'counter', limit: 1_000 })).entries.filter((e) => e.action === 'update');
        expect(updates).toHaveLength(2 * perWriter + 1);
        // Each audited update starts from what the previous one left.
        const visits = updates.map((e) => [(e.before as { body: { visits: number } }).body.visits, (e.after as { body: { visits: number } }).body.visits]).reverse();
        visits.slice(1).forEach(([from, to], i) => {
          expect([from, to]).toEqual([i, i + 1]);
        });
      });

      it('refuses every call after close', async () => {
        const reg = await fixture!.fresh();
        await reg.close();
        await reg.close();
        await expectRegisterError(reg.createRecord({ enterprise: 'e1', kind: 'tax', body: {} }, 'alice'), 'LW_REGISTER_CLOSED');
        await expectRegisterError(reg.queryAudit(), 'LW_REGISTER_CLOSED');
      });
    });
  });
}
