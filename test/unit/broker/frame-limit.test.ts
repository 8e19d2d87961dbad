import { describe, expect, it } from 'vitest';
import { FrameSizeWatch } from '../../../broker/frame-limit.js';

/** A QoS 0 PUBLISH to 'a/b' as it goes on the wire (MQTT 3.1.1 sections 2.2 and 3.3). */
function publish(payloadBytes: number): Buffer {
  const body = Buffer.concat([Buffer.from([0, 3]), Buffer.from('a/b'), Buffer.alloc(payloadBytes)]);
  const length: number[] = [];
  let n = body.length;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    length.push(byte);
  } while (n > 0);
  return Buffer.concat([Buffer.from([0x30, ...length]), body]);
}
const PINGREQ = Buffer.from([0xc0, 0x00]);

describe('FrameSizeWatch', () => {
  it('lets a stream of packets under the limit through, however the bytes are cut', () => {
    const stream = Buffer.concat([publish(10), publish(300), PINGREQ, publish(20_000), publish(0)]);
    for (const cut of [1, 2, 3, 7, 128, 4096, stream.length]) {
      const watch = new FrameSizeWatch(20_100);
      for (let i = 0; i < stream.length; i += cut) expect(watch.push(stream.subarray(i, i + cut))).toEqual({ ok: true });
    }
  });

  it('reports a packet too large as soon as its header is read, before the body', () => {
    const big = publish(1_000_000);
    const watch = new FrameSizeWatch(100_000);
    const header = big.subarray(0, 4); // type byte + 3 length bytes
    expect(watch.push(header)).toEqual({ ok: false, reason: 'too-large', packetBytes: big.length });
    // It stays failed.
    expect(watch.push(Buffer.from([0]))).toMatchObject({ ok: false });
  });

  it('finds the oversized packet after good ones in the same chunk', () => {
    const watch = new FrameSizeWatch(1000);
    expect(watch.push(Buffer.concat([publish(10), publish(5000).subarray(0, 10)]))).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('reports a remaining length of more than four bytes as malformed', () => {
    const watch = new FrameSizeWatch(1000);
    expect(watch.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toEqual({ ok: false, reason: 'malformed' });
  });
});
