/**
 * A programming or configuration mistake caught while *building* a protocol
 * message (a topic with an invalid id, an ack with a negative count). Input
 * that arrives from the network is never thrown about: decoders return a
 * reason instead. Codes are stable so callers and tests can match on them.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const PROTOCOL_ERROR_CODES = catalogueSection(['LW_PROTOCOL_BAD_ID', 'LW_PROTOCOL_BAD_MESSAGE', 'LW_PROTOCOL_BAD_OPTION'], ({ meaning }) => meaning);

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERROR_CODES;

export class ProtocolError extends LinewatchError<ProtocolErrorCode> {
  constructor(code: ProtocolErrorCode, message: string) {
    super(code, message);
    this.name = 'ProtocolError';
  }
}
