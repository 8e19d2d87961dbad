import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEventBody } from '../../../store/event-body.js';
import { encodeEvents, MeasurementEncoder } from '../../../store/influx/line-protocol.js';
import type { AlertEvent } from '../../../store/port.js';

describe('MeasurementEncoder', () => {
  it('writes tags in key order, the value as a float field and ms timestamps', () => {
    const encoder = new MeasurementEncoder();
    const text = encoder.encode([
      { enterprise: 'E1', line: 'L1', characteristic: 'insulation_thickness', ts: 1_700_000_000_000, value: 0.7 },
      { enterprise: 'E1', line: 'L1', characteristic: 'insulation_thickness', ts: 1_700_000_000_100, value: 1 },
    ]);
    expect(text).toBe(
      'measurements,characteristic=insulation_thickness,enterprise=E1,line=L1 value=0.7 1700000000000\n' +
        'measurements,characteristic=insulation_thickness,enterprise=E1,line=L1 value=1 1700000000100',
    );
  });

  it('escapes commas, spaces and equals signs in tag values; quotes stay literal', () => {
    const text = new MeasurementEncoder().encode([{ enterprise: 'Acme, Inc. "N"', line: 'L=1 a', characteristic: 'eccentricity', ts: 1, value: -2.5 }]);
    expect(text).toBe('measurements,characteristic=eccentricity,enterprise=Acme\\,\\ Inc.\\ "N",line=L\\=1\\ a value=-2.5 1');
  });

  it('writes the shortest decimal that parses back to the same double', () => {
    const values = [0.1 + 0.2, 1e-7, 1.5e21, -0.000123, 123456789.12345679];
    const text = new MeasurementEncoder().encode(values.map((value, i) => ({ enterprise: 'E', line: 'L', characteristic: 'spark_faults', ts: i, value })));
    const written = text.split('\n').map((line) => Number(/value=(\S+) /.exec(line)?.[1]));
    expect(written).toEqual(values);
  });
});

describe('events in line protocol', () => {
  const event: AlertEvent = {
    id: 'alert 7',
    at: 1_700_000_000_000,
    kind: 'acknowledged',
    enterprise: 'E,1',
    line: 'L1',
    characteristic: 'insulation_thickness',
    by: 'qa',
    comment: 'say "why"\nover two lines \\ here',
    data: { n: 3 },
  };

  it('keys the point by alert, enterprise and kind and carries the rest as one JSON string without raw newlines', () => {
    const text = encodeEvents([event]);
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toMatch(/^alert_events,alert=alert\\ 7,enterprise=E\\,1,kind=acknowledged body="\{.*\}" 1700000000000$/);
    const quoted = /body="(.*)" \d+$/.exec(text)?.[1] as string;
    const body = quoted.replace(/\\(["\\])/g, '$1');
    expect(decodeEvent({ id: event.id, at: event.at, kind: event.kind, enterprise: event.enterprise }, body)).toEqual(event);
  });

  it('leaves absent optional fields out of the body', () => {
    expect(encodeEventBody({ id: 'a', at: 1, kind: 'raised', enterprise: 'E' })).toBe('{}');
  });
});
