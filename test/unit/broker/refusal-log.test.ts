import { describe, expect, it } from 'vitest';
import { RefusalLog, type BrokerLogger } from '../../../broker/refusal-log.js';
import { REFUSAL_CODES } from '../../../broker/refusals.js';

function recorder() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const logger: BrokerLogger = { info: () => {}, warn: (fields, message) => lines.push({ fields: fields as Record<string, unknown>, message }) };
  return { logger, lines };
}

describe('RefusalLog', () => {
  it('counts by code and logs the reason', () => {
    const { logger, lines } = recorder();
    const log = new RefusalLog(logger, 10);
    log.record({ code: 'foreign-enterprise', reason: 'gateway of E1 may not publish to E2', action: 'publish', clientId: 'gw', topic: 't' });
    expect(log.snapshot()['foreign-enterprise']).toBe(1);
    expect(Object.keys(log.snapshot()).sort()).toEqual([...REFUSAL_CODES].sort());
    expect(lines).toEqual([{ fields: expect.objectContaining({ code: 'foreign-enterprise', clientId: 'gw', topic: 't' }), message: 'refused publish: gateway of E1 may not publish to E2' }]);
  });

  it('logs at most the budget per minute, counts everything, and says how many went unlogged', () => {
    const { logger, lines } = recorder();
    let t = 0;
    const seen: string[] = [];
    const log = new RefusalLog(
      logger,
      2,
      () => t,
      (r) => seen.push(r.code),
    );
    for (let i = 0; i < 5; i++) log.record({ code: 'filter-too-broad', reason: 'r', action: 'subscribe' });
    expect(lines).toHaveLength(2);
    expect(log.total()).toBe(5);
    expect(seen).toHaveLength(5);
    t = 60_000;
    log.record({ code: 'filter-too-broad', reason: 'r', action: 'subscribe' });
    expect(lines).toHaveLength(3);
    expect(lines[2].fields.unloggedBefore).toBe(3);
  });
});
