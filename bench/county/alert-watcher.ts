/**
 * The probe's view of alerts, as a dashboard running on its own sees them:
 * logged in with a dashboard-role account, subscribed to the alerts topic of
 * each probe enterprise only (the load's in-control series raise false
 * alarms of their own that nobody here needs to read), it reports every
 * 'raised' event and resolves the alert through the command channel, so the
 * next step shift on that series raises a new one rather than updating an
 * open alert (which the probe could not time). The in-control readings of
 * the probe's own series raise alerts now and then too; those are resolved
 * the same way. A refused resolution is counted (with the first reason), as
 * every shift after it on that series would go unmeasured.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { decodeAlertEvent } from '../../protocol/alert-event.js';
import { decodeAlertReply, encodeAlertCommand } from '../../protocol/alert-command.js';
import { clientIdFor } from '../../protocol/client-id.js';
import { alertsTopic, commandsTopic, repliesTopic } from '../../protocol/topics.js';
import type { SeriesAddress } from './step-shifts.js';

export class AlertWatcher {
  private client: MqttClient | null = null;
  /** Resolutions not sent or refused by the analytics service, and the first reason. */
  resolveFailures = 0;
  firstResolveFailure: string | null = null;

  constructor(
    private readonly url: string,
    private readonly service: string,
    private readonly password: string,
    private readonly onRaised: (series: SeriesAddress, firstSampleTs: number, at: number) => void,
  ) {}

  async start(enterprises: readonly string[]): Promise<void> {
    const client = await mqtt.connectAsync(this.url, { username: this.service, password: this.password, clientId: clientIdFor(this.service, 'county-probe'), clean: true, reconnectPeriod: 0 });
    this.client = client;
    const replies = repliesTopic(this.service);
    client.on('message', (topic, payload) => {
      const at = performance.now();
      if (topic === replies) {
        const reply = decodeAlertReply(payload);
        if (!reply.ok) this.failed(`undecodable reply: ${reply.reason}`);
        else if (!reply.value.ok) this.failed(`${reply.value.code}: ${reply.value.message}`);
        return;
      }
      const event = decodeAlertEvent(payload);
      if (!event.ok || event.value.kind !== 'raised') return;
      const { alert } = event.value;
      this.onRaised({ enterprise: alert.enterprise, line: alert.line, characteristic: alert.characteristic }, alert.firstSampleTs, at);
      this.resolve(alert.id);
    });
    await client.subscribeAsync([...enterprises.map(alertsTopic), replies], { qos: 1 });
  }

  async stop(): Promise<void> {
    await this.client?.endAsync().catch(() => {});
  }

  private resolve(alertId: string): void {
    // Resolving takes a cause and a corrective action from the catalogue (monitor/causes.ts).
    const command = encodeAlertCommand({
      requestId: randomUUID(),
      action: 'resolve',
      alertId,
      by: 'county-bench',
      comment: 'probe step shift measured',
      cause: 'no-cause-found',
      correctiveAction: 'none-needed',
    });
    this.client?.publish(commandsTopic(this.service), command, { qos: 1 }, (err) => {
      if (err) this.failed(err.message);
    });
  }

  private failed(reason: string): void {
    this.resolveFailures += 1;
    this.firstResolveFailure ??= reason;
  }
}
