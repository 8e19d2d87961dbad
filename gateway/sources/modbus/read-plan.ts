/**
 * Which reads one poll makes. Each read costs a request and a round trip, so
 * registers of the same table that sit together are read at once: contiguous
 * ones always, and ones separated by at most `maxGap` unmapped registers when
 * the device answers for those (a device that has no register in a gap
 * answers the whole read with exception 2, illegal data address, which is
 * why the default gap is 0). A read never spans more than 125 registers, the
 * most function codes 3 and 4 may return (Modbus Application Protocol
 * v1.1b3, 6.3 and 6.4). Pure.
 */

export type RegisterTable = 'holding' | 'input';

/** The most registers one read (function code 3 or 4) may return. */
export const MAX_REGISTERS_PER_READ = 125;

export interface RegisterSpan {
  readonly table: RegisterTable;
  readonly address: number;
  /** Registers the value spans (1, 2 or 4). */
  readonly count: number;
}

export interface PlannedRead<T extends RegisterSpan> {
  readonly table: RegisterTable;
  readonly start: number;
  readonly count: number;
  /** The items this read covers, each with its first register's offset from `start`, by address. */
  readonly items: ReadonlyArray<{ readonly item: T; readonly offset: number }>;
}

/** The fewest reads that cover `items`, holding before input, each by address. */
export function planReads<T extends RegisterSpan>(items: readonly T[], maxGap = 0, maxCount = MAX_REGISTERS_PER_READ): PlannedRead<T>[] {
  const sorted = [...items].sort((a, b) => (a.table === b.table ? a.address - b.address : a.table === 'holding' ? -1 : 1));
  const reads: Array<{ table: RegisterTable; start: number; end: number; items: Array<{ item: T; offset: number }> }> = [];
  for (const item of sorted) {
    const end = item.address + item.count;
    const last = reads.at(-1);
    if (last !== undefined && last.table === item.table && item.address - last.end <= maxGap && Math.max(last.end, end) - last.start <= maxCount) {
      last.end = Math.max(last.end, end);
      last.items.push({ item, offset: item.address - last.start });
    } else {
      reads.push({ table: item.table, start: item.address, end, items: [{ item, offset: 0 }] });
    }
  }
  return reads.map((r) => ({ table: r.table, start: r.start, count: r.end - r.start, items: r.items }));
}
