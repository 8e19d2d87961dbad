import type { GatewayEntry } from './sources/source-point.js';
import type { SourceEvent } from './sources/source-event.js';

interface LineState {
  product: string | undefined;
  /** Metres on the length counter, or integrated from the speed; undefined until either is read. */
  positionM: number | undefined;
  /** The length counter is read on this line: the speed is then not integrated. */
  counted: boolean;
  speedMpm: number;
  speedTs: number;
}

/**
 * What the gateway knows of each line between readings: the product it
 * makes and where on its length it is. Source events pass through in the
 * order read; a `product`, `length` or `speed` event updates the line and a
 * `reading` comes out as a point stamped with both.
 *
 * The position is the length counter where one is read. Without one it is
 * integrated from the line speed from the first speed read, and starts again
 * from 0 at a changeover (a new product is a new run). A `reel` event comes
 * out as a reel mark carrying the position at that moment. O(1) per event.
 */
export class LineContext {
  private readonly lines = new Map<string, LineState>();

  /** Applies `event`; returns the point or reel mark it makes, or null when it only changed the line's state. */
  apply(event: SourceEvent): GatewayEntry | null {
    if (event.kind === 'reading') {
      const state = this.lines.get(event.line);
      // One object literal of one shape per reading: fields unknown here stay undefined and are not sent.
      return {
        line: event.line,
        characteristic: event.characteristic,
        ts: event.ts,
        value: event.value,
        product: state?.product,
        positionM: state === undefined ? undefined : typeof event.ts === 'number' ? this.positionAt(state, event.ts) : state.positionM,
        historical: event.historical === true ? true : undefined,
      };
    }
    const state = this.stateOf(event.line);
    if (event.kind === 'reel') {
      // A reel started with its product is a changeover too, when the product is another.
      if (event.event === 'start' && event.product !== undefined) this.apply({ kind: 'product', line: event.line, ts: event.ts, product: event.product });
      const metres = this.positionAt(state, event.ts);
      return {
        line: event.line,
        reel: event.reel,
        event: event.event,
        ts: event.ts,
        ...(event.product !== undefined ? { product: event.product } : {}),
        ...(metres !== undefined ? { metres } : {}),
      };
    }
    if (event.kind === 'product') {
      if (!state.counted && state.positionM !== undefined) {
        // Integrated up to the changeover, then a new run starts at 0.
        state.positionM = state.product !== undefined && state.product !== event.product ? 0 : this.positionAt(state, event.ts);
        state.speedTs = event.ts;
      }
      state.product = event.product;
    } else if (event.kind === 'length') {
      state.counted = true;
      state.positionM = event.metres;
    } else if (!state.counted) {
      state.positionM = this.positionAt(state, event.ts) ?? 0;
      state.speedMpm = event.metresPerMinute;
      state.speedTs = event.ts;
    }
    return null;
  }

  private positionAt(state: LineState, ts: number): number | undefined {
    if (state.counted || state.positionM === undefined || !(ts > state.speedTs)) return state.positionM;
    return state.positionM + (state.speedMpm * (ts - state.speedTs)) / 60_000;
  }

  private stateOf(line: string): LineState {
    let state = this.lines.get(line);
    if (state === undefined) this.lines.set(line, (state = { product: undefined, positionM: undefined, counted: false, speedMpm: 0, speedTs: Number.NaN }));
    return state;
  }
}
