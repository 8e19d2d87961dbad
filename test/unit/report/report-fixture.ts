/**
 * What the report tests stand on: a small cluster (three enterprises, one of
 * them silent), a real embedded store in a temporary folder, measurements of
 * December 2025 and January 2026 (and a little of February) drawn from known
 * normal distributions, alert events made by a real EpisodeBook and stored as
 * the journal stores them, and risk assessments stored as the risk loop does.
 * The plans are exported so tests compute what to expect from them, not from
 * the code under test.
 */
import { LiveConfig } from '../../../monitor/live-config.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../../monitor/causes.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import type { AlertRule } from '../../../monitor/alert.js';
import { toStoredEvent } from '../../../analytics/alerts/alert-journal.js';
import type { EnterpriseRiskSummary } from '../../../analytics/risk/risk-views.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import type { CharacteristicName } from '../../../domain/characteristics.js';
import { levelOf, resolveRiskOptions, type SupervisionClass } from '../../../risk/options.js';
import { SeededRandom } from '../../../simulators/random.js';
import { resolveSpcOptions } from '../../../spc/options.js';
import { openStore } from '../../../store/open-store.js';
import type { AlertEvent, Measurement, TimeSeriesStore } from '../../../store/port.js';

export const DEC = { month: '2025-12', from: Date.UTC(2025, 11, 1), to: Date.UTC(2026, 0, 1) };
export const JAN = { month: '2026-01', from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) };
export const FEB = { month: '2026-02', from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1) };
/** When the tests make their reports: February is under way. */
export const NOW = Date.UTC(2026, 1, 10, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function reportConfig(dataDir: string, names: Partial<Record<'acme' | 'beta' | 'gamma', string>> = {}): LinewatchConfig {
  return {
    source: 'report-fixture',
    enterprises: [
      { id: 'acme', name: names.acme ?? 'Acme Cable', class: 'B', lastInspection: '2025-09-15', lines: [{ id: 'L1', product: 'BV-1.5' }, { id: 'L2', product: 'BV-2.5' }] },
      { id: 'beta', name: names.beta ?? 'Beta Wire', class: 'A', lastInspection: '2025-03-01', lines: [{ id: 'L1', product: 'BV-2.5' }] },
      { id: 'gamma', name: names.gamma ?? 'Gamma Electric', class: 'C', lastInspection: '2025-12-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
    ],
    products: [
      {
        id: 'BV-1.5',
        name: 'BV 1.5 mm2',
        characteristics: { insulation_thickness: { lsl: 0.53, nominal: 0.7, source: 'GB/T 5023.3 table 1' }, conductor_resistance: { usl: 12.1 } },
      },
      {
        id: 'BV-2.5',
        name: 'BV 2.5 mm2',
        characteristics: { insulation_thickness: { lsl: 0.62, nominal: 0.8 }, conductor_resistance: { usl: 7.41 }, conductor_diameter: { lsl: 1.74, usl: 1.84, nominal: 1.79 } },
      },
    ],
    gateways: [],
    services: [],
    users: [
      { id: 'reg', role: 'regulator', passwordHash: 'scrypt$unused-in-these-tests' },
      { id: 'qa-acme', role: 'enterprise', enterprise: 'acme', passwordHash: 'scrypt$unused-in-these-tests' },
      { id: 'qa-beta', role: 'enterprise', enterprise: 'beta', passwordHash: 'scrypt$unused-in-these-tests' },
    ],
    spc: resolveSpcOptions(),
    live: new LiveConfig(),
    alerts: DEFAULT_CAUSE_CATALOGUE,
    risk: resolveRiskOptions(),
    store: { kind: 'embedded', dataDir },
    mqtt: { url: 'mqtt://127.0.0.1:1883', listen: null },
    http: { port: 0, host: '127.0.0.1' },
  };
}

interface SeriesPlan {
  enterprise: string;
  line: string;
  characteristic: CharacteristicName;
  period: { from: number; to: number };
  mean: number;
  sd: number;
  /** Only the first this many days of the period. */
  days?: number;
}

/** A sample every 10 minutes from each planned series. */
export const SERIES_PLAN: readonly SeriesPlan[] = [
  { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', period: DEC, mean: 0.65, sd: 0.02 },
  { enterprise: 'acme', line: 'L1', characteristic: 'conductor_resistance', period: DEC, mean: 11.7, sd: 0.1 },
  { enterprise: 'acme', line: 'L2', characteristic: 'insulation_thickness', period: DEC, mean: 0.78, sd: 0.02 },
  { enterprise: 'beta', line: 'L1', characteristic: 'insulation_thickness', period: DEC, mean: 0.7, sd: 0.02 },
  { enterprise: 'beta', line: 'L1', characteristic: 'conductor_diameter', period: DEC, mean: 1.79, sd: 0.01 },
  { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', period: JAN, mean: 0.6, sd: 0.02 },
  { enterprise: 'acme', line: 'L1', characteristic: 'conductor_resistance', period: JAN, mean: 11.8, sd: 0.1 },
  { enterprise: 'acme', line: 'L2', characteristic: 'insulation_thickness', period: JAN, mean: 0.78, sd: 0.02, days: 20 },
  // A series the configuration does not list (line L9).
  { enterprise: 'acme', line: 'L9', characteristic: 'conductor_diameter', period: JAN, mean: 1.5, sd: 0.01, days: 3 },
  { enterprise: 'beta', line: 'L1', characteristic: 'insulation_thickness', period: JAN, mean: 0.71, sd: 0.02 },
  { enterprise: 'beta', line: 'L1', characteristic: 'conductor_resistance', period: JAN, mean: 7.0, sd: 0.05, days: 10 },
  { enterprise: 'beta', line: 'L1', characteristic: 'conductor_diameter', period: JAN, mean: 1.79, sd: 0.01 },
  { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', period: { from: FEB.from, to: NOW }, mean: 0.6, sd: 0.02, days: 5 },
];

export function plannedMeasurements(): Measurement[] {
  const rng = new SeededRandom(20260101);
  const out: Measurement[] = [];
  for (const p of SERIES_PLAN) {
    const end = p.days === undefined ? p.period.to : Math.min(p.period.to, p.period.from + p.days * DAY);
    for (let ts = p.period.from + 7 * MIN; ts < end; ts += 10 * MIN) {
      out.push({ enterprise: p.enterprise, line: p.line, characteristic: p.characteristic, ts, value: p.mean + p.sd * rng.normal() });
    }
  }
  // The edges of January: its last millisecond is in it, February's first is not.
  out.push({ enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', ts: JAN.to - 1, value: 0.61 });
  out.push({ enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', ts: JAN.to, value: 0.95 });
  return out;
}

export interface AlertPlan {
  enterprise: string;
  line: string;
  characteristic: CharacteristicName;
  rule: Exclude<AlertRule, 'riskLevel'>;
  raisedAt: number;
  updatedAt?: number;
  ackAt?: number;
  resolvedAt?: number;
}

export const ALERT_PLAN: readonly AlertPlan[] = [
  // Raised in December, acknowledged in January: an earlier alert acted on.
  { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', rule: 'cusumLarge', raisedAt: Date.UTC(2025, 11, 28, 10), ackAt: Date.UTC(2026, 0, 2, 9) },
  { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', rule: 'shewhart', raisedAt: Date.UTC(2026, 0, 5, 10), ackAt: Date.UTC(2026, 0, 5, 10, 30), resolvedAt: Date.UTC(2026, 0, 6, 10) },
  { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness', rule: 'outOfSpec', raisedAt: Date.UTC(2026, 0, 10, 8), updatedAt: Date.UTC(2026, 0, 10, 8, 1), ackAt: Date.UTC(2026, 0, 10, 10) },
  // Resolved without an acknowledgement.
  { enterprise: 'acme', line: 'L1', characteristic: 'conductor_resistance', rule: 'ewma', raisedAt: Date.UTC(2026, 0, 20, 12), resolvedAt: Date.UTC(2026, 0, 21, 14) },
  // Acknowledged only after the month's end.
  { enterprise: 'acme', line: 'L2', characteristic: 'insulation_thickness', rule: 'cusumSmall', raisedAt: Date.UTC(2026, 0, 31, 23), ackAt: Date.UTC(2026, 1, 1, 1) },
  { enterprise: 'beta', line: 'L1', characteristic: 'conductor_diameter', rule: 'ewma', raisedAt: Date.UTC(2026, 0, 15, 6), ackAt: Date.UTC(2026, 0, 15, 6, 5) },
];

/** The events the alert journal would have stored for the plan. */
export function plannedAlertEvents(): AlertEvent[] {
  const book = new EpisodeBook();
  const out: AlertEvent[] = [];
  for (const a of ALERT_PLAN) {
    const series = { enterprise: a.enterprise, line: a.line, characteristic: a.characteristic };
    const raised = book.signal(series, a.rule, a.raisedAt - 1000, 1, a.raisedAt);
    if (!raised) throw new Error('fixture: the book refused a signal');
    out.push(toStoredEvent(raised));
    if (a.updatedAt !== undefined) out.push(toStoredEvent(book.signal(series, a.rule, a.updatedAt - 1000, 1, a.updatedAt)!));
    if (a.ackAt !== undefined) out.push(toStoredEvent(book.acknowledge(raised.alert.id, 'qa', 'checked the gauge', a.ackAt)));
    if (a.resolvedAt !== undefined) out.push(toStoredEvent(book.resolve(raised.alert.id, 'qa', 'die replaced', a.resolvedAt, 'tooling', 'replaced-tooling')));
  }
  return out;
}

export interface RiskPlan {
  enterprise: string;
  at: number;
  score: number;
  suggestedClass: SupervisionClass;
}

const T = Date.UTC(2026, 0, 10);
export const RISK_PLAN: readonly RiskPlan[] = [
  { enterprise: 'acme', at: JAN.from - 10 * MIN, score: 90, suggestedClass: 'C' },
  { enterprise: 'acme', at: T, score: 30, suggestedClass: 'B' },
  { enterprise: 'acme', at: T + 5 * MIN, score: 60, suggestedClass: 'B' },
  { enterprise: 'acme', at: T + 10 * MIN, score: 40, suggestedClass: 'B' },
  // A day's gap: the service was stopped; the 40 must not hold across it.
  { enterprise: 'acme', at: T + DAY, score: 20, suggestedClass: 'B' },
  { enterprise: 'acme', at: JAN.to - 5 * MIN, score: 50, suggestedClass: 'C' },
  { enterprise: 'acme', at: JAN.to, score: 55, suggestedClass: 'C' },
  { enterprise: 'beta', at: Date.UTC(2026, 0, 15), score: 70, suggestedClass: 'B' },
  { enterprise: 'beta', at: Date.UTC(2026, 0, 15, 0, 5), score: 80, suggestedClass: 'B' },
];

const LAST_INSPECTION: Record<string, string> = { acme: '2025-09-15', beta: '2025-03-01', gamma: '2025-12-01' };
const REGISTERED: Record<string, SupervisionClass> = { acme: 'B', beta: 'A', gamma: 'C' };

/** The events the risk loop would have stored for the plan, plus one it could not have (no score). */
export function plannedRiskEvents(): AlertEvent[] {
  const levels = resolveRiskOptions().levels;
  const events: AlertEvent[] = RISK_PLAN.map((r) => {
    const summary: EnterpriseRiskSummary = {
      id: r.enterprise,
      name: r.enterprise,
      score: r.score,
      level: levelOf(r.score, levels),
      registeredClass: REGISTERED[r.enterprise],
      suggestedClass: r.suggestedClass,
      classDiffers: r.suggestedClass !== REGISTERED[r.enterprise],
      lastInspection: LAST_INSPECTION[r.enterprise],
      nextInspection: '2026-06-01',
      inspectionDue: false,
      activeAlerts: 0,
      topContributors: [],
      dataAgeMs: 1000,
      at: r.at,
    };
    return {
      id: `risk.${r.enterprise}`,
      at: r.at,
      kind: 'risk.assessed',
      enterprise: r.enterprise,
      data: { summary: JSON.parse(JSON.stringify(summary)), classState: { smoothed: r.score, suggested: r.suggestedClass, at: r.at } },
    };
  });
  events.push({ id: 'risk.beta', at: Date.UTC(2026, 0, 16), kind: 'risk.assessed', enterprise: 'beta', data: { summary: { level: 'high' } } });
  return events;
}

export interface FilledStore {
  readonly dataDir: string;
  readonly store: TimeSeriesStore;
  readonly measurements: Measurement[];
  close(): Promise<void>;
}

/** A fresh embedded store holding every plan. */
export async function filledStore(): Promise<FilledStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linewatch-report-'));
  const store = await openStore({ kind: 'embedded', dataDir });
  const measurements = plannedMeasurements();
  await store.writeMeasurements(measurements);
  await store.appendEvents([...plannedAlertEvents(), ...plannedRiskEvents()]);
  return {
    dataDir,
    store,
    measurements,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
