/**
 * Turns one telegram's text into source events, or says why it cannot.
 * Pure: the configuration is compiled once, then each telegram costs one
 * split (or one regular-expression match) and one pass over the mapped
 * fields.
 *
 * A telegram is taken or refused WHOLE: it is one frame from one instant of
 * the gauge, and a field that is not a number (serial line noise, a status
 * text where a value should be) makes the rest of the frame suspect too. A
 * refused telegram is counted once with the first field at fault; none of its
 * values is passed on. Fields named in `noValue` ("----" while no cable runs
 * through the gauge) are skipped without refusing the telegram.
 */
import type { SourceEvent } from '../source-event.js';
import type { TelegramConfig, TelegramMapping } from './telegram-config.js';
import { REEL_ID_PATTERN_SOURCE, REEL_ID_SYNTAX_TEXT } from '../../../protocol/ids.js';
import { excerptOf } from './telegram-framing.js';

const REEL_ID = new RegExp(REEL_ID_PATTERN_SOURCE);

export type ParseOutcome =
  | { readonly ok: true; readonly events: SourceEvent[] }
  /** `unmapped`: a telegram of another kind (no prefix); `unparsable`: this kind, but broken. */
  | { readonly ok: false; readonly reason: 'unparsable' | 'unmapped'; readonly detail: string };

/** Parses one telegram; `arrivalTs` (ms UTC) stamps it when no field is its timestamp. */
export type TelegramParser = (text: string, arrivalTs: number) => ParseOutcome;

/** One mapped field: where it is (an index or a group name) and what it is. */
interface Slot {
  readonly at: number | string;
  readonly mapping: TelegramMapping;
  readonly line: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

export function compileTelegramParser(config: TelegramConfig): TelegramParser {
  const parse = config.parse;
  const slotOf = (at: number | string, mapping: TelegramMapping): Slot => ({ at, mapping, line: mapping.line ?? config.line ?? '' });
  const slots: Slot[] = parse.fields ? parse.fields.map((f) => slotOf(f.index, f)) : Object.entries(parse.groups ?? {}).map(([name, g]) => slotOf(name, g));
  // Tags first, so the readings of a telegram carry the product and position read with them.
  const ordered = [...slots.filter((s) => s.mapping.tag !== undefined), ...slots.filter((s) => s.mapping.characteristic !== undefined)];
  const stamp = slots.find((s) => s.mapping.role === 'timestamp');
  const noValue = new Set(parse.noValue ?? []);
  const number = (text: string) => parseNumber(text, parse.decimalComma === true);
  const split = splitterOf(config);
  const name = (at: number | string) => (typeof at === 'number' ? `field ${at}` : `group '${at}'`);

  return (telegram, arrivalTs) => {
    let text = telegram;
    if (parse.prefix !== undefined) {
      if (!text.startsWith(parse.prefix)) return { ok: false, reason: 'unmapped', detail: `telegram '${excerptOf(text)}' does not start with '${parse.prefix}'` };
      text = text.slice(parse.prefix.length);
    }
    const fields = split(text);
    if (typeof fields === 'string') return refuse(telegram, fields);
    const field = (at: number | string): string | undefined => (typeof at === 'number' ? (fields as string[])[at] : (fields as Record<string, string | undefined>)[at]);

    let ts = arrivalTs;
    if (stamp) {
      const raw = field(stamp.at);
      const parsed = raw === undefined ? undefined : parseTimestamp(raw.trim(), stamp.mapping.format ?? 'iso', number);
      if (parsed === undefined)
        return refuse(telegram, raw === undefined ? `${name(stamp.at)} (the timestamp) is missing` : `${name(stamp.at)} '${excerptOf(raw)}' is not a ${stamp.mapping.format} timestamp`);
      ts = parsed;
    }
    const events: SourceEvent[] = [];
    for (const slot of ordered) {
      const raw = field(slot.at);
      if (raw === undefined) return refuse(telegram, `${name(slot.at)} is missing (the telegram has ${Array.isArray(fields) ? `${fields.length} fields` : 'no such group'})`);
      const value = raw.trim();
      if (noValue.has(value) || noValue.has(raw)) continue;
      const { mapping, line } = slot;
      if (mapping.tag === 'reel') {
        if (!REEL_ID.test(value)) return refuse(telegram, `${name(slot.at)} '${excerptOf(value)}' is not ${REEL_ID_SYNTAX_TEXT}`);
        events.push({ kind: 'reel-tag', line, ts, reel: value });
        continue;
      }
      if (mapping.tag === 'product') {
        const product = mapping.codes ? mapping.codes[value] : value;
        if (product === undefined || product === '') return refuse(telegram, `${name(slot.at)} '${excerptOf(value)}' is not a product code of the map`);
        events.push({ kind: 'product', line, ts, product });
        continue;
      }
      const n = number(value);
      if (n === undefined) return refuse(telegram, `${name(slot.at)} '${excerptOf(value)}' is not a number`);
      const scaled = n * (mapping.scale ?? 1) + (mapping.offset ?? 0);
      if (mapping.tag === 'length') events.push({ kind: 'length', line, ts, metres: scaled });
      else if (mapping.tag === 'speed') events.push({ kind: 'speed', line, ts, metresPerMinute: scaled });
      else events.push({ kind: 'reading', line, characteristic: mapping.characteristic!, ts, value: scaled });
    }
    return { ok: true, events };
  };
}

function refuse(telegram: string, why: string): ParseOutcome {
  return { ok: false, reason: 'unparsable', detail: `${why} in telegram '${excerptOf(telegram)}'` };
}

/** Splits a telegram into fields (an array for the delimiter form, named groups for the pattern form), or says why not. */
function splitterOf(config: TelegramConfig): (text: string) => string[] | Record<string, string | undefined> | string {
  const { delimiter, pattern } = config.parse;
  if (pattern !== undefined) {
    const re = new RegExp(pattern);
    return (text) => re.exec(text)?.groups ?? 'the telegram does not match the pattern';
  }
  if (delimiter === ' ') return (text) => text.trim().split(/[ \t]+/);
  return (text) => text.split(delimiter ?? ';');
}

/** A decimal number as gauges write it, optionally with a decimal comma; undefined for anything else (no hex, no units, no empty). */
export function parseNumber(text: string, decimalComma: boolean): number | undefined {
  const t = decimalComma ? text.replace(',', '.') : text;
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** ms UTC of a timestamp field; an ISO time without a zone is read as UTC. */
export function parseTimestamp(text: string, format: 'iso' | 'epoch-ms' | 'epoch-s', number: (t: string) => number | undefined): number | undefined {
  if (format === 'iso') {
    if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return undefined;
    const ms = Date.parse(ISO_ZONE.test(text) ? text : `${text}Z`);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const n = number(text);
  if (n === undefined || n < 0) return undefined;
  return Math.round(format === 'epoch-s' ? n * 1000 : n);
}
