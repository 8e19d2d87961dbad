import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBirthFile, writeBirthFile } from '../../../../../gateway/sources/sparkplug/birth-file.js';
import { MetricMap } from '../../../../../gateway/sources/sparkplug/metric-map.js';
import { SparkplugHost } from '../../../../../gateway/sources/sparkplug/sparkplug-host.js';
import { loadPayloadReader } from '../../../../../gateway/sources/sparkplug/sparkplug-payload.js';
import { encode, MAP, T0 } from './sparkplug-fixtures.js';

const reader = await loadPayloadReader();
const NODE = 'spBv1.0/plant/NBIRTH/line1-edge';
const topic = (type: string, device?: string) => `spBv1.0/plant/${type}/line1-edge${device ? `/${device}` : ''}`;

function newHost(): SparkplugHost {
  return new SparkplugHost(reader, new MetricMap(MAP), () => T0 + 999_999);
}

/** An edge node's session: NBIRTH with bdSeq, then a DBIRTH defining aliases 1 and 2 for the laser. */
function born(host: SparkplugHost, bdSeq = 0, seq = 0) {
  const nbirth = host.receive(
    NODE,
    encode({
      timestamp: T0,
      seq,
      metrics: [
        { name: 'bdSeq', type: 'UInt64', value: bdSeq },
        { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
        { name: 'Line/product', alias: 10, type: 'Int32', value: 1 },
      ],
    }),
  );
  const dbirth = host.receive(
    topic('DBIRTH', 'laser'),
    encode({
      timestamp: T0,
      seq: (seq + 1) % 256,
      metrics: [
        { name: 'OD/insulation', alias: 1, type: 'Float', value: 0.7, timestamp: T0 },
        { name: 'R/raw', alias: 2, type: 'Int32', value: 1100, timestamp: T0 },
      ],
    }),
  );
  return { nbirth, dbirth };
}

const ddata = (seq: number, metrics: object[], timestamp = T0 + 1000) => encode({ timestamp, seq, metrics: metrics as never });

describe('SparkplugHost: births, aliases, data', () => {
  it('reads birth values as readings, with the product tag first, and data by alias with the birth datatype', () => {
    const host = newHost();
    const { nbirth, dbirth } = born(host);
    expect(nbirth.problems).toEqual([]);
    expect(nbirth.events).toEqual([{ kind: 'product', line: 'extruder-1', ts: T0, product: 'BV-1.5' }]);
    // Float 0.7 arrives as the float it was, not 0.699999988.
    expect(dbirth.events).toEqual([
      { kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: T0, value: 0.7 },
      { kind: 'reading', line: 'extruder-1', characteristic: 'conductor_resistance', ts: T0, value: 12 },
    ]);
    const out = host.receive(
      topic('DDATA', 'laser'),
      ddata(2, [
        { alias: 1, type: 'Float', value: 0.71, timestamp: T0 + 100 },
        { alias: 2, type: 'Int32', value: 1105 },
      ]),
    );
    expect(out.problems).toEqual([]);
    expect(out.events).toEqual([
      { kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: T0 + 100, value: 0.71 },
      // No metric timestamp: the payload's.
      { kind: 'reading', line: 'extruder-1', characteristic: 'conductor_resistance', ts: T0 + 1000, value: 12.05 },
    ]);
    expect(host.node('plant', 'line1-edge')).toMatchObject({ online: true, stale: false, bdSeq: 0, lastSeq: 2 });
  });

  it('reads a DATA metric without a datatype (as the spec recommends) through the type its birth defined', async () => {
    const host = newHost();
    born(host);
    // Tahu's encoder always writes the datatype; the raw protobuf writer leaves it out.
    const proto = (await import('sparkplug-payload/lib/sparkplugPayloadProto.js')) as unknown as {
      default: { org: { eclipse: { tahu: { protobuf: { Payload: { encode(p: object): { finish(): Uint8Array } } } } } } };
    };
    const raw = proto.default.org.eclipse.tahu.protobuf.Payload.encode({ timestamp: T0 + 5, seq: 2, metrics: [{ alias: 2, intValue: -3 >>> 0 }] }).finish();
    const out = host.receive(topic('DDATA', 'laser'), raw);
    // Int32 two's complement: -3, scaled 0.01 and offset 1.
    expect(out.events).toEqual([{ kind: 'reading', line: 'extruder-1', characteristic: 'conductor_resistance', ts: T0 + 5, value: 0.97 }]);
  });

  it('maps the numeric product code and the length and speed tags, scaled', () => {
    const host = newHost();
    born(host);
    const out = host.receive(
      topic('NDATA'),
      ddata(2, [
        { name: 'Line/product', type: 'Int32', value: 2 },
        { name: 'Line/length', type: 'Double', value: 1234.5 },
        { name: 'Line/speed', type: 'Double', value: 300 },
      ]),
    );
    expect(out.events).toEqual([
      { kind: 'product', line: 'extruder-1', ts: T0 + 1000, product: 'BV-2.5' },
      { kind: 'length', line: 'extruder-1', ts: T0 + 1000, metres: 1234.5 },
      { kind: 'speed', line: 'extruder-1', ts: T0 + 1000, metresPerMinute: 300 },
    ]);
    const unknown = host.receive(topic('NDATA'), ddata(3, [{ name: 'Line/product', type: 'Int32', value: 9 }]));
    expect(unknown.events).toEqual([]);
    expect(unknown.problems).toEqual([{ reason: 'unmapped', detail: expect.stringContaining('product code 9 is not in codes') }]);
  });

  it('counts metrics not in the map as unmapped, every time, but never the protocol metrics', () => {
    const host = newHost();
    born(host);
    for (const seq of [2, 3]) {
      const out = host.receive(
        topic('DDATA', 'laser'),
        ddata(seq, [
          { name: 'Temperature', type: 'Double', value: 180 },
          { name: 'OD/insulation', type: 'Float', value: 0.7 },
        ]),
      );
      expect(out.problems).toEqual([{ reason: 'unmapped', detail: expect.stringContaining('"Temperature"') }]);
      expect(out.events).toHaveLength(1);
    }
    // Another device's metric of the same name is another metric.
    const other = host.receive(topic('DDATA', 'other'), ddata(4, [{ name: 'OD/insulation', type: 'Float', value: 0.7 }]));
    expect(other.problems.map((p) => p.reason)).toEqual(['unmapped']);
  });

  it('marks is_historical readings historical, and keeps them even when older than the live ones', () => {
    const host = newHost();
    born(host);
    host.receive(topic('DDATA', 'laser'), ddata(2, [{ alias: 1, type: 'Float', value: 0.7, timestamp: T0 + 5000 }]));
    const out = host.receive(topic('DDATA', 'laser'), ddata(3, [{ alias: 1, type: 'Float', value: 0.69, timestamp: T0 - 60_000, isHistorical: true }]));
    expect(out.problems).toEqual([]);
    expect(out.events).toEqual([{ kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: T0 - 60_000, value: 0.69, historical: true }]);
    // A historical product is not the line's state now.
    const tag = host.receive(topic('NDATA'), ddata(4, [{ name: 'Line/product', type: 'Int32', value: 2, isHistorical: true }]));
    expect(tag.events).toEqual([]);
    expect(tag.problems).toEqual([{ reason: 'unmapped', detail: expect.stringContaining('historical product') }]);
  });

  it('passes text and null on as read, and counts a DataSet as unparsable', () => {
    const host = newHost();
    born(host);
    const out = host.receive(
      topic('DDATA', 'laser'),
      ddata(2, [
        { alias: 1, type: 'Float', value: null, isNull: true },
        { alias: 2, type: 'DataSet', value: { numOfColumns: 1, columns: ['a'], types: ['Int32'], rows: [[1]] } },
      ]),
    );
    expect(out.events).toEqual([{ kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: T0 + 1000, value: null }]);
    expect(out.problems).toEqual([{ reason: 'unparsable', detail: expect.stringContaining('dataset value is not a reading') }]);
  });

  it('does not read a birth value twice when a rebirth repeats the last reading', () => {
    const host = newHost();
    born(host, 0, 0);
    host.receive(topic('DDATA', 'laser'), ddata(2, [{ alias: 1, type: 'Float', value: 0.72, timestamp: T0 + 3000 }]));
    // The node is born again; its DBIRTH carries the value last sent, with the same timestamp.
    host.receive(NODE, encode({ timestamp: T0 + 4000, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 1 }] }));
    const again = host.receive(
      topic('DBIRTH', 'laser'),
      encode({
        timestamp: T0 + 4000,
        seq: 1,
        metrics: [
          { name: 'OD/insulation', alias: 1, type: 'Float', value: 0.72, timestamp: T0 + 3000 },
          { name: 'R/raw', alias: 2, type: 'Int32', value: 1100, timestamp: T0 + 4000 },
        ],
      }),
    );
    expect(again.events.map((e) => e.kind === 'reading' && e.characteristic)).toEqual(['conductor_resistance']);
    expect(again.problems).toEqual([{ reason: 'repeated', detail: expect.stringContaining('not newer than the last reading') }]);
  });
});

describe('SparkplugHost: seq, deaths, data before a birth', () => {
  it('wraps seq 255 -> 0 without a problem, across node and device messages', () => {
    const host = newHost();
    born(host, 0, 254);
    // NBIRTH 254, DBIRTH 255: the next is 0.
    const out = host.receive(topic('NDATA'), ddata(0, [{ name: 'Line/speed', type: 'Double', value: 10 }]));
    expect(out.problems).toEqual([]);
    expect(host.receive(topic('DDATA', 'laser'), ddata(1, [{ alias: 1, type: 'Float', value: 0.7 }])).problems).toEqual([]);
    expect(host.node('plant', 'line1-edge')).toMatchObject({ lastSeq: 1, stale: false });
  });

  it('counts a gap as protocol, marks the node stale, and still reads what arrives', () => {
    const host = newHost();
    born(host);
    const out = host.receive(topic('DDATA', 'laser'), ddata(5, [{ alias: 1, type: 'Float', value: 0.7 }]));
    expect(out.problems).toEqual([{ reason: 'protocol', detail: expect.stringMatching(/seq gap, expected 2, got 5: 3 message/) }]);
    expect(out.events).toHaveLength(1);
    expect(host.node('plant', 'line1-edge')).toMatchObject({ stale: true, lastSeq: 5 });
    // The next NBIRTH makes it whole again.
    host.receive(NODE, encode({ timestamp: T0, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 1 }] }));
    expect(host.node('plant', 'line1-edge')).toMatchObject({ stale: false, bdSeq: 1, online: true });
  });

  it('reads a redelivered message (a seq just behind) no second time', () => {
    const host = newHost();
    born(host);
    const first = host.receive(topic('DDATA', 'laser'), ddata(2, [{ alias: 1, type: 'Float', value: 0.7 }]));
    expect(first.events).toHaveLength(1);
    const again = host.receive(topic('DDATA', 'laser'), ddata(2, [{ alias: 1, type: 'Float', value: 0.7 }]));
    expect(again.events).toEqual([]);
    expect(again.problems).toEqual([{ reason: 'repeated', detail: expect.stringContaining('seq 2 read already') }]);
  });

  it('takes a device offline on DDEATH and the node and its devices on the NDEATH of its own session only', () => {
    const host = newHost();
    born(host, 7);
    expect(host.receive(topic('DDEATH', 'laser'), encode({ timestamp: T0, seq: 2 })).problems).toEqual([]);
    expect(host.node('plant', 'line1-edge')?.devices.get('laser')).toEqual({ online: false });
    // The will of an older session (bdSeq 6) arrives late: ignored.
    host.receive(topic('NDEATH'), encode({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 6 }] }));
    expect(host.node('plant', 'line1-edge')).toMatchObject({ online: true, staleDeaths: 1 });
    host.receive(topic('NDEATH'), encode({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 7 }] }));
    expect(host.node('plant', 'line1-edge')).toMatchObject({ online: false, lastSeq: undefined });
  });

  it('counts data before any birth as protocol once, reads named metrics, and counts unknown aliases', () => {
    const host = newHost();
    const first = host.receive(
      topic('DDATA', 'laser'),
      ddata(40, [
        { name: 'OD/insulation', type: 'Float', value: 0.7 },
        { alias: 2, type: 'Int32', value: 1100 },
      ]),
    );
    expect(first.events).toHaveLength(1);
    expect(first.problems.map((p) => p.reason)).toEqual(['protocol', 'protocol']);
    expect(first.problems[0]?.detail).toContain('before its NBIRTH');
    expect(first.problems[1]?.detail).toContain('alias 2');
    const next = host.receive(topic('DDATA', 'laser'), ddata(41, [{ name: 'OD/insulation', type: 'Float', value: 0.7 }]));
    expect(next.problems).toEqual([]);
    expect(host.node('plant', 'line1-edge')).toMatchObject({ online: true, stale: true });
  });

  it('never throws on garbage: bad topics, bad payloads, births without bdSeq or seq', () => {
    const host = newHost();
    expect(host.receive('spBv1.0/plant/NDATA', encode({ seq: 0 })).problems[0]?.reason).toBe('protocol');
    expect(host.receive('spBv1.0/plant/XDATA/e', encode({ seq: 0 })).problems[0]?.detail).toContain('unknown message type');
    expect(host.receive('spBv1.0/plant/DDATA/e', encode({ seq: 0 })).problems[0]?.detail).toContain('needs a device level');
    expect(host.receive(topic('NDATA'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])).problems[0]?.reason).toBe('unparsable');
    expect(host.receive(NODE, encode({ timestamp: T0, metrics: [] })).problems.map((p) => p.detail)).toEqual([
      expect.stringContaining('NBIRTH without a bdSeq'),
      expect.stringContaining('without a seq'),
    ]);
    // STATE and other hosts' commands are not data and not problems.
    expect(host.receive('spBv1.0/STATE/scada', Buffer.from('{"online":true}'))).toEqual({ events: [], problems: [] });
    expect(host.receive('spBv1.0/plant/NCMD/line1-edge', encode({ metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] }))).toEqual({ events: [], problems: [] });
  });
});

describe('SparkplugHost: births kept across a restart (stateFile)', () => {
  it('a host restored from the saved births reads alias-only data without a rebirth', async () => {
    const before = newHost();
    born(before, 4);
    const changes = before.changes;
    expect(changes).toBe(2);
    const saved = before.savedBirths();
    expect(saved).toEqual([
      {
        group: 'plant',
        edgeNode: 'line1-edge',
        bdSeq: 4,
        aliases: expect.arrayContaining([
          [1, 'OD/insulation'],
          [10, 'Line/product'],
        ]),
        datatypes: expect.any(Array),
      },
    ]);

    const dir = mkdtempSync(join(tmpdir(), 'lw-sparkplug-births-'));
    try {
      const file = join(dir, 'births.json');
      expect(await readBirthFile(file)).toEqual([]);
      await writeBirthFile(file, saved);
      const after = newHost();
      after.restore(await readBirthFile(file));
      // Any seq: the restarted host does not know the last one.
      const out = after.receive(topic('DDATA', 'laser'), ddata(77, [{ alias: 1, type: 'Float', value: 0.71 }]));
      expect(out).toEqual({ events: [{ kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: T0 + 1000, value: 0.71 }], problems: [] });
      // The node's NDEATH of the saved session is its own: it goes offline, and is saved no more.
      after.receive(topic('NDEATH'), encode({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 4 }] }));
      expect(after.node('plant', 'line1-edge')?.online).toBe(false);
      expect(after.savedBirths()).toEqual([]);

      writeFileSync(file, 'not json');
      await expect(readBirthFile(file)).rejects.toThrow(/births\.json is not a births file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
