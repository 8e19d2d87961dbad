/**
 * Builds the linewatch MQTT broker: aedes with authentication, the ACL and
 * size limits as hooks, and refusal counters. Building does no I/O;
 * `listen()` starts it (port 0 picks a free port, for tests) and `close()`
 * stops it, both idempotent enough for a signal handler.
 *
 *   const broker = createBroker({ accounts: accountsFromConfig(config) });
 *   const { url } = await broker.listen();
 *   ...
 *   await broker.close();
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Aedes, type Client } from 'aedes';
import { pino } from 'pino';
import type { TlsFiles } from '../config/resolve.js';
import { createPasswordVerifier, type PasswordVerifier } from '../security/password-verifier.js';
import type { BrokerAccount } from './accounts.js';
import { createAuthenticator } from './authenticate.js';
import { BrokerError } from './broker-error.js';
import { classifyClientError } from './client-errors.js';
import { ConnectionQuota } from './connection-quota.js';
import { FrameSizeWatch } from './frame-limit.js';
import { watchDrainByProgress } from './drain-watch.js';
import { createHooks, type Session } from './hooks.js';
import { createIndexedOutgoingPersistence } from './indexed-outgoing-persistence.js';
import { resolveBrokerSettings, type BrokerSettings } from './options.js';
import { RefusalLog, type BrokerLogger, type Refusal } from './refusal-log.js';
import type { RefusalCode } from './refusals.js';
import { loadTlsOptions } from './tls.js';

export interface BrokerOptions {
  readonly accounts: readonly BrokerAccount[];
  /** Overrides of DEFAULT_BROKER_OPTIONS (port, host, limits). */
  readonly settings?: Partial<BrokerSettings>;
  /** Serve MQTT over TLS (mqtts) with these files. */
  readonly tls?: TlsFiles;
  /** Password checks; the default is scrypt behind a cache of credentialCacheEntries. */
  readonly verifier?: PasswordVerifier;
  /** Where refusals and connection events go; the default is pino on stderr. */
  readonly logger?: BrokerLogger;
  /** Called for every refusal, after it is counted (metrics, tests). */
  readonly onRefusal?: (refusal: Refusal) => void;
  /** Clock for the refusal log's rate limit. */
  readonly now?: () => number;
}

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
  /** mqtt://host:port or mqtts://host:port, for clients in this process. */
  readonly url: string;
}

export interface LinewatchBroker {
  readonly aedes: Aedes;
  readonly settings: BrokerSettings;
  listen(): Promise<BrokerAddress>;
  close(): Promise<void>;
  /** Serves one already-open stream (an in-memory duplex in tests, a WebSocket) with the same limits. */
  handle(stream: Duplex): Client;
  /** Refusals so far, by code. */
  refusals(): Readonly<Record<RefusalCode, number>>;
}

export function createBroker(options: BrokerOptions): LinewatchBroker {
  const settings = resolveBrokerSettings(options.settings);
  const logger = options.logger ?? pino({ name: 'linewatch-broker' }, pino.destination(2));
  const refusals = new RefusalLog(logger, settings.refusalLogsPerMinute, options.now, options.onRefusal);
  const verifier = options.verifier ?? createPasswordVerifier({ cacheEntries: settings.credentialCacheEntries });
  const acl = { maxTopicLength: settings.maxTopicLength };
  const sessions = new WeakMap<Client, Session>();
  const hooks = createHooks({
    authenticate: createAuthenticator(options.accounts, { verifier, acl, maxPayloadBytes: settings.maxPayloadBytes }),
    acl,
    maxPayloadBytes: settings.maxPayloadBytes,
    refusals,
    sessions,
    quota: new ConnectionQuota(settings.maxConnectionsPerGateway),
  });

  const aedes = new Aedes({
    ...hooks,
    // aedes' default in-memory store with O(1) outgoing-queue operations: the default scans a
    // subscriber's whole queue for every QoS 1 delivery and PUBACK, quadratic under backpressure.
    persistence: createIndexedOutgoingPersistence(),
    maxTopicLevels: settings.maxTopicLevels,
    connectTimeout: settings.connectTimeoutMs,
    drainTimeout: settings.drainTimeoutMs,
    // aedes' default, 100, lets a subscriber that falls behind block every other delivery (options.ts).
    concurrency: settings.deliveryConcurrency,
    heartbeatInterval: settings.heartbeatIntervalMs,
  });

  const onClientError = (client: Client, err: Error) => {
    const kind = classifyClientError(err);
    if (kind.kind === 'counted') return;
    const who = { clientId: client.id ?? undefined, username: sessions.get(client)?.username, remoteAddress: (client.conn as net.Socket).remoteAddress };
    if (kind.kind === 'refusal') refusals.record({ code: kind.code, reason: err.message, action: kind.action, ...defined(who) });
    else logger.info({ ...defined(who), error: err.message }, 'connection ended');
  };
  aedes.on('clientError', onClientError);
  aedes.on('connectionError', onClientError);

  const sockets = new Set<Duplex>();
  const handle = (stream: Duplex): Client => {
    const client = aedes.handle(stream);
    // A subscriber is cut when it takes nothing for drainTimeoutMs, not when it is merely behind (drain-watch.ts).
    watchDrainByProgress(client, stream, settings.drainTimeoutMs);
    sockets.add(stream);
    stream.once('close', () => sockets.delete(stream));
    // After handle(): aedes reads with 'readable', which then keeps control of the flow and this
    // listener only observes each chunk as aedes reads it (Node stream docs, "Choose one API style").
    const watch = new FrameSizeWatch(settings.maxPacketBytes);
    const onData = (chunk: Buffer) => {
      const verdict = watch.push(chunk);
      if (verdict.ok) return;
      stream.off('data', onData);
      const reason = verdict.reason === 'too-large' ? `packet of ${verdict.packetBytes} bytes; the limit is ${settings.maxPacketBytes}` : 'malformed remaining length in a fixed header';
      refusals.record({
        code: verdict.reason === 'too-large' ? 'packet-too-large' : 'protocol-violation',
        reason,
        action: 'transport',
        ...defined({ clientId: client.id ?? undefined, username: sessions.get(client)?.username, remoteAddress: (stream as net.Socket).remoteAddress }),
      });
      stream.destroy();
    };
    stream.on('data', onData);
    return client;
  };

  let server: net.Server | undefined;
  let state: 'built' | 'listening' | 'closed' = 'built';
  let closing: Promise<void> | undefined;

  return {
    aedes,
    settings,
    handle,
    refusals: () => refusals.snapshot(),

    async listen() {
      if (state !== 'built') throw new BrokerError('LW_BROKER_STATE', state === 'closed' ? 'the broker was closed; build a new one' : 'the broker is already listening');
      state = 'listening';
      const tlsOptions = options.tls ? await loadTlsOptions(options.tls) : undefined;
      await aedes.listen();
      server = tlsOptions ? tls.createServer(tlsOptions, handle) : net.createServer(handle);
      server.maxConnections = settings.maxConnections;
      // Node closes a connection over maxConnections unread and says so only through 'drop'.
      server.on('drop', (dropped?: net.DropArgument) =>
        refusals.record({
          code: 'server-full',
          reason: `the broker already has its ${settings.maxConnections} connections`,
          action: 'transport',
          ...defined({ remoteAddress: dropped?.remoteAddress }),
        }),
      );
      // A failed TLS handshake never reaches aedes; it is a transport event, not a refusal.
      server.on('tlsClientError', (err: Error, socket: tls.TLSSocket) => logger.info({ remoteAddress: socket.remoteAddress, error: err.message }, 'TLS handshake failed'));
      const address = await new Promise<net.AddressInfo>((resolve, reject) => {
        const s = server!;
        s.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, settings)));
        s.listen(settings.port, settings.host, () => resolve(s.address() as net.AddressInfo));
      });
      const host = address.address.includes(':') ? `[${address.address}]` : address.address;
      const url = `${tlsOptions ? 'mqtts' : 'mqtt'}://${host}:${address.port}`;
      logger.info({ url, accounts: options.accounts.length }, 'broker listening');
      return { host: address.address, port: address.port, url };
    },

    close() {
      closing ??= (async () => {
        state = 'closed';
        const serverClosed = server?.listening ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        // Connections that never sent CONNECT are not aedes clients yet; end them too.
        for (const s of sockets) s.destroy();
        await serverClosed;
      })();
      return closing;
    },
  };
}

function listenError(err: NodeJS.ErrnoException, s: BrokerSettings): BrokerError {
  const where = `${s.host}:${s.port}`;
  const why =
    err.code === 'EADDRINUSE'
      ? 'the address is already in use (another broker running?)'
      : err.code === 'EACCES'
        ? 'permission denied (ports below 1024 need privileges)'
        : err.code === 'EADDRNOTAVAIL'
          ? 'no such address on this machine'
          : err.code === 'ENOTFOUND'
            ? 'unknown host name'
            : err.message;
  return new BrokerError('LW_BROKER_LISTEN', `cannot listen on ${where}: ${why}`);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
