import { describe, expect, it } from 'vitest';
import { NotificationMapper, timestampOf, type NodeNotification } from '../../../../../gateway/sources/opcua/notification-mapper.js';
import type { OpcuaItem } from '../../../../../gateway/sources/opcua/opcua-config.js';

const items: OpcuaItem[] = [
  { nodeId: 'ns=2;s=Wall', line: 'extruder-1', characteristic: 'insulation_thickness', scale: 0.001 },
  { nodeId: 'ns=2;s=Res', line: 'extruder-1', characteristic: 'conductor_resistance', scale: 2, offset: 1 },
  { nodeId: 'ns=2;s=Product', line: 'extruder-1', tag: 'product', codes: { '15': 'BV-1.5' } },
  { nodeId: 'ns=2;s=Length', line: 'extruder-1', tag: 'length' },
  { nodeId: 'ns=2;s=Speed', line: 'extruder-1', tag: 'speed', scale: 60 },
];

const good = (value: unknown, sourceTs?: number, serverTs?: number): NodeNotification => ({
  good: true,
  statusName: 'Good',
  value,
  ...(sourceTs !== undefined ? { sourceTs } : {}),
  ...(serverTs !== undefined ? { serverTs } : {}),
});

describe('NotificationMapper', () => {
  it('scales a measurement and keeps its source timestamp', () => {
    const m = new NotificationMapper(items);
    expect(m.map(0, good(702, 1000, 1500), 9999)).toEqual({ event: { kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: 1000, value: expect.closeTo(0.702, 12) } });
    expect(m.map(1, good(5, 1000), 9999)).toEqual({ event: { kind: 'reading', line: 'extruder-1', characteristic: 'conductor_resistance', ts: 1000, value: 11 } });
  });

  it('falls back to the server timestamp, then to the read time', () => {
    expect(timestampOf({ serverTs: 1500 }, 9999)).toBe(1500);
    expect(timestampOf({}, 9999)).toBe(9999);
    // OPC UA's "no time" (1601) arrives as a negative Unix time: not a time.
    expect(timestampOf({ sourceTs: -11644473600000, serverTs: 1500 }, 9999)).toBe(1500);
  });

  it('reports a status other than Good as bad-status, with the node and the status name, and no reading', () => {
    const m = new NotificationMapper(items);
    expect(m.map(0, { good: false, statusName: 'BadSensorFailure', value: 0.7, sourceTs: 1000 }, 9999)).toEqual({ bad: 'bad-status', detail: 'ns=2;s=Wall: status BadSensorFailure, no reading' });
    // A later Good value at the same time is still taken: the bad one did not count as taken.
    expect(m.map(0, good(700, 1000), 9999)).toHaveProperty('event');
  });

  it('counts a value not newer than the last taken as repeated (the initial value a new subscription sends again)', () => {
    const m = new NotificationMapper(items);
    expect(m.map(0, good(700, 1000), 0)).toHaveProperty('event');
    expect(m.map(0, good(700, 1000), 0)).toEqual({ bad: 'repeated', detail: expect.stringMatching(/^ns=2;s=Wall: value at 1970-01-01T00:00:01.000Z is not newer/) });
    expect(m.map(0, good(705, 999), 0)).toMatchObject({ bad: 'repeated' });
    expect(m.map(0, good(705, 1001), 0)).toHaveProperty('event');
    // Per node: another node's first value at the same time is new.
    expect(m.map(1, good(5, 1000), 0)).toHaveProperty('event');
  });

  it('passes a non-numeric measurement on as text, for the analytics service to reject with its reason', () => {
    const m = new NotificationMapper(items);
    expect(m.map(0, good('n/a', 1), 0)).toMatchObject({ event: { value: 'n/a' } });
    expect(m.map(0, good(true, 2), 0)).toMatchObject({ event: { value: 'true' } });
    expect(m.map(0, good(null, 3), 0)).toMatchObject({ event: { value: null } });
    expect(m.map(0, good({ text: 'x', locale: 'en' }, 4), 0)).toMatchObject({ event: { value: '{"text":"x","locale":"en"}' } });
    // An Int64 as node-opcua decodes it: [high, low].
    expect(m.map(1, good([1, 0], 5), 0)).toMatchObject({ event: { value: 2 ** 32 * 2 + 1 } });
  });

  it('maps the product tag by name or by code; an unknown code is unmapped, not a product', () => {
    const m = new NotificationMapper(items);
    expect(m.map(2, good(' BV-2.5 ', 1), 0)).toEqual({ event: { kind: 'product', line: 'extruder-1', ts: 1, product: 'BV-2.5' } });
    expect(m.map(2, good(15, 2), 0)).toEqual({ event: { kind: 'product', line: 'extruder-1', ts: 2, product: 'BV-1.5' } });
    expect(m.map(2, good(16, 3), 0)).toEqual({ bad: 'unmapped', detail: "ns=2;s=Product: product code 16 is not in the item's codes" });
    expect(m.map(2, good('', 4), 0)).toMatchObject({ bad: 'unparsable' });
    expect(m.map(2, good('BV 1,5 mm²', 6), 0)).toEqual({ bad: 'unparsable', detail: `ns=2;s=Product: product "BV 1,5 mm²" is not a product id of 1 to 64 letters, digits, '.', '_' or '-'` });
    expect(m.map(2, good(1.5, 5), 0)).toMatchObject({ bad: 'unparsable' });
  });

  it('maps the length counter and the speed (scaled), and refuses non-numbers for them', () => {
    const m = new NotificationMapper(items);
    expect(m.map(3, good(1234.5, 1), 0)).toEqual({ event: { kind: 'length', line: 'extruder-1', ts: 1, metres: 1234.5 } });
    expect(m.map(4, good(2, 1), 0)).toEqual({ event: { kind: 'speed', line: 'extruder-1', ts: 1, metresPerMinute: 120 } });
    expect(m.map(3, good('fast', 2), 0)).toEqual({ bad: 'unparsable', detail: 'ns=2;s=Length: length value fast is not a finite number' });
    expect(m.map(4, good(Number.NaN, 2), 0)).toMatchObject({ bad: 'unparsable' });
  });
});
