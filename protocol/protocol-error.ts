/**
 * A programming or configuration mistake caught while *building* a protocol
 * message (a topic with an invalid id, an ack with a negative count). Input
 * that arrives from the network is never thrown about: decoders return a
 * reason instead. Codes are stable so callers and tests can match on them.
 */
export const PROTOCOL_ERROR_CODES = Object.freeze({
  LW_PROTOCOL_BAD_ID: 'an enterprise, gateway or line id does not follow the id syntax',
  LW_PROTOCOL_BAD_MESSAGE: 'a message to be sent does not follow its schema',
  LW_PROTOCOL_BAD_OPTION: 'a decoder option is out of range',
});

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERROR_CODES;

export class ProtocolError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
