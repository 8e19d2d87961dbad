import { describe, expect, it } from 'vitest';
import { startOpsServer } from '../../../ops/ops-server.js';

describe('the operations server', () => {
  it('answers /healthz, /readyz (503 when not ready) and /metrics, then closes', async () => {
    let ready = false;
    const server = await startOpsServer({ port: 0, health: () => ({ ok: true }), ready: async () => ({ ok: ready, detail: { mqtt: ready } }), metrics: async () => 'up 1\n' });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'unavailable', mqtt: false });
      ready = true;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const metrics = await fetch(`${server.url}/metrics`);
      expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(await metrics.text()).toBe('up 1\n');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
