/** How numbers, times and domain names read on the page. */
import { CHARACTERISTICS, isCharacteristicName } from '../../domain/characteristics.js';

/** Every duration the page shows ("12 s", "about 4 min"): the risk summaries and the report use the same function. */
export { formatDuration } from '../../domain/duration.js';

const CHARACTERISTIC_LABELS: Record<string, string> = {
  conductor_diameter: 'Conductor diameter',
  insulation_thickness: 'Insulation thickness',
  sheath_thickness: 'Sheath thickness',
  conductor_resistance: 'Conductor resistance',
  eccentricity: 'Eccentricity',
  spark_faults: 'Spark faults',
};

export function characteristicLabel(name: string): string {
  return CHARACTERISTIC_LABELS[name] ?? name.replace(/_/g, ' ');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A measurement with enough digits for gauge resolution (0.001) without noise. */
export function formatValue(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}

/** An index (Cpk, score): two decimals, a dash when it does not exist. */
export function formatIndex(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(2);
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatPpm(ppm: number | null | undefined): string {
  if (ppm === null || ppm === undefined || !Number.isFinite(ppm)) return '—';
  if (ppm >= 100) return formatCount(ppm);
  if (ppm >= 1) return ppm.toFixed(1);
  return ppm < 0.001 ? '< 0.001' : ppm.toFixed(3);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local wall-clock time, HH:MM:SS. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local date, YYYY-MM-DD. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The labels of a time axis, as the rest of the page writes times: ISO 8601,
 * 24-hour, local. `splits` and `increment` are in seconds, as uPlot gives
 * them. Ticks a minute or more apart read HH:MM, closer ones HH:MM:SS (with
 * tenths or less below a second), ticks a day or more apart the date alone;
 * when the ticks span more than one day, the date (YYYY-MM-DD) goes under
 * the first tick and under the first tick of each new day.
 */
export function formatAxisTimes(splits: readonly number[], increment: number): string[] {
  if (increment >= 86_400) return splits.map((s) => formatDate(s * 1000));
  const decimals = increment >= 1 ? 0 : increment >= 0.1 ? 1 : increment >= 0.01 ? 2 : 3;
  const time = (ms: number) => {
    const d = new Date(ms);
    const hhmm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (increment >= 60 && d.getSeconds() === 0) return hhmm;
    const fraction = decimals === 0 ? '' : `.${String(d.getMilliseconds()).padStart(3, '0').slice(0, decimals)}`;
    return `${hhmm}:${pad(d.getSeconds())}${fraction}`;
  };
  const dates = splits.map((s) => formatDate(s * 1000));
  const spansDays = new Set(dates).size > 1;
  return splits.map((s, i) => (spansDays && (i === 0 || dates[i] !== dates[i - 1]) ? `${time(s * 1000)}\n${dates[i]}` : time(s * 1000)));
}

/** Local date and time, YYYY-MM-DD HH:MM. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${formatDate(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", then the date. */
export function formatAgo(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return formatDateTime(ms);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The unit a characteristic is measured in (domain/characteristics.ts). */
export function unitOf(characteristic: string): string {
  return isCharacteristicName(characteristic) ? CHARACTERISTICS[characteristic].unit : '';
}

/** Decimals that show a characteristic at gauge resolution. */
export function digitsOf(characteristic: string): number {
  return characteristic === 'spark_faults' ? 0 : characteristic === 'eccentricity' ? 2 : 3;
}
