/**
 * Register words into numbers. Modbus carries 16-bit registers, each sent
 * high byte first (Modbus Application Protocol v1.1b3, 4.2: "big-Endian
 * representation ... the most significant byte is sent first"); wider values
 * span several registers in an order the standard leaves to the device, and
 * some devices also swap the two bytes within each register. So every value
 * names its byte order (within each word) and its word order (high word
 * first, or low word first). Pure: no I/O, never throws on a value; a NaN
 * float is returned as NaN for the analytics service to reject.
 */

export const REGISTER_TYPES = ['uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number];

export const ORDERS = ['big', 'little'] as const;
/** `big`: the high byte (or word) first, as the Modbus standard sends a register; `little`: swapped. */
export type Order = (typeof ORDERS)[number];

const WORDS: Readonly<Record<RegisterType, 1 | 2 | 4>> = { uint16: 1, int16: 1, uint32: 2, int32: 2, float32: 2, float64: 4 };

/** How many 16-bit registers a value of `type` spans. */
export function wordsOf(type: RegisterType): 1 | 2 | 4 {
  return WORDS[type];
}

/**
 * The value of `type` held in `words` (16-bit register values as read, the
 * first at the lowest address; exactly wordsOf(type) of them).
 */
export function decodeRegisters(words: readonly number[], type: RegisterType, byteOrder: Order, wordOrder: Order): number {
  const count = WORDS[type];
  if (words.length !== count) throw new RangeError(`a ${type} spans ${count} registers, got ${words.length}`);
  // Rebuild the value's bytes most significant first, then read them big-endian.
  const bytes = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    const word = words[wordOrder === 'big' ? i : count - 1 - i] & 0xffff;
    const swapped = byteOrder === 'big' ? word : ((word & 0xff) << 8) | (word >> 8);
    bytes.writeUInt16BE(swapped, i * 2);
  }
  switch (type) {
    case 'uint16':
      return bytes.readUInt16BE(0);
    case 'int16':
      return bytes.readInt16BE(0);
    case 'uint32':
      return bytes.readUInt32BE(0);
    case 'int32':
      return bytes.readInt32BE(0);
    case 'float32':
      return bytes.readFloatBE(0);
    case 'float64':
      return bytes.readDoubleBE(0);
  }
}
