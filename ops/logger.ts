import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino, which fastify uses too) on stderr, one logger
 * per service. LINEWATCH_LOG_LEVEL sets the level (default info; tests use
 * silent unless asked).
 */
export function createLogger(service: string, level = process.env.LINEWATCH_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info')): Logger {
  // stderr: stdout carries commands' results (a replay's summary, an analysis), which logs must not mix into.
  return pino({ name: `linewatch-${service}`, level, base: { service } }, pino.destination(2));
}
