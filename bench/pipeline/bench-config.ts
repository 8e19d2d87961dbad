import { parseConfig } from '../../config/load.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { hashPassword } from '../../security/password.js';

export const BENCH_PASSWORD = 'bench-password';
export const BENCH_CHARACTERISTICS = ['conductor_diameter', 'insulation_thickness', 'sheath_thickness', 'conductor_resistance'] as const;
export const BENCH_NOMINAL: Record<(typeof BENCH_CHARACTERISTICS)[number], number> = {
  conductor_diameter: 1.38,
  insulation_thickness: 0.74,
  sheath_thickness: 1.26,
  conductor_resistance: 11.75,
};

/** The product every benchmark line makes (BVV 2x1.5), so every benchmark charts the same series. */
export const BENCH_PRODUCT = Object.freeze({
  id: 'BVV-2x1.5',
  name: 'BVV 2x1.5',
  characteristics: {
    conductor_diameter: { lsl: 1.347, usl: 1.42 },
    insulation_thickness: { lsl: 0.53, nominal: 0.7 },
    sheath_thickness: { lsl: 0.92, nominal: 1.2 },
    conductor_resistance: { usl: 12.1 },
  },
});

/** A cluster of `enterprises` x `lines` lines making BVV 2x1.5, one gateway each, every account with the same password. */
export async function benchConfig(enterprises: number, lines: number, dataDir: string): Promise<LinewatchConfig> {
  const hash = await hashPassword(BENCH_PASSWORD, { N: 1024 });
  const ids = Array.from({ length: enterprises }, (_, i) => `ent-${String(i).padStart(4, '0')}`);
  const file = {
    version: 1,
    enterprises: ids.map((id) => ({ id, name: id, class: 'B', lastInspection: '2026-01-01', lines: Array.from({ length: lines }, (_, j) => ({ id: `line-${j + 1}`, product: 'BVV-2x1.5' })) })),
    products: [BENCH_PRODUCT],
    gateways: ids.map((id) => ({ id: `${id}-gw`, enterprise: id, passwordHash: hash })),
    services: [{ id: 'analytics', role: 'analytics', passwordHash: hash }],
    users: [],
    store: { kind: 'embedded', dataDir },
    mqtt: { listen: { port: 0, host: '127.0.0.1' } },
    http: { port: 0, host: '127.0.0.1', tokenSecret: 'bench-token-secret-bench-token-secret' },
  };
  return parseConfig(JSON.stringify(file), 'bench.json', dataDir);
}
