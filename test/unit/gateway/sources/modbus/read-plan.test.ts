import { describe, expect, it } from 'vitest';
import { MAX_REGISTERS_PER_READ, planReads, type RegisterSpan } from '../../../../../gateway/sources/modbus/read-plan.js';

const at = (table: 'holding' | 'input', address: number, count = 1): RegisterSpan & { name: string } => ({ table, address, count, name: `${table}${address}` });

const shape = (reads: ReturnType<typeof planReads<RegisterSpan & { name: string }>>) =>
  reads.map((r) => ({ table: r.table, start: r.start, count: r.count, items: r.items.map((i) => `${i.item.name}@${i.offset}`) }));

describe('planReads', () => {
  it('reads contiguous registers of one table at once, in address order whatever the order given', () => {
    const reads = planReads([at('holding', 4, 2), at('holding', 0, 2), at('holding', 2, 1), at('holding', 3)]);
    expect(shape(reads)).toEqual([{ table: 'holding', start: 0, count: 6, items: ['holding0@0', 'holding2@2', 'holding3@3', 'holding4@4'] }]);
  });

  it('never mixes the holding and input tables', () => {
    const reads = planReads([at('input', 0, 2), at('holding', 2, 2), at('holding', 0, 2), at('input', 2)]);
    expect(shape(reads)).toEqual([
      { table: 'holding', start: 0, count: 4, items: ['holding0@0', 'holding2@2'] },
      { table: 'input', start: 0, count: 3, items: ['input0@0', 'input2@2'] },
    ]);
  });

  it('splits at a gap by default, and bridges gaps up to maxGap registers when asked', () => {
    const items = [at('holding', 0, 2), at('holding', 5, 2), at('holding', 20)];
    expect(planReads(items).map((r) => [r.start, r.count])).toEqual([
      [0, 2],
      [5, 2],
      [20, 1],
    ]);
    expect(planReads(items, 3).map((r) => [r.start, r.count])).toEqual([
      [0, 7],
      [20, 1],
    ]);
    expect(planReads(items, 2).map((r) => [r.start, r.count])).toEqual([
      [0, 2],
      [5, 2],
      [20, 1],
    ]);
    expect(planReads(items, 13)[0].items.map((i) => i.offset)).toEqual([0, 5, 20]);
  });

  it('never asks for more than 125 registers in one read', () => {
    // 100 float32 values back to back: 200 registers.
    const items = Array.from({ length: 100 }, (_, i) => at('input', i * 2, 2));
    const reads = planReads(items);
    expect(reads.map((r) => [r.start, r.count])).toEqual([
      [0, 124],
      [124, 76],
    ]);
    expect(reads.every((r) => r.count <= MAX_REGISTERS_PER_READ)).toBe(true);
    expect(reads.flatMap((r) => r.items)).toHaveLength(100);
    // A value is never split across two reads: 62 float32 fill 124 registers, the 63rd starts the next read.
    expect(reads[1].items[0]).toMatchObject({ offset: 0, item: { address: 124 } });
  });

  it('fills a read exactly to 125 registers when the values fit', () => {
    const items = Array.from({ length: 126 }, (_, i) => at('holding', 1000 + i));
    expect(planReads(items).map((r) => [r.start, r.count])).toEqual([
      [1000, 125],
      [1125, 1],
    ]);
  });

  it('plans nothing for no registers', () => {
    expect(planReads([])).toEqual([]);
  });
});
