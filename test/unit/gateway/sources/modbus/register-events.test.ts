import { describe, expect, it } from 'vitest';
import type { ModbusRegister } from '../../../../../gateway/sources/modbus/modbus-config.js';
import { registerEvent } from '../../../../../gateway/sources/modbus/register-events.js';

const base = { table: 'holding', address: 10, type: 'uint16', line: 'extruder-1' } as const;

describe('registerEvent', () => {
  it('makes a reading of raw * scale + offset at the read time', () => {
    const register: ModbusRegister = { ...base, characteristic: 'insulation_thickness', scale: 0.001, offset: 0.2 };
    expect(registerEvent(register, 500, 1234)).toEqual({ event: { kind: 'reading', line: 'extruder-1', characteristic: 'insulation_thickness', ts: 1234, value: 0.7 } });
    expect(registerEvent({ ...base, characteristic: 'eccentricity' }, 17, 5)).toEqual({ event: { kind: 'reading', line: 'extruder-1', characteristic: 'eccentricity', ts: 5, value: 17 } });
  });

  it('passes a NaN reading on for the analytics service to reject with a reason', () => {
    const outcome = registerEvent({ ...base, type: 'float32', wordOrder: 'big', characteristic: 'conductor_diameter', scale: 2 }, Number.NaN, 1);
    expect('event' in outcome && outcome.event.kind === 'reading' && Number.isNaN(outcome.event.value)).toBe(true);
  });

  it("looks a product code up in the register's codes", () => {
    const register: ModbusRegister = { ...base, tag: 'product', codes: { '15': 'BV-1.5', '25': 'BV-2.5' } };
    expect(registerEvent(register, 25, 9)).toEqual({ event: { kind: 'product', line: 'extruder-1', ts: 9, product: 'BV-2.5' } });
    expect(registerEvent(register, 7, 9)).toEqual({ reason: 'unmapped', detail: 'holding register 10 (uint16): product code 7 is not in its codes (15, 25)' });
  });

  it('makes length and speed events, scaled, and refuses a length or speed that is not a number', () => {
    expect(registerEvent({ ...base, type: 'uint32', wordOrder: 'big', tag: 'length', scale: 0.1 }, 12345, 3)).toEqual({ event: { kind: 'length', line: 'extruder-1', ts: 3, metres: 1234.5 } });
    expect(registerEvent({ ...base, type: 'int16', tag: 'speed', scale: 0.5 }, 240, 3)).toEqual({ event: { kind: 'speed', line: 'extruder-1', ts: 3, metresPerMinute: 120 } });
    const nan = registerEvent({ ...base, type: 'float32', wordOrder: 'big', tag: 'speed' }, Number.NaN, 3);
    expect(nan).toEqual({ reason: 'unparsable', detail: 'holding register 10 (float32): the line speed read is NaN, not a number' });
  });
});
