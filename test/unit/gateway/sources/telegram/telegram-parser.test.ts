import { describe, expect, it } from 'vitest';
import type { TelegramConfig } from '../../../../../gateway/sources/telegram/telegram-config.js';
import { compileTelegramParser, parseNumber, parseTimestamp } from '../../../../../gateway/sources/telegram/telegram-parser.js';

const ARRIVAL = Date.UTC(2026, 11, 4, 17, 0, 0);
const base = { kind: 'telegram', host: '127.0.0.1', port: 4001, line: 'extruder-1' } as const;
const parserOf = (parse: TelegramConfig['parse'], extra: Partial<TelegramConfig> = {}) => compileTelegramParser({ ...base, ...extra, parse });

describe('delimiter form', () => {
  const parse = parserOf({
    prefix: 'D;',
    delimiter: ';',
    noValue: ['----'],
    fields: [
      { index: 0, role: 'timestamp', format: 'iso' },
      { index: 1, characteristic: 'insulation_thickness' },
      { index: 2, characteristic: 'conductor_resistance', scale: 0.01 },
      { index: 3, tag: 'length' },
      { index: 4, tag: 'speed', scale: 0.1, offset: 1 },
      { index: 5, tag: 'product', codes: { '1': 'BV-1.5', '2': 'BV-2.5' } },
    ],
  });

  it('maps every field, tags first, all at the telegram timestamp, with scale and offset', () => {
    const outcome = parse('D;2026-12-04T17:00:00.100Z;0.703;1184;1523.5;1200;2', ARRIVAL);
    const ts = Date.UTC(2026, 11, 4, 17, 0, 0, 100);
    expect(outcome).toEqual({
      ok: true,
      events: [
        { kind: 'length', line: 'extruder-1', ts, metres: 1523.5 },
        { kind: 'speed', line: 'extruder-1', ts, metresPerMinute: 121 },
        { kind: 'product', line: 'extruder-1', ts, product: 'BV-2.5' },
        { kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts, value: 0.703 },
        { kind: 'reading', line: 'extruder-1', characteristic: 'conductor_resistance', ts, value: 11.84 },
      ],
    });
  });

  it('refuses the whole telegram when one field is not a number, naming the field', () => {
    const outcome = parse('D;2026-12-04T17:00:00.100Z;x1.2;1184;1523.5;1200;2', ARRIVAL);
    expect(outcome).toEqual({ ok: false, reason: 'unparsable', detail: "field 1 'x1.2' is not a number in telegram 'D;2026-12-04T17:00:00.100Z;x1.2;1184;152...'" });
  });

  it('refuses a telegram with too few fields, a bad timestamp or an unknown product code', () => {
    expect(parse('D;2026-12-04T17:00:00.100Z;0.7', ARRIVAL)).toMatchObject({ ok: false, reason: 'unparsable', detail: expect.stringMatching(/^field 3 is missing \(the telegram has 2 fields\)/) });
    expect(parse('D;17:00:00;0.7;1184;1;1;1', ARRIVAL)).toMatchObject({ ok: false, reason: 'unparsable', detail: expect.stringMatching(/^field 0 '17:00:00' is not a iso timestamp/) });
    expect(parse('D;2026-12-04T17:00:00Z;0.7;1184;1;1;9', ARRIVAL)).toMatchObject({ ok: false, reason: 'unparsable', detail: expect.stringMatching(/^field 5 '9' is not a product code of the map/) });
  });

  it('counts a telegram of another kind (no prefix) as unmapped', () => {
    expect(parse('S;OK;0000', ARRIVAL)).toEqual({ ok: false, reason: 'unmapped', detail: "telegram 'S;OK;0000' does not start with 'D;'" });
  });

  it('skips a field that says "no measurement" and keeps the rest', () => {
    const outcome = parse('D;2026-12-04T17:00:00Z;----;1184;1;10;1', ARRIVAL);
    expect(outcome.ok && outcome.events.map((e) => e.kind + (e.kind === 'reading' ? `:${e.characteristic}` : ''))).toEqual(['length', 'speed', 'product', 'reading:conductor_resistance']);
  });

  it('stamps with the arrival time when no field is a timestamp', () => {
    const p = parserOf({ delimiter: ',', fields: [{ index: 1, characteristic: 'conductor_diameter', line: 'line-2' }] });
    expect(p('A,1.38', ARRIVAL)).toEqual({ ok: true, events: [{ kind: 'reading', line: 'line-2', characteristic: 'conductor_diameter', ts: ARRIVAL, value: 1.38 }] });
  });

  it('splits runs of spaces and tabs for the space delimiter', () => {
    const p = parserOf({
      delimiter: ' ',
      fields: [
        { index: 0, characteristic: 'conductor_diameter' },
        { index: 2, characteristic: 'eccentricity' },
      ],
    });
    const outcome = p('   1.380  \t 0.02   4.5 ', ARRIVAL);
    expect(outcome.ok && outcome.events.map((e) => (e.kind === 'reading' ? e.value : null))).toEqual([1.38, 4.5]);
  });

  it('reads a decimal comma when asked, and only then', () => {
    const fields = [{ index: 0, characteristic: 'insulation_thickness' as const }];
    expect(parserOf({ delimiter: ';', decimalComma: true, fields })('0,703', ARRIVAL)).toMatchObject({ ok: true, events: [{ value: 0.703 }] });
    expect(parserOf({ delimiter: ';', fields })('0,703', ARRIVAL)).toMatchObject({ ok: false, reason: 'unparsable' });
  });

  it('reads a tab-delimited product written as text', () => {
    const p = parserOf({ delimiter: '\t', fields: [{ index: 0, tag: 'product' }] });
    expect(p('BV-1.5\t1', ARRIVAL)).toEqual({ ok: true, events: [{ kind: 'product', line: 'extruder-1', ts: ARRIVAL, product: 'BV-1.5' }] });
  });
});

describe('pattern form', () => {
  // A Proton-style single-value answer: letter, 5 digits without a decimal point (0.001 mm).
  const proton = parserOf({ pattern: '^A(?<d>\\d{5})$', groups: { d: { characteristic: 'conductor_diameter', scale: 0.001 } } });

  it('maps named groups with scale', () => {
    expect(proton('A05000', ARRIVAL)).toEqual({ ok: true, events: [{ kind: 'reading', line: 'extruder-1', characteristic: 'conductor_diameter', ts: ARRIVAL, value: 5 }] });
  });

  it('refuses a telegram that does not match', () => {
    expect(proton('A05X00', ARRIVAL)).toEqual({ ok: false, reason: 'unparsable', detail: "the telegram does not match the pattern in telegram 'A05X00'" });
  });

  it('reads timestamps and tags from groups; a group that did not take part is missing', () => {
    const p = parserOf({
      pattern: '^T=(?<t>\\d+) W=(?<w>[\\d.]+)(?: R=(?<r>[\\d.]+))?$',
      groups: { t: { role: 'timestamp', format: 'epoch-ms' }, w: { characteristic: 'insulation_thickness' }, r: { characteristic: 'conductor_resistance' } },
    });
    expect(p(`T=${ARRIVAL + 5} W=0.7 R=11.9`, ARRIVAL)).toMatchObject({
      ok: true,
      events: [
        { ts: ARRIVAL + 5, value: 0.7 },
        { ts: ARRIVAL + 5, value: 11.9 },
      ],
    });
    expect(p(`T=${ARRIVAL} W=0.7`, ARRIVAL)).toMatchObject({ ok: false, detail: expect.stringMatching(/^group 'r' is missing/) });
  });
});

describe('numbers and timestamps', () => {
  it('accepts only plain decimal numbers', () => {
    expect(['1', '-1.5', '+0.7', '.5', '5.', '1e3', '00700'].map((t) => parseNumber(t, false))).toEqual([1, -1.5, 0.7, 0.5, 5, 1000, 700]);
    expect(['', ' ', '0x10', '1.2.3', '1,5', 'NaN', 'Infinity', '1 mm', '--'].map((t) => parseNumber(t, false))).toEqual(Array(9).fill(undefined));
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('1,5,5', true)).toBeUndefined();
  });

  it('reads iso (a time without a zone as UTC), epoch-ms and epoch-s', () => {
    const n = (t: string) => parseNumber(t, false);
    expect(parseTimestamp('2026-12-04T17:00:00.250Z', 'iso', n)).toBe(ARRIVAL + 250);
    expect(parseTimestamp('2026-12-04 17:00:00.250', 'iso', n)).toBe(ARRIVAL + 250);
    expect(parseTimestamp('2026-12-04T18:00:00+01:00', 'iso', n)).toBe(ARRIVAL);
    expect(parseTimestamp(String(ARRIVAL), 'epoch-ms', n)).toBe(ARRIVAL);
    expect(parseTimestamp(String(ARRIVAL / 1000 + 0.5), 'epoch-s', n)).toBe(ARRIVAL + 500);
    expect(parseTimestamp('yesterday', 'iso', n)).toBeUndefined();
    expect(parseTimestamp('-5', 'epoch-ms', n)).toBeUndefined();
  });
});

describe('the README maps read their example telegrams', () => {
  it('Proton single parameter, LaserSpeed text mode, SIKORA-style and Zumbach-style shapes', () => {
    const proton = parserOf({ pattern: '^(?<d>[+-]?\\d+)$', groups: { d: { characteristic: 'conductor_diameter', scale: 0.001 } } });
    expect(proton('05000', ARRIVAL)).toMatchObject({ ok: true, events: [{ value: 5 }] });
    const laserSpeed = parserOf({
      delimiter: ',',
      fields: [
        { index: 0, tag: 'length', scale: 0.001 },
        { index: 1, tag: 'speed', scale: 0.001 },
      ],
    });
    expect(laserSpeed('+000001209,+000120321,15,63', ARRIVAL)).toMatchObject({
      ok: true,
      events: [
        { kind: 'length', metres: 1.209 },
        { kind: 'speed', metresPerMinute: 120.321 },
      ],
    });
    const sikora = parserOf({
      delimiter: ' ',
      noValue: ['----'],
      fields: [
        { index: 2, characteristic: 'conductor_diameter' },
        { index: 3, characteristic: 'eccentricity' },
      ],
    });
    expect(sikora('1.381 1.379 1.380 0.6', ARRIVAL)).toMatchObject({ ok: true, events: [{ value: 1.38 }, { value: 0.6 }] });
    const zumbach = parserOf({
      pattern: 'D1=(?<d>[+-]?[\\d.]+)\\s+W1=(?<w>[+-]?[\\d.]+)',
      groups: { d: { characteristic: 'conductor_diameter' }, w: { characteristic: 'insulation_thickness' } },
    });
    expect(zumbach('D1=+1.3805 W1=+0.702', ARRIVAL)).toMatchObject({ ok: true, events: [{ value: 1.3805 }, { value: 0.702 }] });
  });
});
