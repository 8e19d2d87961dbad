import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/findings/finding.js';
import { evidencePairs, findingCounts, FindingsModel } from '../../../web/model/findings-model.js';

const T = Date.UTC(2026, 11, 3, 14, 0, 0);

function finding(over: Partial<Finding> & Pick<Finding, 'id' | 'enterprise' | 'kind'>): Finding {
  return { severity: 'high', status: 'open', openedAt: T, updatedAt: T, closedAt: null, line: null, characteristic: null, gateway: null, summary: '', evidence: {}, ...over };
}

describe('findings on the page', () => {
  it('lists open findings before closed ones, each newest first, and never goes back to an older state', () => {
    const model = new FindingsModel();
    model.apply({ kind: 'opened', at: T, finding: finding({ id: 'early', enterprise: 'acme', kind: 'drift', openedAt: T - 1 }) });
    model.load([
      finding({ id: 'a', enterprise: 'acme', kind: 'drift', openedAt: T - 10 }),
      finding({ id: 'b', enterprise: 'beta', kind: 'out-of-spec', openedAt: T - 5 }),
      finding({ id: 'c', enterprise: 'beta', kind: 'silent-gateway', openedAt: T - 100, status: 'closed', closedAt: T - 50, updatedAt: T - 50 }),
    ]);
    expect(model.list().map((f) => f.id)).toEqual(['early', 'b', 'a', 'c']);
    model.apply({ kind: 'closed', at: T + 5, finding: finding({ id: 'b', enterprise: 'beta', kind: 'out-of-spec', openedAt: T - 5, status: 'closed', closedAt: T + 5, updatedAt: T + 5 }) });
    model.apply({ kind: 'updated', at: T, finding: finding({ id: 'b', enterprise: 'beta', kind: 'out-of-spec', openedAt: T - 5, updatedAt: T }) });
    expect(model.get('b')?.status).toBe('closed');
    expect(model.list().map((f) => f.id)).toEqual(['early', 'a', 'b', 'c']);
    // Live events that came before the list count as live: they are new to the page.
    expect([...model.arrivedLive]).toEqual(['early']);
  });

  it('counts enterprises with open findings, by kind', () => {
    const counts = findingCounts([
      finding({ id: '1', enterprise: 'acme', kind: 'out-of-spec' }),
      finding({ id: '2', enterprise: 'acme', kind: 'out-of-spec' }),
      finding({ id: '3', enterprise: 'acme', kind: 'drift' }),
      finding({ id: '4', enterprise: 'beta', kind: 'silent-gateway' }),
      finding({ id: '5', enterprise: 'gamma', kind: 'drift', status: 'closed' }),
    ]);
    expect(counts).toMatchObject({
      enterprises: 2,
      total: 4,
      open: { 'out-of-spec': 2, drift: 1, 'silent-gateway': 1, 'off-centre': 0 },
      enterprisesByKind: { 'out-of-spec': 1, drift: 1, 'silent-gateway': 1 },
    });
  });

  it('reads evidence in words, durations as durations', () => {
    expect(evidencePairs({ hoursToLimit: 3.1, slopePerHour: 0.0132, silentMs: 16 * 60_000, totalMs: 1200, cpkLow: 0.912, readings: 12, gateway: 'gw1', none: null })).toEqual([
      ['time to limit', 'about 3 h'],
      ['slope per hour', '0.013'],
      ['silent', 'about 16 min'],
      ['total', '1.2 s'],
      ['Cpk low', '0.91'],
      ['readings', '12'],
      ['gateway', 'gw1'],
    ]);
  });
});
