import { describe, expect, it } from 'vitest';
import { decodeTelegram, type Frame, TelegramFramer } from '../../../../../gateway/sources/telegram/telegram-framing.js';

const texts = (frames: Frame[]) => frames.map((f) => (f.kind === 'telegram' ? f.bytes.toString('latin1') : `OVERLONG(${f.bytes})`));
const b = (s: string) => Buffer.from(s, 'latin1');

describe('TelegramFramer', () => {
  it('joins a telegram split across chunks, terminator split too', () => {
    const framer = new TelegramFramer('crlf', 64);
    expect(texts(framer.push(b('D;0.70')))).toEqual([]);
    expect(texts(framer.push(b('1;11.8\r')))).toEqual([]);
    expect(texts(framer.push(b('\nD;0.7')))).toEqual(['D;0.701;11.8']);
    expect(texts(framer.push(b('02;11.9\r\n')))).toEqual(['D;0.702;11.9']);
  });

  it('splits several telegrams in one chunk, in order', () => {
    const framer = new TelegramFramer('lf', 64);
    expect(texts(framer.push(b('a;1\nb;2\nc;3\nd')))).toEqual(['a;1', 'b;2', 'c;3']);
    expect(texts(framer.push(b(';4\n')))).toEqual(['d;4']);
  });

  it('cuts with a custom terminator of several characters', () => {
    const framer = new TelegramFramer({ custom: '#END' }, 64);
    expect(texts(framer.push(b('x=1#EN')))).toEqual([]);
    expect(texts(framer.push(b('Dy=2#END')))).toEqual(['x=1', 'y=2']);
  });

  it('discards an over-long telegram once and resynchronises at the next terminator', () => {
    const framer = new TelegramFramer('crlf', 16);
    const garbage = 'G'.repeat(40);
    const first = framer.push(b(`ok;1\r\n${garbage}`));
    expect(texts(first)).toEqual(['ok;1', 'OVERLONG(40)']);
    expect(first[1]).toMatchObject({ kind: 'overlong', excerpt: 'G'.repeat(40) });
    // More of the same garbage, no second report; the rest of it up to CRLF is dropped.
    expect(texts(framer.push(b('GGGGGGGGGGGGGGGGGGGGGGGGGGGGG\r')))).toEqual([]);
    expect(texts(framer.push(b('\nok;2\r\n')))).toEqual(['ok;2']);
    expect(framer.reset()).toBe(0);
  });

  it('reports an over-long telegram that arrives whole with its terminator', () => {
    const framer = new TelegramFramer('lf', 8);
    expect(texts(framer.push(b('0123456789\nok\n')))).toEqual(['OVERLONG(10)', 'ok']);
  });

  it('holds at most maxBytes of an unfinished telegram', () => {
    const framer = new TelegramFramer('crlf', 100);
    const frames: Frame[] = [];
    for (let i = 0; i < 1000; i++) frames.push(...framer.push(b('x'.repeat(50))));
    // 50 kB without a terminator: reported once, not held.
    expect(texts(frames)).toEqual(['OVERLONG(150)']);
    expect(texts(framer.push(b('\r\nok\r\n')))).toEqual(['ok']);
  });

  it('reset() returns the bytes of the telegram a disconnect cut off and forgets them', () => {
    const framer = new TelegramFramer('crlf', 64);
    framer.push(b('ok;1\r\nhalf;0.7'));
    expect(framer.reset()).toBe(8);
    expect(texts(framer.push(b('next;1\r\n')))).toEqual(['next;1']);
  });
});

describe('decodeTelegram', () => {
  it('takes the text after STX and drops framing control characters at the ends', () => {
    expect(decodeTelegram(b('\x1f\x02D 0.70 11.8\x03'), 'ascii')).toEqual({ ok: true, text: 'D 0.70 11.8' });
    expect(decodeTelegram(b('\n\t0.7\t1\r'), 'ascii')).toEqual({ ok: true, text: '\t0.7\t1' });
  });

  it('reads STX...ETX frames with a block check character after ETX', () => {
    const framer = new TelegramFramer('etx', 64);
    const frames = framer.push(b('\x021.381 0.6\x03\xa7\r\n\x021.379 0.7\x03Z'));
    expect(frames.map((f) => (f.kind === 'telegram' ? decodeTelegram(f.bytes, 'ascii') : f))).toEqual([
      { ok: true, text: '1.381 0.6' },
      { ok: true, text: '1.379 0.7' },
    ]);
  });

  it('refuses bytes above 0x7F in an ASCII stream, names the byte', () => {
    expect(decodeTelegram(b('0.7\xff1'), 'ascii')).toEqual({ ok: false, reason: 'byte 0xff at 3 is not ASCII' });
  });

  it('decodes latin1 and utf8', () => {
    expect(decodeTelegram(b('Ø 1.2'), 'latin1')).toEqual({ ok: true, text: 'Ø 1.2' });
    expect(decodeTelegram(Buffer.from('Ø 1.2', 'utf8'), 'utf8')).toEqual({ ok: true, text: 'Ø 1.2' });
  });
});

describe('whatever the bytes', () => {
  it('framing, decoding and parsing never throw and hold no more than maxBytes', async () => {
    const { compileTelegramParser } = await import('../../../../../gateway/sources/telegram/telegram-parser.js');
    const parse = compileTelegramParser({
      kind: 'telegram',
      host: 'h',
      port: 1,
      line: 'extruder-1',
      parse: {
        delimiter: ';',
        decimalComma: true,
        fields: [
          { index: 0, role: 'timestamp', format: 'iso' },
          { index: 1, characteristic: 'eccentricity' },
          { index: 2, tag: 'product' },
        ],
      },
    });
    let seed = 17;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = b('\r\n\x02\x03;,.0123456789-+eE:TZ \xff\x00abc');
    const framer = new TelegramFramer('crlf', 64);
    let telegrams = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Array.from({ length: Math.floor(random() * 100) }, () => alphabet[Math.floor(random() * alphabet.length)]!);
      // Half the chunks end a telegram, so most telegrams are garbage but well framed.
      const chunk = Buffer.concat([Buffer.from(bytes), random() < 0.5 ? b('\r\n') : Buffer.alloc(0)]);
      for (const frame of framer.push(chunk)) {
        if (frame.kind !== 'telegram') continue;
        expect(frame.bytes.length).toBeLessThanOrEqual(64);
        const text = decodeTelegram(frame.bytes, 'latin1');
        if (text.ok) parse(text.text, 0);
        telegrams++;
      }
    }
    expect(telegrams).toBeGreaterThan(500);
  });
});
