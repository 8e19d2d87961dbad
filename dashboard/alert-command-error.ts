/**
 * Why an alert action sent to the analytics service over MQTT has no answer
 * (dashboard/remote-alert-directory.ts). The HTTP API maps these by code
 * (dashboard/api/alerts.ts): TIMEOUT and UNAVAILABLE are outages a user can
 * wait out (503); REJECTED means the two services disagree about the
 * protocol, a bug (500, logged).
 *
 * An unknown alert or an impossible transition is not one of these: it is
 * thrown as the same AlertActionError the in-process directory throws.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const ALERT_COMMAND_ERROR_CODES = catalogueSection(['LW_ALERT_TIMEOUT', 'LW_ALERT_UNAVAILABLE', 'LW_ALERT_REJECTED'], ({ meaning }) => meaning);

export type AlertCommandErrorCode = keyof typeof ALERT_COMMAND_ERROR_CODES;

export class AlertCommandError extends LinewatchError<AlertCommandErrorCode> {
  constructor(code: AlertCommandErrorCode, message: string) {
    super(code, message);
    this.name = 'AlertCommandError';
  }
}
