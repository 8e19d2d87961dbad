/**
 * Whether a raw measurement value may enter the statistics
 * (docs/spc-conventions.md, "Input"): it must be a finite, non-negative decimal
 * number. The reason strings are stable; reports and dead letters carry them.
 */
export type ValueVerdict = { ok: true; value: number } | { ok: false; reason: RejectReason };

export type RejectReason = 'empty' | 'NaN' | 'infinite' | 'not a number' | 'negative';

// Plain decimal notation only: Number() would also take "0x1F", "0b1" or " ".
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Classifies a value as written in a CSV file or typed on a command line. */
export function classifyRawValue(raw: string): ValueVerdict {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (/^[+-]?nan$/i.test(text)) return { ok: false, reason: 'NaN' };
  if (/^[+-]?inf(inity)?$/i.test(text)) return { ok: false, reason: 'infinite' };
  if (!DECIMAL.test(text)) return { ok: false, reason: 'not a number' };
  return classifyNumber(Number(text));
}

/** Classifies a value that arrived as a number (for example in JSON). */
export function classifyNumber(value: number): ValueVerdict {
  if (Number.isNaN(value)) return { ok: false, reason: 'NaN' };
  if (!Number.isFinite(value)) return { ok: false, reason: 'infinite' };
  // -0 compares equal to 0 and is a valid zero reading.
  if (value < 0) return { ok: false, reason: 'negative' };
  return { ok: true, value: value === 0 ? 0 : value };
}
