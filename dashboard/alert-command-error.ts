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
export const ALERT_COMMAND_ERROR_CODES = Object.freeze({
  LW_ALERT_TIMEOUT: 'the analytics service did not answer in time (or got the command after it expired); the action is not confirmed',
  LW_ALERT_UNAVAILABLE: 'the dashboard is not connected to the broker, or is shutting down; the action was not sent',
  LW_ALERT_REJECTED: 'the analytics service refused the command (bad command, or it failed); its log has the details',
});

export type AlertCommandErrorCode = keyof typeof ALERT_COMMAND_ERROR_CODES;

export class AlertCommandError extends Error {
  constructor(
    readonly code: AlertCommandErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AlertCommandError';
  }
}
