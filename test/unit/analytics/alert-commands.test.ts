import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import type { Alert } from '../../../monitor/alert.js';
import { AlertCommandHandler, type AlertActions } from '../../../analytics/bus/alert-commands.js';
import { decodeAlertReply, encodeAlertCommand, type AlertCommand, type AlertReply } from '../../../protocol/alert-command.js';

const T0 = Date.UTC(2025, 2, 1, 8, 0, 0);
const series = { enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' };

interface Sent {
  readonly topic: string;
  readonly reply: AlertReply;
}

let book: EpisodeBook;
let now: number;
let sent: Sent[];
let logs: Array<Record<string, unknown>>;
let applied: number;
let handler: AlertCommandHandler;
let alertId: string;

beforeEach(() => {
  book = new EpisodeBook();
  now = T0;
  sent = [];
  logs = [];
  applied = 0;
  alertId = book.signal(series, 'shewhart', T0 - 1000, 0.5, T0)!.alert.id;
  const actions: AlertActions = {
    acknowledgeAlert: (id, by, comment) => (applied++, book.acknowledge(id, by, comment, now).alert),
    resolveAlert: (id, by, comment, cause, action) => (applied++, book.resolve(id, by, comment, now, cause, action).alert),
  };
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  handler = new AlertCommandHandler(
    {
      actions,
      bus: {
        publishAsync: async (topic, payload) => {
          const decoded = decodeAlertReply(payload);
          if (!decoded.ok) throw new Error(`analytics sent a reply that does not decode: ${decoded.reason}`);
          sent.push({ topic, reply: decoded.value });
        },
      },
      log,
      clock: () => now,
    },
    { rememberedReplies: 2 },
  );
});

function command(overrides: Partial<AlertCommand> = {}): AlertCommand {
  return { requestId: 'r1', action: 'acknowledge', alertId, by: 'qa-acme', comment: 'gauge recalibrated', expiresAt: T0 + 5000, ...overrides };
}

/** Runs one command, as dashboard service `service` sent it, and waits for the (async) publish. */
async function send(payload: string | AlertCommand, service = 'dash-1'): Promise<void> {
  handler.handle(service, typeof payload === 'string' ? payload : encodeAlertCommand(payload));
  await new Promise((resolve) => setImmediate(resolve));
}

describe('AlertCommandHandler', () => {
  it("subscribes to every dashboard's commands (the bus adapter routes them here: analytics-bus.test.ts)", () => {
    expect(AlertCommandHandler.filter).toBe('linewatch/v1/commands/+');
  });

  it('acknowledges, then resolves, answering the dashboard that asked with the alert after the change', async () => {
    await send(command());
    await send(command({ requestId: 'r2', action: 'resolve', comment: 'fixed', cause: 'gauge', correctiveAction: 'recalibrated-gauge' }), 'dash-2');
    expect(sent.map((s) => s.topic)).toEqual(['linewatch/v1/replies/dash-1', 'linewatch/v1/replies/dash-2']);
    const [ack, resolved] = sent.map((s) => s.reply);
    expect(ack).toMatchObject({ requestId: 'r1', ok: true, alert: { id: alertId, status: 'acknowledged', acknowledged: { by: 'qa-acme', at: T0, comment: 'gauge recalibrated' } } });
    expect(resolved).toMatchObject({ requestId: 'r2', ok: true, alert: { status: 'resolved', resolved: { by: 'qa-acme', comment: 'fixed' } } });
    expect(book.get(alertId)?.status).toBe('resolved');
    expect(logs.filter((l) => l.msg === 'alert command applied')).toHaveLength(2);
  });

  it('answers an unknown alert and an impossible transition with their codes', async () => {
    await send(command({ alertId: 'nope' }));
    await send(command({ requestId: 'r2', action: 'resolve', cause: 'gauge', correctiveAction: 'recalibrated-gauge' }));
    await send(command({ requestId: 'r3', action: 'acknowledge' }));
    expect(sent.map((s) => s.reply)).toEqual([
      { requestId: 'r1', ok: false, code: 'LW_ALERT_NOT_FOUND', message: 'no alert with id nope' },
      expect.objectContaining({ requestId: 'r2', ok: true }),
      { requestId: 'r3', ok: false, code: 'LW_ALERT_STATE', message: `alert ${alertId} is resolved; only an active alert can be acknowledged` },
    ]);
  });

  it('refuses a malformed command with a reply naming the field when the request id can be read, and logs it', async () => {
    await send(JSON.stringify({ ...command(), action: 'delete' }));
    expect(sent).toEqual([
      {
        topic: 'linewatch/v1/replies/dash-1',
        reply: { requestId: 'r1', ok: false, code: 'LW_ALERT_BAD_COMMAND', message: 'command refused: action: expected one of "acknowledge", "resolve", got "delete"' },
      },
    ]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, msg: 'alert command refused', service: 'dash-1', requestId: 'r1' }));
    expect(applied).toBe(0);
  });

  it('only logs a command it cannot answer (no readable request id)', async () => {
    await send('not json');
    await send(JSON.stringify({ action: 'resolve', alertId }));
    expect(sent).toEqual([]);
    expect(logs.filter((l) => l.msg === 'alert command refused').map((l) => l.requestId)).toEqual([null, null]);
    expect(book.get(alertId)?.status).toBe('active');
  });

  it('does not apply a command that arrives after it expired (the dashboard has already answered a timeout)', async () => {
    now = T0 + 5001;
    await send(command());
    expect(sent[0].reply).toEqual({ requestId: 'r1', ok: false, code: 'LW_ALERT_EXPIRED', message: 'the command arrived 1 ms after it expired and was not applied' });
    expect(book.get(alertId)?.status).toBe('active');
    // Without expiresAt the command is applied whenever it arrives.
    const { expiresAt: _, ...noExpiry } = command({ requestId: 'r2' });
    await send(JSON.stringify(noExpiry));
    expect(sent[1].reply).toMatchObject({ ok: true, alert: { status: 'acknowledged' } });
  });

  it('answers a redelivered command again instead of applying it twice', async () => {
    await send(command());
    await send(command());
    expect(applied).toBe(1);
    expect(sent.map((s) => s.reply.ok)).toEqual([true, true]);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('keys remembered replies by dashboard and forgets the oldest beyond the limit', async () => {
    await send(command({ requestId: 'a', alertId: 'x' }));
    await send(command({ requestId: 'a', alertId: 'x' }), 'dash-2');
    await send(command({ requestId: 'b', alertId: 'x' }));
    // 'dash-1/a' is forgotten (limit 2): the command runs again.
    await send(command({ requestId: 'a', alertId: 'x' }));
    expect(sent.map((s) => `${s.topic.split('/').pop()}:${s.reply.requestId}`)).toEqual(['dash-1:a', 'dash-2:a', 'dash-1:b', 'dash-1:a']);
    expect(sent.every((s) => !s.reply.ok && s.reply.code === 'LW_ALERT_NOT_FOUND')).toBe(true);
  });

  it('answers LW_ALERT_FAILED without details when applying fails for another reason', async () => {
    const failing = new AlertCommandHandler({
      actions: {
        acknowledgeAlert: (): Alert => {
          throw new Error('disk on fire at /var/lib/secret');
        },
        resolveAlert: (): Alert => {
          throw new Error('unreachable');
        },
      },
      bus: { publishAsync: async (topic, payload) => void sent.push({ topic, reply: (decodeAlertReply(payload) as { value: AlertReply }).value }) },
      log: pino({ level: 'silent' }),
      clock: () => now,
    });
    failing.handle('dash-1', encodeAlertCommand(command()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent[0].reply).toEqual({ requestId: 'r1', ok: false, code: 'LW_ALERT_FAILED', message: 'the analytics service could not apply the command; its log has the details' });
  });

  it('logs, and does not throw, when the reply cannot be sent', async () => {
    const offline = new AlertCommandHandler({
      actions: { acknowledgeAlert: (id, by, c) => book.acknowledge(id, by, c, now).alert, resolveAlert: (id, by, c, cause, action) => book.resolve(id, by, c, now, cause, action).alert },
      bus: { publishAsync: () => Promise.reject(new Error('client disconnecting')) },
      log: pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }),
      clock: () => now,
    });
    expect(() => offline.handle('dash-1', encodeAlertCommand(command()))).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'alert reply not sent; the dashboard will time out', err: 'client disconnecting' }));
  });
});

describe('among several analytics workers', () => {
  it('only the worker owning the alert enterprise applies and answers; the others stay silent', async () => {
    const log = pino({ level: 'silent' });
    const replies: string[] = [];
    const worker = (owned: string) =>
      new AlertCommandHandler({
        actions: {
          acknowledgeAlert: (id, by, comment) => (applied++, book.acknowledge(id, by, comment, now).alert),
          resolveAlert: (id, by, comment, cause, action) => (applied++, book.resolve(id, by, comment, now, cause, action).alert),
          answersFor: (id) => id.startsWith(`${owned}.`),
        },
        bus: { publishAsync: async (_topic, payload) => void replies.push(String(payload)) },
        log,
        clock: () => now,
      });
    const payload = encodeAlertCommand(command());
    worker('other-enterprise').handle('dash-1', payload);
    worker('acme').handle('dash-1', payload);
    await new Promise((resolve) => setImmediate(resolve));
    expect(applied).toBe(1);
    expect(replies).toHaveLength(1);
    expect(book.get(alertId)?.status).toBe('acknowledged');
  });
});
