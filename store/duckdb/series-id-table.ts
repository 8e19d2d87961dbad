/**
 * The in-memory map between series keys and the integer ids measurements are
 * stored under. All of it is loaded at open: a county has ~12,600 series, a
 * few MB at most. New series get ids while a batch is written and become
 * visible only once that batch commits, so a rolled-back batch leaves no
 * trace (the single writer makes the id counter race-free).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CharacteristicName } from '../../domain/characteristics.js';
import type { Measurement, SeriesKey } from '../port.js';

export interface NewSeries {
  readonly id: number;
  readonly key: SeriesKey;
}

export interface ResolvedBatch {
  /** Series id of each point, same order as the batch. */
  readonly ids: Int32Array;
  /** Series first seen in this batch; insert them in the same transaction. */
  readonly created: readonly NewSeries[];
}

type Index = Map<string, Map<string, Map<string, number>>>;

export class SeriesIdTable {
  private readonly index: Index = new Map();
  private readonly keys: (SeriesKey | undefined)[] = [];
  private nextId = 1;

  static async load(connection: DuckDBConnection): Promise<SeriesIdTable> {
    const registry = new SeriesIdTable();
    const reader = await connection.runAndReadAll('SELECT id, enterprise, line, characteristic FROM series ORDER BY id');
    for (const [id, enterprise, line, characteristic] of reader.getRows()) {
      registry.add(Number(id), { enterprise: String(enterprise), line: String(line), characteristic: String(characteristic) as CharacteristicName });
    }
    return registry;
  }

  private count = 0;

  /** Number of known series. */
  get size(): number {
    return this.count;
  }

  lookup(key: SeriesKey): number | undefined {
    return this.index.get(key.enterprise)?.get(key.line)?.get(key.characteristic);
  }

  keyOf(id: number): SeriesKey | undefined {
    return this.keys[id];
  }

  /** Ids of the known series that match every given field. */
  matching(filter: { enterprise?: string; line?: string; characteristic?: string }): number[] {
    const ids: number[] = [];
    const enterprises = filter.enterprise === undefined ? [...this.index.values()] : [this.index.get(filter.enterprise)].filter((m) => m !== undefined);
    for (const lines of enterprises) {
      const selected = filter.line === undefined ? [...lines.values()] : [lines.get(filter.line)].filter((m) => m !== undefined);
      for (const characteristics of selected) {
        if (filter.characteristic === undefined) ids.push(...characteristics.values());
        else {
          const id = characteristics.get(filter.characteristic);
          if (id !== undefined) ids.push(id);
        }
      }
    }
    return ids;
  }

  idsFor(points: readonly Measurement[]): ResolvedBatch {
    const ids = new Int32Array(points.length);
    const created: NewSeries[] = [];
    const provisional: Index = new Map();
    let nextId = this.nextId;
    let last: Measurement | undefined;
    let lastId = 0;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      // Pipeline batches come grouped by series: reuse the previous answer.
      if (last !== undefined && p.enterprise === last.enterprise && p.line === last.line && p.characteristic === last.characteristic) {
        ids[i] = lastId;
        continue;
      }
      let id = this.lookup(p) ?? provisional.get(p.enterprise)?.get(p.line)?.get(p.characteristic);
      if (id === undefined) {
        id = nextId++;
        const key: SeriesKey = { enterprise: p.enterprise, line: p.line, characteristic: p.characteristic };
        insert(provisional, key, id);
        created.push({ id, key });
      }
      ids[i] = id;
      last = p;
      lastId = id;
    }
    return { ids, created };
  }

  /** Makes series created by a committed batch visible. */
  commit(created: readonly NewSeries[]): void {
    for (const { id, key } of created) this.add(id, key);
  }

  private add(id: number, key: SeriesKey): void {
    insert(this.index, key, id);
    if (this.keys[id] === undefined) this.count++;
    this.keys[id] = key;
    if (id >= this.nextId) this.nextId = id + 1;
  }
}

function insert(index: Index, key: SeriesKey, id: number): void {
  let lines = index.get(key.enterprise);
  if (!lines) index.set(key.enterprise, (lines = new Map()));
  let characteristics = lines.get(key.line);
  if (!characteristics) lines.set(key.line, (characteristics = new Map()));
  characteristics.set(key.characteristic, id);
}
