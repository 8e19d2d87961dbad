import { describe, expect, it } from 'vitest';
import { decodeRegisters, wordsOf } from '../../../../../gateway/sources/modbus/register-decoder.js';

// Each case: the value's bytes most significant first, and the registers as each of the four orders puts them on the wire.
describe('decodeRegisters', () => {
  it('reads float32 1.5 (0x3FC00000) in all four byte and word orders', () => {
    expect(decodeRegisters([0x3fc0, 0x0000], 'float32', 'big', 'big')).toBe(1.5);
    expect(decodeRegisters([0x0000, 0x3fc0], 'float32', 'big', 'little')).toBe(1.5);
    expect(decodeRegisters([0xc03f, 0x0000], 'float32', 'little', 'big')).toBe(1.5);
    expect(decodeRegisters([0x0000, 0xc03f], 'float32', 'little', 'little')).toBe(1.5);
  });

  it('reads uint32 0x12345678 in all four orders, and tells them apart', () => {
    expect(decodeRegisters([0x1234, 0x5678], 'uint32', 'big', 'big')).toBe(0x12345678);
    expect(decodeRegisters([0x5678, 0x1234], 'uint32', 'big', 'little')).toBe(0x12345678);
    expect(decodeRegisters([0x3412, 0x7856], 'uint32', 'little', 'big')).toBe(0x12345678);
    expect(decodeRegisters([0x7856, 0x3412], 'uint32', 'little', 'little')).toBe(0x12345678);
    expect(decodeRegisters([0x1234, 0x5678], 'uint32', 'big', 'little')).toBe(0x56781234);
    expect(decodeRegisters([0xffff, 0xffff], 'uint32', 'big', 'big')).toBe(4_294_967_295);
  });

  it('reads int32 negatives', () => {
    expect(decodeRegisters([0xffff, 0xfffe], 'int32', 'big', 'big')).toBe(-2);
    expect(decodeRegisters([0xfffe, 0xffff], 'int32', 'big', 'little')).toBe(-2);
    expect(decodeRegisters([0xffff, 0xfeff], 'int32', 'little', 'big')).toBe(-2);
    expect(decodeRegisters([0x8000, 0x0000], 'int32', 'big', 'big')).toBe(-2_147_483_648);
    // -100000 = 0xFFFE7960
    expect(decodeRegisters([0x7960, 0xfffe], 'int32', 'big', 'little')).toBe(-100_000);
  });

  it('reads 16-bit values, swapping bytes for little byte order', () => {
    expect(decodeRegisters([0x1234], 'uint16', 'big', 'big')).toBe(0x1234);
    expect(decodeRegisters([0x3412], 'uint16', 'little', 'big')).toBe(0x1234);
    expect(decodeRegisters([0xffff], 'uint16', 'big', 'big')).toBe(65535);
    expect(decodeRegisters([0xffff], 'int16', 'big', 'big')).toBe(-1);
    expect(decodeRegisters([0x8000], 'int16', 'big', 'big')).toBe(-32768);
    expect(decodeRegisters([0x0080], 'int16', 'little', 'big')).toBe(-32768);
    expect(decodeRegisters([0x7fff], 'int16', 'big', 'big')).toBe(32767);
  });

  it('reads float64 in all four orders', () => {
    // 1.5 = 0x3FF8000000000000; -0.1 = 0xBFB999999999999A
    expect(decodeRegisters([0x3ff8, 0, 0, 0], 'float64', 'big', 'big')).toBe(1.5);
    expect(decodeRegisters([0, 0, 0, 0x3ff8], 'float64', 'big', 'little')).toBe(1.5);
    expect(decodeRegisters([0xbfb9, 0x9999, 0x9999, 0x999a], 'float64', 'big', 'big')).toBe(-0.1);
    expect(decodeRegisters([0x999a, 0x9999, 0x9999, 0xbfb9], 'float64', 'big', 'little')).toBe(-0.1);
    expect(decodeRegisters([0xb9bf, 0x9999, 0x9999, 0x9a99], 'float64', 'little', 'big')).toBe(-0.1);
    expect(decodeRegisters([0x9a99, 0x9999, 0x9999, 0xb9bf], 'float64', 'little', 'little')).toBe(-0.1);
  });

  it('passes a NaN or infinite float on as read, for the analytics service to reject', () => {
    expect(decodeRegisters([0x7fc0, 0x0000], 'float32', 'big', 'big')).toBeNaN();
    expect(decodeRegisters([0x0000, 0xc07f], 'float32', 'little', 'little')).toBeNaN();
    expect(decodeRegisters([0x7ff8, 0, 0, 0], 'float64', 'big', 'big')).toBeNaN();
    expect(decodeRegisters([0x7f80, 0x0000], 'float32', 'big', 'big')).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads a float32 that is not exact as the nearest single-precision value', () => {
    // 0.7 as float32 is 0x3F333333.
    expect(decodeRegisters([0x3f33, 0x3333], 'float32', 'big', 'big')).toBe(Math.fround(0.7));
  });

  it('knows how many registers each type spans and refuses the wrong number of words', () => {
    expect([wordsOf('uint16'), wordsOf('int16'), wordsOf('uint32'), wordsOf('int32'), wordsOf('float32'), wordsOf('float64')]).toEqual([1, 1, 2, 2, 2, 4]);
    expect(() => decodeRegisters([0x3fc0], 'float32', 'big', 'big')).toThrow(/spans 2 registers, got 1/);
  });
});
