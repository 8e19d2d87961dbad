/**
 * The points of one series in the chart's time window, kept as two parallel
 * arrays (uPlot's data layout) and grown by the newest points on each live
 * refresh instead of being fetched whole again.
 */
export interface RawAnswer {
  readonly kind: 'raw';
  readonly unit: string;
  readonly spec: { readonly lsl: number | null; readonly usl: number | null; readonly nominal: number | null };
  /** The product the line made at the range's end, whose limits `spec` are (absent from an older server). */
  readonly product?: string | null;
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface Bucket {
  readonly start: number;
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface DownsampledAnswer {
  readonly kind: 'downsampled';
  readonly unit: string;
  readonly spec: RawAnswer['spec'];
  readonly product?: string | null;
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly bucketMs: number;
  readonly buckets: readonly Bucket[];
}

export type SeriesAnswer = RawAnswer | DownsampledAnswer;

export class SeriesWindow {
  ts: number[] = [];
  values: number[] = [];

  get length(): number {
    return this.ts.length;
  }

  get lastTs(): number | null {
    return this.ts.length === 0 ? null : this.ts[this.ts.length - 1];
  }

  /** Replaces the contents with an answer's points. */
  reset(points: RawAnswer['points']): void {
    this.ts = points.map((p) => p[0]);
    this.values = points.map((p) => p[1]);
  }

  /** Appends points newer than the last one held; returns how many were added. */
  append(points: RawAnswer['points']): number {
    const last = this.lastTs ?? -Infinity;
    let added = 0;
    for (const [t, v] of points) {
      if (t <= last) continue;
      this.ts.push(t);
      this.values.push(v);
      added += 1;
    }
    return added;
  }

  /** Drops points older than `from`. */
  trimBefore(from: number): void {
    let i = 0;
    while (i < this.ts.length && this.ts[i] < from) i += 1;
    if (i > 0) {
      this.ts.splice(0, i);
      this.values.splice(0, i);
    }
  }
}
