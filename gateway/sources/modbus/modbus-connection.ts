/**
 * One Modbus TCP connection through `modbus-serial`, behind the small
 * interface the source polls: read registers, learn when the connection is
 * lost, close. The library is loaded on the first connection only, so other
 * commands never load it. Every failure comes out as a ModbusReadError that
 * says whether the device answered (an exception code), did not answer in
 * time, or the connection is gone; nothing is thrown from an event handler.
 */
import type { RegisterTable } from './read-plan.js';

export interface ModbusTarget {
  readonly host: string;
  readonly port: number;
  readonly unitId: number;
  /** ms for the connection to open and for each answer. */
  readonly timeoutMs: number;
}

export interface ModbusConnection {
  /** The values of `count` registers from `start` of `table`, or a ModbusReadError. */
  read(table: RegisterTable, start: number, count: number): Promise<number[]>;
  /** Resolves, with why, once the connection is lost or closed. */
  readonly lost: Promise<string>;
  close(): void;
}

export type ConnectModbus = (target: ModbusTarget) => Promise<ModbusConnection>;

/** The device answered with an exception code, did not answer in time, answered what cannot be read, or the connection is gone. */
export type ModbusFailure = 'exception' | 'timeout' | 'bad-answer' | 'closed';

export class ModbusReadError extends Error {
  constructor(
    readonly failure: ModbusFailure,
    message: string,
    /** The Modbus exception code, when the device answered with one. */
    readonly exceptionCode?: number,
  ) {
    super(message);
    this.name = 'ModbusReadError';
  }
}

/** Opens a connection to `target`; rejects with a plain Error saying why it could not. */
export async function connectModbus(target: ModbusTarget): Promise<ModbusConnection> {
  // A CommonJS package: its module.exports is the namespace's default, and it sets its own `default` to itself.
  const ModbusRTU = (await import('modbus-serial')).default.default;
  const client = new ModbusRTU();
  // Socket errors also end the connection; they are reported through `lost`.
  client.on('error', () => {});
  client.setID(target.unitId);
  // Set before connecting: the library also uses it as the socket's connect timeout.
  client.setTimeout(target.timeoutMs);
  try {
    await client.connectTCP(target.host, { port: target.port });
  } catch (err) {
    client.destroy(() => {});
    throw new Error(`cannot connect to ${target.host}:${target.port}: ${messageOf(err)}`);
  }
  // Reads in flight, failed when the connection is lost: closing the client cancels its timeouts, so they would never settle.
  const inFlight = new Set<(err: ModbusReadError) => void>();
  let markLost: (why: string) => void = () => {};
  const lost = new Promise<string>((resolve) => {
    markLost = (why) => {
      resolve(why);
      for (const fail of inFlight) fail(new ModbusReadError('closed', why));
      inFlight.clear();
    };
  });
  client.on('close', () => markLost('the device closed the connection'));
  return {
    lost,
    read(table, start, count) {
      // The library rejects at once when its socket is gone, even if it emitted no close (a reset).
      if (!client.isOpen) markLost('the connection is gone');
      return new Promise<number[]>((resolve, reject) => {
        if (!client.isOpen) return reject(new ModbusReadError('closed', 'the connection is gone'));
        inFlight.add(reject);
        const reading = table === 'holding' ? client.readHoldingRegisters(start, count) : client.readInputRegisters(start, count);
        reading.then(
          (result) => {
            inFlight.delete(reject);
            resolve(result.data);
          },
          (err: unknown) => {
            inFlight.delete(reject);
            reject(readError(err, () => markLost('the connection is gone')));
          },
        );
      });
    },
    close() {
      markLost('closed');
      client.destroy(() => {});
    },
  };
}

function readError(err: unknown, onClosed: () => void): ModbusReadError {
  const e = err as { modbusCode?: unknown; errno?: unknown; message?: unknown };
  if (typeof e?.modbusCode === 'number') return new ModbusReadError('exception', messageOf(err), e.modbusCode);
  if (e?.errno === 'ETIMEDOUT') return new ModbusReadError('timeout', 'no answer in time');
  // The library's "Port Not Open" carries ECONNREFUSED; anything else is an answer it could not read (CRC, length).
  if (e?.errno !== 'ECONNREFUSED') return new ModbusReadError('bad-answer', messageOf(err));
  onClosed();
  return new ModbusReadError('closed', messageOf(err));
}

function messageOf(err: unknown): string {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) return String((err as { message: unknown }).message);
  return String(err);
}
