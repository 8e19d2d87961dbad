/**
 * The analytics side of alert commands (protocol/alert-command.ts): a
 * dashboard running on its own asks, on `linewatch/v1/commands/<its id>`, to
 * acknowledge or resolve an alert; this applies the command to the service's
 * alert book and answers on `linewatch/v1/replies/<its id>`. The broker's ACL
 * lets a dashboard send commands only under its own id, so the reply goes
 * back to the one who asked.
 *
 * One handler per command, in steps: decode (a malformed command is refused
 * with a reply when its request id can be read, and logged), answer a
 * redelivered command from memory, refuse an expired one, apply, reply.
 */
import { failureReply, decodeAlertCommand, encodeAlertReply, type AlertCommand, type AlertReply } from '../../protocol/alert-command.js';
import type { BusClient } from '../../protocol/bus-client.js';
import { CHANNELS } from '../../protocol/channels.js';
import { repliesTopic, serviceChannelFilter } from '../../protocol/topics.js';
import type { Logger } from '../../ops/logger.js';
import { AlertActionError } from '../../monitor/episode-book.js';
import type { Alert } from '../../monitor/alert.js';
import { withDefaults } from '../../domain/with-defaults.js';

/** What a command acts on: the analytics core's own lifecycle methods, which also journal and publish the event. */
export interface AlertActions {
  acknowledgeAlert(id: string, by: string, comment: string, cause?: string | null, action?: string | null): Alert;
  resolveAlert(id: string, by: string, comment: string, cause: string | null, action: string | null): Alert;
  /**
   * Whether this service answers for the alert: an analytics worker answers
   * only for the enterprises it owns, so a command gets one reply, from the
   * worker whose alert book holds the alert. Absent: it answers for all.
   */
  answersFor?(alertId: string): boolean;
}

export interface AlertCommandDeps {
  readonly actions: AlertActions;
  /** Where replies are published (QoS 1). A rejected publish is logged, never thrown. */
  readonly bus: Pick<BusClient, 'publishAsync'>;
  readonly log: Logger;
  /** ms UTC, compared with a command's expiresAt. */
  readonly clock: () => number;
}

export interface AlertCommandOptions {
  /**
   * Replies remembered, by dashboard and request id, so a command delivered
   * twice (QoS 1 is at least once) is answered again rather than applied
   * again, which would turn its success into LW_ALERT_STATE. count
   */
  readonly rememberedReplies: number;
}

export const DEFAULT_ALERT_COMMAND_OPTIONS: AlertCommandOptions = Object.freeze({ rememberedReplies: 1000 });

export class AlertCommandHandler {
  /** What the service subscribes to: every dashboard's commands. */
  static readonly filter = serviceChannelFilter('commands');
  private readonly options: AlertCommandOptions;
  /** `<service>/<requestId>` -> encoded reply, oldest first (a Map keeps insertion order). */
  private readonly recent = new Map<string, string>();

  constructor(
    private readonly deps: AlertCommandDeps,
    options: Partial<AlertCommandOptions> = {},
  ) {
    this.options = withDefaults(DEFAULT_ALERT_COMMAND_OPTIONS, options);
  }

  /** A command dashboard service `service` sent on `commands/<service>` (the bus adapter's topic table routes it here). */
  handle(service: string, payload: Uint8Array | string): void {
    const decoded = decodeAlertCommand(payload);
    if (!decoded.ok) {
      this.deps.log.warn({ service, requestId: decoded.requestId, reason: decoded.reason }, 'alert command refused');
      if (decoded.requestId !== null) this.send(service, failureReply(decoded.requestId, 'LW_ALERT_BAD_COMMAND', `command refused: ${decoded.reason}`));
      return;
    }
    const command = decoded.value;
    if (this.deps.actions.answersFor && !this.deps.actions.answersFor(command.alertId)) return;
    const key = `${service}/${command.requestId}`;
    const earlier = this.recent.get(key);
    if (earlier !== undefined) {
      this.publish(service, earlier);
      return;
    }
    const reply = this.apply(service, command);
    this.send(service, reply, key);
  }

  private apply(service: string, command: AlertCommand): AlertReply {
    const { requestId, action, alertId, by, comment, expiresAt } = command;
    const cause = command.cause ?? null;
    const corrective = command.correctiveAction ?? null;
    const now = this.deps.clock();
    if (expiresAt !== undefined && now > expiresAt) {
      // The dashboard has told its user the action failed; applying it now would contradict that.
      this.deps.log.info({ service, requestId, action, alertId, lateMs: now - expiresAt }, 'alert command expired before it arrived; not applied');
      return failureReply(requestId, 'LW_ALERT_EXPIRED', `the command arrived ${now - expiresAt} ms after it expired and was not applied`);
    }
    try {
      const alert = action === 'acknowledge' ? this.deps.actions.acknowledgeAlert(alertId, by, comment, cause, corrective) : this.deps.actions.resolveAlert(alertId, by, comment, cause, corrective);
      this.deps.log.info({ service, requestId, action, alertId, by }, 'alert command applied');
      return { requestId, ok: true, alert };
    } catch (err) {
      if (err instanceof AlertActionError) return failureReply(requestId, err.code, err.message);
      this.deps.log.error({ service, requestId, action, alertId, err }, 'alert command failed');
      return failureReply(requestId, 'LW_ALERT_FAILED', 'the analytics service could not apply the command; its log has the details');
    }
  }

  private send(service: string, reply: AlertReply, rememberAs?: string): void {
    let payload: string;
    try {
      payload = encodeAlertReply(reply);
    } catch (err) {
      // Our own alert failed the reply schema: a bug, but the dashboard still gets an answer rather than a timeout.
      this.deps.log.error({ service, requestId: reply.requestId, err: (err as Error).message }, 'alert reply could not be encoded');
      payload = encodeAlertReply(failureReply(reply.requestId, 'LW_ALERT_FAILED', 'the analytics service could not encode its reply; its log has the details'));
    }
    if (rememberAs !== undefined) this.remember(rememberAs, payload);
    this.publish(service, payload);
  }

  private publish(service: string, payload: string): void {
    const { qos, retain } = CHANNELS.replies;
    this.deps.bus.publishAsync(repliesTopic(service), payload, { qos, retain }).catch((err: Error) => {
      this.deps.log.warn({ service, err: err.message }, 'alert reply not sent; the dashboard will time out');
    });
  }

  private remember(key: string, payload: string): void {
    this.recent.set(key, payload);
    if (this.recent.size > this.options.rememberedReplies) this.recent.delete(this.recent.keys().next().value as string);
  }
}
