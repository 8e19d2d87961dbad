/**
 * Just enough MQTT 3.1.1 for a load generator: CONNECT, SUBSCRIBE, QoS 1
 * PUBLISH and PUBACK frames built straight into buffers, and a reader that
 * cuts a TCP stream into frames. A thousand gateways in one process through
 * MQTT.js would spend most of a core on its per-message machinery, a core
 * the broker and the analytics service need on a 2-core machine; the wire
 * traffic is the same as a real gateway's (QoS 1 both ways).
 */

export const PACKET = Object.freeze({ CONNACK: 2, PUBLISH: 3, PUBACK: 4, SUBACK: 9, PINGRESP: 13 });

/** The MQTT "remaining length": 7 bits a byte, low first. */
function remainingLengthBytes(length: number): number[] {
  const out: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    out.push(byte);
  } while (length > 0);
  return out;
}

function utf8Field(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const field = Buffer.allocUnsafe(2 + body.length);
  field.writeUInt16BE(body.length, 0);
  body.copy(field, 2);
  return field;
}

function frame(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte, ...remainingLengthBytes(body.length)]), body]);
}

/** CONNECT with user name and password, clean session, no keep-alive (loopback; the run is bounded). */
export function connectFrame(clientId: string, username: string, password: string): Buffer {
  const variable = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0xc2, 0, 0]);
  return frame(0x10, Buffer.concat([variable, utf8Field(clientId), utf8Field(username), utf8Field(password)]));
}

export function subscribeFrame(packetId: number, filter: string, qos: 0 | 1): Buffer {
  const id = Buffer.allocUnsafe(2);
  id.writeUInt16BE(packetId, 0);
  return frame(0x82, Buffer.concat([id, utf8Field(filter), Buffer.from([qos])]));
}

export function pubackFrame(packetId: number): Buffer {
  return Buffer.from([0x40, 2, packetId >> 8, packetId & 0xff]);
}

/**
 * A QoS 1 PUBLISH of an ASCII payload (JSON of numbers and ids), written in
 * one allocation: the topic's bytes are prepared once per gateway.
 */
export function publishFrame(topic: Buffer, packetId: number, payload: string): Buffer {
  const payloadBytes = payload.length; // ASCII: one byte a character
  const remaining = 2 + topic.length + 2 + payloadBytes;
  const lengthBytes = remainingLengthBytes(remaining);
  const out = Buffer.allocUnsafe(1 + lengthBytes.length + remaining);
  let at = 0;
  out[at++] = 0x32;
  for (const b of lengthBytes) out[at++] = b;
  out.writeUInt16BE(topic.length, at);
  at += 2;
  at += topic.copy(out, at);
  out.writeUInt16BE(packetId, at);
  at += 2;
  out.write(payload, at, 'latin1');
  return out;
}

export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly body: Buffer;
}

/** An incoming PUBLISH: its topic, packet id (0 at QoS 0) and payload. */
export function readPublish(f: Frame): { topic: string; packetId: number; payload: Buffer } {
  const topicLength = f.body.readUInt16BE(0);
  const topic = f.body.toString('utf8', 2, 2 + topicLength);
  const qos = (f.flags >> 1) & 3;
  let at = 2 + topicLength;
  const packetId = qos > 0 ? f.body.readUInt16BE(at) : 0;
  if (qos > 0) at += 2;
  return { topic, packetId, payload: f.body.subarray(at) };
}

/** Cuts a byte stream into MQTT frames, keeping a partial frame until the rest arrives. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer, onFrame: (f: Frame) => void): void {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    for (;;) {
      if (data.length - at < 2) break;
      let length = 0;
      let multiplier = 1;
      let i = at + 1;
      let complete = false;
      while (i < data.length && i < at + 5) {
        const byte = data[i++];
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || data.length - i < length) break;
      const first = data[at];
      onFrame({ type: first >> 4, flags: first & 0x0f, body: data.subarray(i, i + length) });
      at = i + length;
    }
    // A copy, so the rest of a large chunk is not kept alive by a few bytes.
    this.pending = at >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
  }
}
