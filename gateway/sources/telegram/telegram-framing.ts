/**
 * Cuts a TCP byte stream into telegrams. TCP keeps no message boundaries: a
 * telegram may arrive in pieces over several chunks, and one chunk may carry
 * several telegrams. The framer holds at most one unfinished telegram
 * (bounded by `maxBytes`); a longer one without a terminator is discarded
 * and reported, and everything up to the next terminator is dropped so the
 * stream resynchronises on a telegram boundary. Pure: no sockets, no clock.
 */

export type TerminatorSetting = 'lf' | 'crlf' | 'cr' | 'etx' | { readonly custom: string };
export type TelegramEncoding = 'ascii' | 'latin1' | 'utf8';

export type Frame = { readonly kind: 'telegram'; readonly bytes: Buffer } | { readonly kind: 'overlong'; readonly excerpt: string; readonly bytes: number };

const STX = 0x02;
/** A control character at a telegram's ends is framing, not content (CR/LF left by another terminator, STX, NUL padding); tab stays (a delimiter). */
const isEdgeControl = (code: number) => code < 0x20 && code !== 0x09;

export function terminatorBytes(setting: TerminatorSetting): Buffer {
  if (typeof setting === 'object') return Buffer.from(setting.custom, 'latin1');
  return Buffer.from({ lf: '\n', crlf: '\r\n', cr: '\r', etx: '\x03' }[setting], 'latin1');
}

export class TelegramFramer {
  private readonly terminator: Buffer;
  /** Bytes of the telegram not yet terminated. */
  private pending: Buffer = Buffer.alloc(0);
  /** An over-long telegram was cut: drop bytes until the next terminator. */
  private discarding = false;

  constructor(
    terminator: TerminatorSetting,
    private readonly maxBytes: number,
  ) {
    this.terminator = terminatorBytes(terminator);
  }

  /** The frames completed by `chunk`, in order. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    // Only the tail of `pending` can hold the start of a split terminator.
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const end = data.indexOf(this.terminator);
      if (end < 0) break;
      const body = data.subarray(0, end);
      data = data.subarray(end + this.terminator.length);
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      if (body.length > this.maxBytes) frames.push(overlong(body));
      else frames.push({ kind: 'telegram', bytes: body });
    }
    if (!this.discarding && data.length > this.maxBytes + this.terminator.length - 1) {
      frames.push(overlong(data));
      this.discarding = true;
    }
    if (this.discarding) {
      // Keep only what may be the start of a terminator split across chunks.
      data = data.subarray(Math.max(0, data.length - (this.terminator.length - 1)));
    }
    this.pending = Buffer.from(data);
    return frames;
  }

  /** Forgets the unfinished telegram (the connection closed); returns its length in bytes, 0 when there was none. */
  reset(): number {
    const cut = this.discarding ? 0 : this.pending.length;
    this.pending = Buffer.alloc(0);
    this.discarding = false;
    return cut;
  }
}

function overlong(bytes: Buffer): Frame {
  return { kind: 'overlong', excerpt: excerptOf(bytes.subarray(0, 40).toString('latin1')), bytes: bytes.length };
}

/**
 * A telegram's text: the bytes after its last STX (an STX...ETX frame; what
 * came before is the previous frame's check character or noise), decoded,
 * with framing control characters at both ends removed. Bytes above 0x7F in
 * an 'ascii' stream are line noise: the telegram is refused with the reason.
 */
export function decodeTelegram(bytes: Buffer, encoding: TelegramEncoding): { ok: true; text: string } | { ok: false; reason: string } {
  const start = bytes.lastIndexOf(STX);
  const body = start >= 0 ? bytes.subarray(start + 1) : bytes;
  if (encoding === 'ascii') {
    const bad = body.findIndex((b) => b > 0x7f);
    if (bad >= 0) return { ok: false, reason: `byte 0x${body[bad]!.toString(16)} at ${bad} is not ASCII` };
  }
  const text = encoding === 'utf8' ? body.toString('utf8') : body.toString('latin1');
  return { ok: true, text: trimEdgeControl(text) };
}

function trimEdgeControl(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isEdgeControl(text.charCodeAt(start))) start++;
  while (end > start && isEdgeControl(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** A short printable excerpt of a telegram for a log line: control characters as \xNN, at most 40 characters. */
export function excerptOf(text: string): string {
  let printable = '';
  for (const c of text.slice(0, 41)) {
    const code = c.charCodeAt(0);
    printable += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return printable.length > 40 ? `${printable.slice(0, 40)}...` : printable;
}
