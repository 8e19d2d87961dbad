/**
 * A real Modbus TCP server on loopback (modbus-serial's ServerTCP) for the
 * Modbus source's tests: two register tables the test writes values into,
 * addresses that answer with an exception code, a hook called on every read
 * (to serve a new value each poll and record what was served), and stop /
 * restart on the same port, as a PLC that reboots.
 */
import ModbusSerial from 'modbus-serial';
import { freePort } from './ports.js';

type Table = 'holding' | 'input';
type Order = 'big' | 'little';

export interface TestModbusServer {
  readonly port: number;
  /** Register values (0..65535) by table. */
  readonly tables: Record<Table, Uint16Array>;
  /** Addresses whose read is answered with this exception code (2: illegal data address). */
  readonly exceptions: Map<string, number>;
  /** Called before every read is answered, with what is read. */
  onRead: (table: Table, address: number, count: number) => void;
  /** Reads answered (exceptions not counted). */
  readonly reads: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export async function startModbusServer(port?: number): Promise<TestModbusServer> {
  const tables: Record<Table, Uint16Array> = { holding: new Uint16Array(65536), input: new Uint16Array(65536) };
  const exceptions = new Map<string, number>();
  let reads = 0;
  const read = (table: Table, address: number, count: number): number[] => {
    for (let a = address; a < address + count; a++) {
      const code = exceptions.get(`${table}:${a}`);
      // modbus-serial answers an error carrying modbusErrorCode with that exception code.
      if (code !== undefined) throw { modbusErrorCode: code, msg: `test exception at ${table} ${a}` };
    }
    server.onRead(table, address, count);
    reads += 1;
    return Array.from(tables[table].subarray(address, address + count));
  };
  // Whole reads, so a multi-register value is served from one moment (the single-register callbacks serve lengths of 1).
  const vector = {
    getHoldingRegister: (address: number) => read('holding', address, 1)[0],
    getInputRegister: (address: number) => read('input', address, 1)[0],
    getMultipleHoldingRegisters: (address: number, count: number) => read('holding', address, count),
    getMultipleInputRegisters: (address: number, count: number) => read('input', address, count),
  };
  const listenPort = port ?? (await freePort());
  let tcp: ModbusSerial.ServerTCP | null = await listen(vector, listenPort);
  const server: TestModbusServer = {
    port: listenPort,
    tables,
    exceptions,
    onRead: () => {},
    get reads() {
      return reads;
    },
    async stop() {
      if (tcp === null) return;
      const closing = tcp;
      tcp = null;
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async restart() {
      await server.stop();
      tcp = await listen(vector, listenPort);
    },
  };
  return server;
}

function listen(vector: ModbusSerial.IServiceVector, port: number): Promise<ModbusSerial.ServerTCP> {
  return new Promise((resolve, reject) => {
    const tcp = new ModbusSerial.ServerTCP(vector, { host: '127.0.0.1', port, unitID: 1 });
    tcp.once('initialized', () => resolve(tcp));
    tcp.once('serverError', reject);
    // A client that goes away mid-request is not the test's failure.
    tcp.on('socketError', () => {});
    tcp.on('error', () => {});
  });
}

/** Writes `value` as `type` at `address`, in the given byte and word order (an encoder independent of the source's decoder). */
export function writeValue(
  table: Uint16Array,
  address: number,
  type: 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64',
  value: number,
  byteOrder: Order = 'big',
  wordOrder: Order = 'big',
): void {
  const size = { uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 }[type];
  const view = new DataView(new ArrayBuffer(size));
  if (type === 'uint16') view.setUint16(0, value);
  else if (type === 'int16') view.setInt16(0, value);
  else if (type === 'uint32') view.setUint32(0, value);
  else if (type === 'int32') view.setInt32(0, value);
  else if (type === 'float32') view.setFloat32(0, value);
  else view.setFloat64(0, value);
  const words = Array.from({ length: size / 2 }, (_, i) => {
    const hi = view.getUint8(i * 2);
    const lo = view.getUint8(i * 2 + 1);
    return byteOrder === 'big' ? (hi << 8) | lo : (lo << 8) | hi;
  });
  if (wordOrder === 'little') words.reverse();
  table.set(words, address);
}
