/**
 * How the HTTP API answers when an alert action over MQTT gets no answer:
 * a 503 with Retry-After, the same catalogue format as every other error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertDirectory } from '../../../core/alerts/alert-directory.js';
import { AlertCommandError, type AlertCommandErrorCode } from '../../../dashboard/alert-command-error.js';
import { bearer, testDirectory, startApi, T0, type ApiHarness } from '../../support/http-api-fixture.js';

let api: ApiHarness | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

/** An app whose directory reads like the test book but fails every action with `error`. */
async function failingActions(error: Error): Promise<{ api: ApiHarness; id: string }> {
  let reads: AlertDirectory | null = null;
  const directory: AlertDirectory = {
    list: (f) => reads!.list(f),
    get: (id) => reads!.get(id),
    acknowledge: () => Promise.reject(error),
    resolve: () => Promise.reject(error),
    acknowledgeMany: () => Promise.reject(error),
    pareto: (f) => reads!.pareto(f),
    get catalogue() {
      return reads!.catalogue;
    },
    subscribe: () => () => {},
  };
  const harness = await startApi({ alerts: directory });
  reads = testDirectory(harness.book, () => harness.clock.now);
  const { alert } = harness.book.signal({ enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' }, 'shewhart', T0 - 1000, 0.5, T0)!;
  return { api: harness, id: alert.id };
}

describe('alert actions the analytics service did not confirm', () => {
  it.each<[AlertCommandErrorCode]>([['LW_ALERT_TIMEOUT'], ['LW_ALERT_UNAVAILABLE']])('answer %s with 503 and Retry-After', async (code) => {
    const built = await failingActions(new AlertCommandError(code, 'the analytics service did not answer within 5000 ms; the acknowledge is not confirmed'));
    api = built.api;
    const token = await api.login('qa-acme');
    for (const [url, payload] of [
      [`/api/alerts/${built.id}/ack`, { comment: 'checked' }],
      [`/api/alerts/${built.id}/resolve`, { comment: 'checked', cause: 'gauge', action: 'recalibrated-gauge' }],
      ['/api/alerts/ack', { ids: [built.id], comment: 'checked' }],
    ] as const) {
      const res = await api.app.inject({ method: 'POST', url, headers: bearer(token), payload });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({ error: { code: 'LW_HTTP_UNAVAILABLE', message: 'the analytics service did not answer within 5000 ms; the acknowledge is not confirmed' } });
    }
  });

  it('answer a refused command with a 500 that names only the request id', async () => {
    const built = await failingActions(new AlertCommandError('LW_ALERT_REJECTED', 'the analytics service refused the command: LW_ALERT_BAD_COMMAND: ...'));
    api = built.api;
    const token = await api.login('qa-acme');
    const res = await api.app.inject({ method: 'POST', url: `/api/alerts/${built.id}/ack`, headers: bearer(token), payload: { comment: 'checked' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('LW_HTTP_INTERNAL');
    expect(res.body).not.toMatch(/BAD_COMMAND/);
  });
});
