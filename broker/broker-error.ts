/**
 * Why the broker could not be built or started. Each code is stable; the
 * message is one line a command can print as it is.
 */
export const BROKER_ERROR_CODES = Object.freeze({
  LW_BROKER_OPTIONS: 'a broker setting is out of range',
  LW_BROKER_TLS: 'the TLS key, certificate or CA cannot be read or used',
  LW_BROKER_LISTEN: 'the broker cannot listen on the address (in use, not permitted, unknown host)',
  LW_BROKER_STATE: 'listen() after close(), or twice',
});

export type BrokerErrorCode = keyof typeof BROKER_ERROR_CODES;

export class BrokerError extends Error {
  constructor(
    readonly code: BrokerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}
