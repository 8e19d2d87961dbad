/**
 * MQTT 3.1.1 packets written by hand, for what MQTT.js will not do: a
 * PUBLISH streamed from a generator (a message far larger than memory should
 * hold), or a CONNECT sent a few bytes at a time (slow loris).
 */
import net from 'node:net';

/** The remaining-length varint of the fixed header (MQTT 3.1.1 section 2.2.3). */
export function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

function utf8Field(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([len, body]);
}

/** CONNECT with a clean session, user name and password, keep-alive 60 s. */
export function connectPacket(clientId: string, username: string, password: string): Buffer {
  const variable = Buffer.concat([utf8Field('MQTT'), Buffer.from([4, 0b1100_0010, 0, 60])]);
  const payload = Buffer.concat([utf8Field(clientId), utf8Field(username), utf8Field(password)]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(variable.length + payload.length), variable, payload]);
}

/** The fixed header, topic and packet id of a QoS 1 PUBLISH whose payload is `payloadBytes` long. */
export function publishHead(topic: string, payloadBytes: number, packetId = 1): Buffer {
  const topicField = utf8Field(topic);
  const id = Buffer.from([packetId >> 8, packetId & 0xff]);
  return Buffer.concat([Buffer.from([0x32]), remainingLength(topicField.length + 2 + payloadBytes), topicField, id]);
}

export function openSocket(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when the peer has closed `socket` (or it errored, which ends it too). */
export function closed(socket: net.Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.on('error', () => {});
  });
}

/**
 * Writes `chunks` one after another, each once the previous one was taken,
 * and stops when the connection ends. Resolves with the bytes the connection
 * accepted: a broker that cuts an oversized packet at its header accepts a
 * small fraction of a large message.
 */
export async function streamUntilClosed(socket: net.Socket, chunks: Iterable<Buffer>): Promise<number> {
  const end = closed(socket);
  let accepted = 0;
  let open = true;
  void end.then(() => (open = false));
  for (const chunk of chunks) {
    if (!open) break;
    const ok = await new Promise<boolean>((resolve) => {
      socket.write(chunk, (err) => resolve(!err));
    });
    if (!ok) break;
    accepted += chunk.length;
  }
  socket.end();
  await end;
  return accepted;
}
