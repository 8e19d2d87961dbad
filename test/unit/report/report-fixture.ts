/**
 * What the report tests stand on: a small cluster (three enterprises, one of
 * them silent), a real embedded store in a temporary folder, measurements of
 * December 2025 and January 2026 (and a little of February) drawn from known
 * normal distributions, alert episodes made by a real EpisodeBook (several
 * rules on one episode, escalations, resolutions by a person with a cause
 * and by themselves) and stored as the journal stores them, and risk
 * assessments stored as the risk loop does. The plans are exported so tests
 * compute what to expect from them, not from the code under test.
 */
import { LiveConfig } from '../../../monitor/live-config.js';
import { DEFAULT_CAUSE_CATALOGUE, type CauseCatalogue } from '../../../monitor/causes.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { ENTERPRISE_SCOPE, type AlertRule, type AlertSeverity } from '../../../monitor/alert.js';
import { encodeAlertRecord } from '../../../protocol/event-log/alert-records.js';
import type { EnterpriseRiskSummary } from '../../../core/enterprise-risk/risk-views.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import type { CharacteristicName } from '../../../domain/characteristics.js';
import { levelOf, resolveRiskOptions, type SupervisionClass } from '../../../risk/options.js';
import { SeededRandom } from '../../../simulators/random.js';
import { resolveSpcOptions } from '../../../spc/options.js';
import { openStore } from '../../../store/open-store.js';
import type { StoredEvent, Measurement, TimeSeriesStore } from '../../../store/port.js';

export const DEC = { month: '2025-12', from: Date.UTC(2025, 11, 1), to: Date.UTC(2026, 0, 1) };
export const JAN = { month: '2026-01', from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) };
export const FEB = { month: '2026-02', from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1) };
/** When the tests make their reports: February is under way. */
export const NOW = Date.UTC(2026, 1, 10, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function reportConfig(dataDir: string, names: Partial<Record<'acme' | 'beta' | 'gamma', string>> = {}, catalogue: CauseCatalogue = DEFAULT_CAUSE_CATALOGUE): LinewatchConfig {
  return {
    source: 'report-fixture',
    enterprises: [
      {
        id: 'acme',
        name: names.acme ?? 'Acme Cable',
        class: 'B',
        lastInspection: '2025-09-15',
        lines: [
          { id: 'L1', product: 'BV-1.5' },
          { id: 'L2', product: 'BV-2.5' },
        ],
      },
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
    alerts: catalogue,
    risk: resolveRiskOptions(),
    store: { kind: 'embedded', dataDir },
    register: { kind: 'embedded', file: join(dataDir, 'register.duckdb') },
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

/** One thing that happens to an episode: a rule's signal, an acknowledgement, a resolution by a person or by itself. */
export type EpisodeStep =
  | { kind: 'signal'; rule: AlertRule; at: number; severity?: AlertSeverity }
  | { kind: 'ack'; at: number; cause?: string }
  | { kind: 'resolve'; at: number; cause: string; action: string }
  | { kind: 'auto'; at: number };

/**
 * One alert episode: its series and what happens to it, in order. The first
 * step is the signal that raises it (server time `at`; the sample is a second
 * earlier). Different episodes of one series follow each other, the next
 * raised after the previous resolved.
 */
export interface EpisodePlan {
  /** A name for tests to find it by. */
  name: string;
  enterprise: string;
  line: string;
  characteristic: string;
  steps: readonly EpisodeStep[];
}

const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour, minute);
const signal = (rule: AlertRule, when: number, severity?: AlertSeverity): EpisodeStep => ({ kind: 'signal', rule, at: when, ...(severity ? { severity } : {}) });
const RISK = ENTERPRISE_SCOPE;

export const EPISODE_PLAN: readonly EpisodePlan[] = [
  // Raised in December, acknowledged and resolved in January: an earlier episode acted on, not one of January's.
  {
    name: 'acme-december',
    enterprise: 'acme',
    line: 'L1',
    characteristic: 'insulation_thickness',
    steps: [signal('cusumLarge', Date.UTC(2025, 11, 28, 10)), { kind: 'ack', at: at(2, 9), cause: 'material' }, { kind: 'resolve', at: at(3, 9), cause: 'material', action: 'changed-material' }],
  },
  // Four rules on one episode; out-of-spec product for longer than a glitch escalates it from high to critical.
  {
    name: 'acme-four-rules',
    enterprise: 'acme',
    line: 'L1',
    characteristic: 'insulation_thickness',
    steps: [
      signal('shewhart', at(5, 10)),
      signal('cusumLarge', at(5, 10, 2)),
      signal('ewma', at(5, 10, 3)),
      signal('outOfSpec', at(5, 10, 10), 'critical'),
      signal('shewhart', at(5, 10, 12)),
      { kind: 'ack', at: at(5, 10, 30) },
      { kind: 'resolve', at: at(6, 10), cause: 'tooling', action: 'replaced-tooling' },
    ],
  },
  // Acknowledged with a cause, still open at the month's end.
  {
    name: 'acme-open-with-cause',
    enterprise: 'acme',
    line: 'L1',
    characteristic: 'insulation_thickness',
    steps: [signal('outOfSpec', at(10, 8)), signal('outOfSpec', at(10, 8, 1)), { kind: 'ack', at: at(10, 10), cause: 'tooling' }],
  },
  // Resolved by itself; a person gives the cause the next day. It still counts as resolved by itself.
  {
    name: 'acme-auto-then-cause',
    enterprise: 'acme',
    line: 'L1',
    characteristic: 'conductor_resistance',
    steps: [signal('ewma', at(20, 12)), signal('cusumSmall', at(20, 12, 5)), { kind: 'auto', at: at(20, 12, 20) }, { kind: 'resolve', at: at(21, 14), cause: 'gauge', action: 'recalibrated-gauge' }],
  },
  // Escalated (medium to high), resolved by itself, never given a cause.
  {
    name: 'acme-auto-unassigned',
    enterprise: 'acme',
    line: 'L1',
    characteristic: 'conductor_resistance',
    steps: [signal('ewma', at(25, 8)), signal('shewhart', at(25, 8, 1)), { kind: 'auto', at: at(25, 8, 15) }],
  },
  // Raised in the month's last hour; escalated and acknowledged only after its end, which January does not see.
  {
    name: 'acme-late',
    enterprise: 'acme',
    line: 'L2',
    characteristic: 'insulation_thickness',
    steps: [signal('cusumSmall', at(31, 23)), signal('shewhart', Date.UTC(2026, 1, 1, 0, 30)), { kind: 'ack', at: Date.UTC(2026, 1, 1, 1), cause: 'setting' }],
  },
  // The enterprise's risk level changed: an episode on no line, open.
  {
    name: 'acme-risk-level',
    enterprise: 'acme',
    line: RISK.line,
    characteristic: RISK.characteristic,
    steps: [signal('riskLevel', at(10, 9)), signal('riskLevel', at(10, 9, 30))],
  },
  {
    name: 'beta-setting-1',
    enterprise: 'beta',
    line: 'L1',
    characteristic: 'conductor_diameter',
    steps: [signal('ewma', at(15, 6)), { kind: 'ack', at: at(15, 6, 5), cause: 'setting' }, { kind: 'resolve', at: at(16, 6), cause: 'setting', action: 'adjusted-process' }],
  },
  // Resolved by a person without an acknowledgement first.
  {
    name: 'beta-material',
    enterprise: 'beta',
    line: 'L1',
    characteristic: 'insulation_thickness',
    steps: [signal('cusumLarge', at(18, 12)), { kind: 'resolve', at: at(18, 13), cause: 'material', action: 'changed-material' }],
  },
  // A second episode of a series whose first one was resolved: two episodes, not one.
  {
    name: 'beta-setting-2',
    enterprise: 'beta',
    line: 'L1',
    characteristic: 'conductor_diameter',
    steps: [signal('shewhart', at(22, 10)), { kind: 'ack', at: at(22, 10, 10), cause: 'setting' }, { kind: 'resolve', at: at(22, 13), cause: 'setting', action: 'adjusted-process' }],
  },
];

/** The events the alert journal would have stored for the plan (every 'updated' kept: the journal may keep fewer). */
export function plannedAlertEvents(): StoredEvent[] {
  const book = new EpisodeBook();
  const out: StoredEvent[] = [];
  for (const p of EPISODE_PLAN) {
    const series = { enterprise: p.enterprise, line: p.line, characteristic: p.characteristic };
    let id: string | null = null;
    for (const step of p.steps) {
      if (step.kind === 'signal') {
        const event = book.signal(series, step.rule, step.at - 1000, 1, step.at, step.severity ? { severity: step.severity } : {});
        if (!event) throw new Error(`fixture: the book refused a signal of ${p.name}`);
        if (id === null && event.kind !== 'raised') throw new Error(`fixture: ${p.name} did not open an episode of its own`);
        id ??= event.alert.id;
        out.push(encodeAlertRecord(event));
      } else if (id === null) {
        throw new Error(`fixture: ${p.name} must start with a signal`);
      } else if (step.kind === 'ack') {
        out.push(encodeAlertRecord(book.acknowledge(id, 'qa', 'looked at it', step.at, step.cause ?? null)));
      } else if (step.kind === 'resolve') {
        out.push(encodeAlertRecord(book.resolve(id, 'qa', 'fixed', step.at, step.cause, step.action)));
      } else {
        out.push(encodeAlertRecord(book.autoResolve(book.get(id)!, step.at - 1000, step.at)));
      }
    }
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
export function plannedRiskEvents(): StoredEvent[] {
  const levels = resolveRiskOptions().levels;
  const events: StoredEvent[] = RISK_PLAN.map((r) => {
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
