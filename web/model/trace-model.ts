/**
 * What the trace pages show, from the trace API's answers: the question a
 * trace asks (from the URL, to the API and to a recall's basis), verdicts
 * as badges (colour, shape and word), a reel's span and length, where it
 * was shipped, and the recall list of customers. Pure: no DOM, no fetch.
 */
import type { ReelCalibration, RecallRecord, ReelShipment, ReelTestRecord, ReelTestsSummary, ReelVerdict, TracedReel } from './trace-types.js';

/** What a trace starts from: a line and time range, an alert episode, or a material lot. */
export type TraceQuery =
  | { readonly by: 'line'; readonly enterprise: string; readonly line: string; readonly from: string; readonly to: string }
  | { readonly by: 'episode'; readonly enterprise: string; readonly episode: string }
  | { readonly by: 'lot'; readonly enterprise: string; readonly lot: string };

/**
 * The trace the URL asks for (`#/trace?enterprise=&line=&from=&to=`, `&episode=`
 * or `&lot=`), or null with the reason when it asks for none or is incomplete.
 */
export function traceQueryOf(params: URLSearchParams, enterprise: string): { query: TraceQuery } | { query: null; reason: string } {
  const value = (name: string) => params.get(name)?.trim() ?? '';
  if (!enterprise) return { query: null, reason: 'no enterprise to trace' };
  if (value('episode')) return { query: { by: 'episode', enterprise, episode: value('episode') } };
  if (value('lot')) return { query: { by: 'lot', enterprise, lot: value('lot') } };
  const line = value('line');
  const from = value('from');
  const to = value('to');
  if (!line && !from && !to) return { query: null, reason: 'choose a line and a time range, an alert episode or a material lot' };
  if (!line) return { query: null, reason: 'choose a line' };
  if (!from || !to) return { query: null, reason: 'give the start and the end of the time range' };
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start)) return { query: null, reason: `the start '${from}' is not a date and time` };
  if (Number.isNaN(end)) return { query: null, reason: `the end '${to}' is not a date and time` };
  if (end <= start) return { query: null, reason: 'the end of the time range must come after its start' };
  return { query: { by: 'line', enterprise, line, from, to } };
}

function searchOf(query: TraceQuery): URLSearchParams {
  const params = new URLSearchParams({ enterprise: query.enterprise });
  if (query.by === 'line') {
    params.set('line', query.line);
    params.set('from', query.from);
    params.set('to', query.to);
  } else if (query.by === 'episode') params.set('episode', query.episode);
  else params.set('lot', query.lot);
  return params;
}

/** The API path of a trace, as JSON or as the API's CSV. */
export function traceApiPath(query: TraceQuery, format: 'json' | 'csv' = 'json'): string {
  const params = searchOf(query);
  if (format === 'csv') params.set('format', 'csv');
  return `/api/trace/reels?${params.toString()}`;
}

/** The page address of a trace, to bookmark or link to (from an alert episode). */
export function traceHash(query: TraceQuery): string {
  return `#/trace?${searchOf(query).toString()}`;
}

/** A file name for a trace's CSV that says what was traced. */
export function traceFileName(query: TraceQuery): string {
  const what = query.by === 'line' ? `${query.line}-${query.from.slice(0, 10)}` : query.by === 'episode' ? `episode-${query.episode}` : `lot-${query.lot}`;
  return `trace-${query.enterprise}-${what}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** A recall case's basis: the trace it was opened from. */
export function recallBasis(query: TraceQuery): RecallRecord['basis'] {
  if (query.by === 'line') return { by: 'line', line: query.line, from: query.from, to: query.to };
  if (query.by === 'episode') return { by: 'episode', episode: query.episode };
  return { by: 'lot', lot: query.lot };
}

/** A recall's basis in words. */
export function basisText(basis: RecallRecord['basis']): string {
  if (basis.by === 'line') return `line ${basis.line ?? '?'} from ${instantText(basis.from)} to ${instantText(basis.to)}`;
  if (basis.by === 'episode') return `alert episode ${basis.episode ?? '?'}`;
  return `material lot ${basis.lot ?? '?'}`;
}

/** An ISO instant as local YYYY-MM-DD HH:MM; what was given when it is no instant. */
export function instantText(iso: string | undefined): string {
  if (!iso) return '?';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTimeText(ms);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local date and time, YYYY-MM-DD HH:MM. */
export function dateTimeText(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` input's value (local wall clock) as an ISO instant; '' when empty or no time. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/** An ISO instant as a `datetime-local` input's value (local wall clock). */
export function isoToLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** When a reel was wound: start to end, the end's date only when it differs; "open" while it is. */
export function reelSpanText(startedAt: number, endedAt: number | null): string {
  const start = dateTimeText(startedAt);
  if (endedAt === null) return `${start} – open`;
  const end = dateTimeText(endedAt);
  return end.slice(0, 10) === start.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start} – ${end}`;
}

/** The reel's length from its counter, whole metres; a dash where a counter was not read. */
export function reelLengthText(lengthM: number | null): string {
  if (lengthM === null || !Number.isFinite(lengthM)) return '—';
  return `${Math.round(lengthM).toLocaleString('en-US')} m`;
}

export interface VerdictBadge {
  /** The colour and shape of the scale in web/lib/levels.ts (this module stays free of the DOM); null for the neutral badge. */
  readonly level: 'low' | 'critical' | null;
  readonly text: string;
}

const VERDICTS: Record<ReelVerdict, VerdictBadge> = {
  conforming: { level: 'low', text: 'Conforming' },
  nonconforming: { level: 'critical', text: 'Nonconforming' },
  'insufficient-data': { level: null, text: 'Insufficient data' },
};

export function verdictBadge(verdict: ReelVerdict): VerdictBadge {
  return VERDICTS[verdict];
}

/** A test's figure with its unit; the result alone for a pass/fail test. */
export function testValueText(test: Pick<ReelTestRecord, 'value' | 'unit'>): string {
  if (test.value === null) return '—';
  return test.unit ? `${test.value} ${test.unit}` : String(test.value);
}

/** A reel's tests in a table cell: how many, and which failed. */
export function testsSummary(tests: ReelTestsSummary): string {
  if (tests.count === 0) return 'none recorded';
  const all = `${tests.count} ${tests.count === 1 ? 'test' : 'tests'}`;
  return tests.failed.length === 0 ? `${all}, all passed` : `${all}, failed: ${tests.failed.join(', ')}`;
}

/** Where a reel went: each customer with its destination and date. */
export function shippedText(shipments: readonly Pick<ReelShipment, 'customer' | 'destination' | 'shippedOn'>[]): string {
  if (shipments.length === 0) return 'not shipped';
  return shipments.map((s) => `${s.customer} → ${s.destination} (${s.shippedOn})`).join('; ');
}

/** One customer of the recall list: the affected reels it received, and where. */
export interface RecallCustomer {
  readonly customer: string;
  readonly reels: readonly string[];
  readonly destinations: readonly string[];
  /** Of those reels, the nonconforming ones. */
  readonly nonconforming: readonly string[];
}

/**
 * The recall list of a trace: every customer an affected reel was shipped
 * to, by name, with its reels (in trace order) and destinations; reels not
 * shipped name no customer. A reel with no quality record (reached through
 * a lot) has no verdict but is recalled all the same.
 */
export function recallCustomers(rows: readonly (Pick<TracedReel, 'reel' | 'shipments'> & { readonly verdict?: ReelVerdict })[]): RecallCustomer[] {
  const byCustomer = new Map<string, { reels: string[]; destinations: string[]; nonconforming: string[] }>();
  for (const row of rows) {
    for (const s of row.shipments) {
      let entry = byCustomer.get(s.customer);
      if (!entry) byCustomer.set(s.customer, (entry = { reels: [], destinations: [], nonconforming: [] }));
      if (!entry.reels.includes(row.reel)) {
        entry.reels.push(row.reel);
        if (row.verdict === 'nonconforming') entry.nonconforming.push(row.reel);
      }
      if (!entry.destinations.includes(s.destination)) entry.destinations.push(s.destination);
    }
  }
  return [...byCustomer.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([customer, e]) => ({ customer, ...e }));
}

/** How many reels of a trace have each verdict, in words ("3 reels: 1 nonconforming, 2 conforming"). */
export function verdictCountText(rows: readonly Pick<TracedReel, 'verdict'>[]): string {
  if (rows.length === 0) return 'no reel';
  const counts = (['nonconforming', 'insufficient-data', 'conforming'] as const)
    .map((v) => [v, rows.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${VERDICTS[v].text.toLowerCase()}`);
  return `${rows.length} ${rows.length === 1 ? 'reel' : 'reels'}: ${counts.join(', ')}`;
}

const STATUS_TEXT: Record<RecallRecord['status'], string> = { open: 'Open', notified: 'Customers notified', recovering: 'Recovering reels', closed: 'Closed' };

export function recallStatusText(status: RecallRecord['status']): string {
  return STATUS_TEXT[status];
}

/** A recall action's "who and when": "by li-na at 2026-12-04 10:15". */
export function actionByText(action: { readonly by: string; readonly at: string }): string {
  return `by ${action.by} at ${instantText(action.at)}`;
}

/**
 * A gauge's calibration over the reel's days in words: valid with its
 * instruments, lapsed with the days no certificate covered, or no gauge in
 * the register (also when the trace says nothing of the characteristic).
 */
export function calibrationText(calibration: Pick<ReelCalibration, 'status' | 'instruments' | 'uncoveredDays'> | undefined): string {
  if (!calibration || calibration.status === 'not-registered') return 'No gauge in the register';
  const by = calibration.instruments.length > 0 ? ` (${calibration.instruments.join(', ')})` : '';
  if (calibration.status === 'valid') return `Calibrated${by}`;
  return `Lapsed${by}: no certificate on ${calibration.uncoveredDays.join(', ')}`;
}

/** Metres out of spec: a dash when no reading carried a position. */
export function metresText(metres: number | null): string {
  if (metres === null || !Number.isFinite(metres)) return '—';
  return `${metres.toLocaleString('en-US', { maximumFractionDigits: 1 })} m`;
}
