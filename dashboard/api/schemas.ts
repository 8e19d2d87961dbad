/**
 * Schema pieces the routes share. Fastify validates requests with these
 * (typebox schemas are plain JSON Schema), and validation-message.ts turns a
 * failed pattern back into words through PATTERN_TEXT.
 */
import Type from 'typebox';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT } from '../../protocol/ids.js';

/** At least one character that is not white space: a comment of blanks says nothing. */
const NOT_BLANK = '\\S';

/** Alert ids join series, rule and time with dots (analytics/alerts/alert.ts alertId). */
const ALERT_ID = '^[A-Za-z0-9_.-]{1,300}$';

/** Milliseconds since the epoch, or an ISO 8601 date / date-time; parsed by time-param.ts. */
export const TIME_PATTERN_SOURCE = '^(\\d{1,16}|\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?)$';

export const PATTERN_TEXT: Readonly<Record<string, string>> = Object.freeze({
  [ID_PATTERN_SOURCE]: ID_SYNTAX_TEXT,
  [NOT_BLANK]: 'text that is not blank',
  [ALERT_ID]: "an alert id of 1 to 300 letters, digits, '.', '_' or '-'",
  [TIME_PATTERN_SOURCE]: 'a time: milliseconds since 1970-01-01 UTC, a date YYYY-MM-DD (UTC), or an ISO 8601 date-time with a zone (2024-05-01T08:00:00Z)',
});

export const IdText = Type.String({ pattern: ID_PATTERN_SOURCE });

export const AlertIdText = Type.String({ pattern: ALERT_ID });

export const TimeText = Type.String({ pattern: TIME_PATTERN_SOURCE });

export const NonBlankText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: NOT_BLANK });
