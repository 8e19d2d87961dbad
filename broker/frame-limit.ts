/**
 * A watch on the size of MQTT packets as they arrive on a connection.
 *
 * aedes (through mqtt-packet) buffers a whole packet before handing it over
 * and has no size limit, so one client announcing a 256 MiB PUBLISH could make
 * the broker hold 256 MiB. This reads only the fixed header (MQTT 3.1.1
 * section 2.2: one type byte, then the remaining length in 1 to 4 bytes of 7
 * bits each) and reports a packet too large as soon as its length is known,
 * before its body is buffered, so the connection can be cut.
 */
export type FrameVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'too-large'; readonly packetBytes: number } | { readonly ok: false; readonly reason: 'malformed' };

const OK: FrameVerdict = Object.freeze({ ok: true });

export class FrameSizeWatch {
  private state: 'type' | 'length' | 'body' = 'type';
  private remaining = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private failed: FrameVerdict | null = null;

  constructor(readonly maxPacketBytes: number) {
    if (!Number.isSafeInteger(maxPacketBytes) || maxPacketBytes < 2) throw new RangeError(`maxPacketBytes must be a whole number >= 2, got ${maxPacketBytes}`);
  }

  /** Feeds the next bytes read from the connection. Once it has failed, it stays failed. */
  push(chunk: Uint8Array): FrameVerdict {
    if (this.failed) return this.failed;
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'type') {
        i++;
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else if (this.state === 'length') {
        const byte = chunk[i++];
        this.lengthBytes++;
        this.length += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        if (byte & 0x80) {
          // The remaining length has at most four bytes (MQTT-2.2.3).
          if (this.lengthBytes === 4) return (this.failed = { ok: false, reason: 'malformed' });
          continue;
        }
        const packetBytes = 1 + this.lengthBytes + this.length;
        if (packetBytes > this.maxPacketBytes) return (this.failed = { ok: false, reason: 'too-large', packetBytes });
        this.remaining = this.length;
        this.state = this.remaining > 0 ? 'body' : 'type';
      } else {
        const skip = Math.min(this.remaining, chunk.length - i);
        i += skip;
        this.remaining -= skip;
        if (this.remaining === 0) this.state = 'type';
      }
    }
    return OK;
  }
}
