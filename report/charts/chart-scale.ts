/**
 * The scales of the report's charts: a linear map from values to drawing
 * units, and round ticks (1, 2 or 5 times a power of ten) for an axis, so
 * a printed gridline reads 0.5, 1.0, 1.5 and never 0.4375.
 */

export interface Scale {
  /** Value to drawing units. */
  (value: number): number;
  readonly min: number;
  readonly max: number;
}

/** Maps [min, max] onto [from, to] (to may be below from: an SVG y axis grows downwards). */
export function linearScale(min: number, max: number, from: number, to: number): Scale {
  const span = max - min || 1;
  const scale = ((value: number) => from + ((value - min) / span) * (to - from)) as Scale;
  return Object.assign(scale, { min, max });
}

/** A round step giving at most `most` intervals over [min, max]. */
export function tickStep(min: number, max: number, most = 5): number {
  const raw = (max - min) / most || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * power >= raw) return f * power;
  return 10 * power;
}

/** The axis range [min, max] widened to whole steps, and the ticks on it. */
export function niceAxis(min: number, max: number, most = 5): { min: number; max: number; ticks: number[] } {
  const step = tickStep(min, max, most);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  // Counted, not accumulated, so 0.1 + 0.2 never prints as 0.30000000000000004.
  for (let k = 0; lo + k * step <= hi + step * 1e-9; k++) ticks.push(Number((lo + k * step).toPrecision(12)));
  return { min: lo, max: hi === lo ? lo + step : hi, ticks };
}

/** Ticks with the same number of decimals each (0, 0.5, 1.0 would read as uneven): "0.0", "0.5", "1.0". */
export function tickLabels(ticks: readonly number[]): string[] {
  const decimals = Math.max(0, ...ticks.map((t) => String(t).split('.')[1]?.length ?? 0));
  return ticks.map((t) => t.toFixed(decimals));
}

/** A drawing coordinate, short. */
export function at(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** An id usable in the page: the chart's name reduced to letters, digits and dashes. */
export function chartId(...parts: string[]): string {
  return `chart-${parts.join('-').replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}
