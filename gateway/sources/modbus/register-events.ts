/**
 * A register's decoded value into the event it means: a reading of a
 * characteristic (raw * scale + offset, NaN passed on for the analytics
 * service to reject with a reason), or the line's product, length counter
 * or speed. What cannot become an event says why. Pure.
 */
import type { BadReadingReason } from '../gateway-source.js';
import type { SourceEvent } from '../source-event.js';
import type { ModbusRegister } from './modbus-config.js';

export type RegisterOutcome = { readonly event: SourceEvent } | { readonly reason: BadReadingReason; readonly detail: string };

/** What `register` holding `raw` (as decoded) means at read time `ts`. */
export function registerEvent(register: ModbusRegister, raw: number, ts: number): RegisterOutcome {
  const value = raw * (register.scale ?? 1) + (register.offset ?? 0);
  const line = register.line;
  if (register.characteristic !== undefined) return { event: { kind: 'reading', line, characteristic: register.characteristic, ts, value } };
  if (register.tag === 'reel') {
    // A PLC numbers reels; 0 says no reel is being wound.
    if (!Number.isInteger(raw) || raw < 0) return { reason: 'unparsable', detail: `${where(register)}: reel number ${raw} is not a whole number` };
    return { event: { kind: 'reel-tag', line, ts, reel: raw === 0 ? null : String(raw) } };
  }
  if (register.tag === 'product') {
    const product = Number.isInteger(raw) ? register.codes?.[String(raw)] : undefined;
    if (product === undefined) return { reason: 'unmapped', detail: `${where(register)}: product code ${raw} is not in its codes (${Object.keys(register.codes ?? {}).join(', ')})` };
    return { event: { kind: 'product', line, ts, product } };
  }
  if (!Number.isFinite(value)) return { reason: 'unparsable', detail: `${where(register)}: the line ${register.tag} read is ${value}, not a number` };
  if (register.tag === 'length') return { event: { kind: 'length', line, ts, metres: value } };
  return { event: { kind: 'speed', line, ts, metresPerMinute: value } };
}

/** `holding register 12 (float32)`: how a register is named in every message. */
export function where(register: Pick<ModbusRegister, 'table' | 'address' | 'type'>): string {
  return `${register.table} register ${register.address} (${register.type})`;
}
