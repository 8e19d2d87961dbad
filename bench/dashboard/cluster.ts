/**
 * A county-sized cluster for the dashboard benchmark, built in code: N
 * enterprises in the real class mix (240 A, 750 B, 60 C of 1,050), three
 * lines each, a regulator, alerts spread over the last two hours, and the
 * live event sources the dashboard forwards (alerts, risk changes).
 */
import { bookDirectory } from '../../core/alerts/book-directory.js';
import { EpisodeBook } from '../../monitor/episode-book.js';
import type { AlertDirectory } from '../../core/alerts/alert-directory.js';
import { SEVERITY_BY_RULE, type AlertEvent, type AlertRule } from '../../monitor/alert.js';
import { parseConfig } from '../../config/load.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { LiveRiskEvent } from '../../protocol/live-messages.js';
import type { RiskEventSource } from '../../dashboard/options.js';
import { hashPassword } from '../../security/password.js';

export const REGULATOR_PASSWORD = 'bench-regulator-password';
export const TOKEN_SECRET = 'bench-dashboard-token-secret-0123456789';
export const CHARACTERISTICS = ['insulation_thickness', 'conductor_resistance', 'conductor_diameter', 'eccentricity'] as const;
const RULES = Object.keys(SEVERITY_BY_RULE).filter((r) => r !== 'riskLevel') as AlertRule[];
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

export function enterpriseId(i: number): string {
  return `ent-${String(i).padStart(4, '0')}`;
}

export async function clusterConfig(enterprises: number, dataDir: string): Promise<LinewatchConfig> {
  const classOf = (i: number) => (i % 105 < 24 ? 'A' : i % 105 < 99 ? 'B' : 'C');
  const file = {
    version: 1,
    enterprises: Array.from({ length: enterprises }, (_, i) => ({
      id: enterpriseId(i),
      name: `Cable Works No. ${i + 1}`,
      class: classOf(i),
      lastInspection: '2026-01-15',
      lines: ['L1', 'L2', 'L3'].map((id) => ({ id, product: 'BV-1.5' })),
    })),
    products: [
      {
        id: 'BV-1.5',
        name: 'BV 1.5 mm2',
        characteristics: {
          insulation_thickness: { lsl: 0.53, nominal: 0.7 },
          conductor_resistance: { usl: 12.1 },
          conductor_diameter: { lsl: 1.35, usl: 1.45, nominal: 1.38 },
          eccentricity: { usl: 10 },
        },
      },
    ],
    gateways: [],
    services: [],
    users: [{ id: 'regulator', name: 'County bureau', role: 'regulator', passwordHash: await hashPassword(REGULATOR_PASSWORD, { N: 1024 }) }],
    store: { kind: 'embedded', dataDir },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
    http: { port: 0, host: '127.0.0.1', tokenSecret: TOKEN_SECRET },
  };
  return parseConfig(JSON.stringify(file), 'bench-dashboard.json', dataDir);
}

/** A deterministic generator, so runs compare. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface LiveCluster {
  readonly alerts: AlertDirectory;
  readonly risk: RiskEventSource;
  /** Raises one more alert on a random series, published as the analytics service would. */
  raiseAlert(now: number): void;
  /** Publishes a risk change for enterprise i. */
  riskChange(i: number, score: number): void;
}

export function liveCluster(enterprises: number, initialAlerts: number, now: number): LiveCluster {
  const book = new EpisodeBook();
  const alertListeners = new Set<(e: AlertEvent) => void>();
  const riskListeners = new Set<(e: LiveRiskEvent) => void>();
  const rnd = random(7);
  let sampleTs = now - 2 * 3_600_000;
  const signal = (at: number) => {
    const e = enterpriseId(Math.floor(rnd() * enterprises));
    const line = `L${1 + Math.floor(rnd() * 3)}`;
    const characteristic = CHARACTERISTICS[Math.floor(rnd() * CHARACTERISTICS.length)];
    sampleTs += 1 + Math.floor(rnd() * 1000);
    return book.signal({ enterprise: e, line, characteristic }, RULES[Math.floor(rnd() * RULES.length)], Math.min(sampleTs, at), 0.6 + rnd() * 0.2, at);
  };
  for (let i = 0; i < initialAlerts; i++) signal(now - 2 * 3_600_000 + (i / initialAlerts) * 2 * 3_600_000);
  const publish = (event: AlertEvent) => {
    for (const l of alertListeners) l(event);
  };
  return {
    alerts: bookDirectory(book, Date.now, publish, (listener) => {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    }),
    risk: {
      subscribe(listener) {
        riskListeners.add(listener);
        return () => riskListeners.delete(listener);
      },
    },
    raiseAlert(at) {
      const event = signal(at);
      if (event) publish(event);
    },
    riskChange(i, score) {
      const id = enterpriseId(i);
      const level = LEVELS[Math.min(3, Math.floor(score / 25))];
      const event: LiveRiskEvent = {
        enterprise: id,
        id,
        score,
        level,
        registeredClass: 'B',
        suggestedClass: score >= 50 ? 'C' : score >= 25 ? 'B' : 'A',
        classDiffers: score >= 50 || score < 25,
        nextInspection: '2026-07-15',
        inspectionDue: false,
        activeAlerts: 0,
        topContributors: [{ line: 'L1', characteristic: 'insulation_thickness', diagnosis: 'off-centre', score, share: 0.6, summary: `mean sits ${(score / 25).toFixed(1)} sigma above the minimum` }],
      };
      for (const l of riskListeners) l(event);
    },
  };
}
