/**
 * Why the broker could not be built or started. Each code is stable; the
 * message is one line a command can print as it is.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const BROKER_ERROR_CODES = catalogueSection(['LW_BROKER_OPTIONS', 'LW_BROKER_TLS', 'LW_BROKER_LISTEN', 'LW_BROKER_STATE'], ({ meaning }) => meaning);

export type BrokerErrorCode = keyof typeof BROKER_ERROR_CODES;

export class BrokerError extends LinewatchError<BrokerErrorCode> {
  constructor(code: BrokerErrorCode, message: string) {
    super(code, message);
    this.name = 'BrokerError';
  }
}
