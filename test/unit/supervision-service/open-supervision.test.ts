/**
 * The start-up path on the shipped demo configuration: the register opens,
 * the empty register takes the demo records, and the demo shows a C maker
 * with the record that makes it C; opening again adds nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { openSupervision } from '../../../supervision-service/open-supervision.js';
import { readSeedRecords } from '../../../supervision-service/open-supervision.js';
import { TraceRecordDesk } from '../../../trace-service/index.js';

const DEMO = new URL('../../../config/demo.json', import.meta.url).pathname;

describe('openSupervision', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-open-supervision-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds an empty register with the demo records once, and the demo C maker is suggested C by its spot check', async () => {
    const config = await loadConfig(DEMO);
    const file = join(dir, 'register.duckdb');
    const first = await openSupervision(config, { register: { kind: 'embedded', file }, clock: () => Date.UTC(2026, 11, 4) });
    const count = (await first.register.listRecords()).length;
    expect(count).toBeGreaterThan(10);
    const dongsheng = await first.service.classOf('dongsheng');
    expect(dongsheng.registered?.class).toBe('C');
    expect(dongsheng.suggestion.suggested).toBe('C');
    expect(dongsheng.suggestion.conditions.find((c) => c.status === 'failed')?.records).toContain('demo-dongsheng-sc-2026');
    const page = await first.service.publicPage();
    expect(page.spotChecks.map((s) => s.enterprise)).not.toContain('jinxing');
    // The demo maker's lots, reels, tests and shipment are seeded beside the bureau's records, which stay as they were.
    const trace = await new TraceRecordDesk(first.register, new Set(config.enterprises.map((e) => e.id))).list({ id: 'reg', role: 'regulator', enterprise: null });
    expect(new Set(trace.map((v) => v.kind))).toEqual(new Set(['trace.material-lot', 'trace.reel-lots', 'trace.reel-test', 'trace.shipment']));
    expect(new Set(trace.map((v) => v.enterprise))).toEqual(new Set(['hengyuan']));
    expect((await first.service.records.list()).every((v) => !v.kind.startsWith('trace.'))).toBe(true);
    expect((await first.service.classOf('hengyuan')).suggestion.suggested).not.toBe('C');
    await first.close();
    const again = await openSupervision(config, { register: { kind: 'embedded', file } });
    expect((await again.register.listRecords()).length).toBe(count);
    await again.close();
  });

  it('refuses a seed file with a bad record, naming its index and field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ kind: 'penalty', id: 'p', enterprise: 'acme', date: '2026-01-01', decisionNumber: 'n', reason: 'r', qualityRelated: 'yes' }]));
    await expect(readSeedRecords(file, new Set(['acme']))).rejects.toThrow(/\[0\] penalty\.qualityRelated: expected true or false/);
    writeFileSync(file, JSON.stringify([{ kind: 'trace.shipment', id: 's', enterprise: 'acme', reels: ['R 1'], customer: 'C', shippedOn: '2026-01-01', destination: 'D' }]));
    await expect(readSeedRecords(file, new Set(['acme']))).rejects.toThrow(/\[0\] shipment\.reels\[0\]: expected a reel id/);
  });
});
