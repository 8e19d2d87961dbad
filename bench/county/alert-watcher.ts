/**
 * The probe's view of alerts, as a dashboard running on its own sees them:
 * logged in with a dashboard-role account, subscribed to the alerts topic of
 * each probe enterprise only (the load's in-control series raise false
 * alarms of their own that nobody here needs to read), it reports every
 * 'raised' event and resolves the alert through the command channel, so the
 * next step shift on that series raises a new one rather than counting on
 * an open alert.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { decodeAlertEvent } from '../../protocol/alert-event.js';
import { encodeAlertCommand } from '../../protocol/alert-command.js';
import { clientIdFor } from '../../protocol/client-id.js';
import { alertsTopic, commandsTopic } from '../../protocol/topics.js';
import type { SeriesAddress } from './step-shifts.js';

export class AlertWatcher {
  private client: MqttClient | null = null;
  resolveFailures = 0;

  constructor(
    private readonly url: string,
    private readonly service: string,
    private readonly password: string,
    private readonly onRaised: (series: SeriesAddress, firstSampleTs: number, at: number) => void,
  ) {}

  async start(enterprises: readonly string[]): Promise<void> {
    const client = await mqtt.connectAsync(this.url, { username: this.service, password: this.password, clientId: clientIdFor(this.service, 'county-probe'), clean: true, reconnectPeriod: 0 });
    this.client = client;
    client.on('message', (_topic, payload) => {
      const at = performance.now();
      const event = decodeAlertEvent(payload);
      if (!event.ok || event.value.kind !== 'raised') return;
      const { alert } = event.value;
      this.onRaised({ enterprise: alert.enterprise, line: alert.line, characteristic: alert.characteristic }, alert.firstSampleTs, at);
      this.resolve(alert.id);
    });
    await client.subscribeAsync(enterprises.map(alertsTopic), { qos: 1 });
  }

  async stop(): Promise<void> {
    await this.client?.endAsync().catch(() => {});
  }

  private resolve(alertId: string): void {
    const command = encodeAlertCommand({ requestId: randomUUID(), action: 'resolve', alertId, by: 'county-bench', comment: 'probe step shift measured' });
    this.client?.publish(commandsTopic(this.service), command, { qos: 1 }, (err) => {
      if (err) this.resolveFailures += 1;
    });
  }
}
