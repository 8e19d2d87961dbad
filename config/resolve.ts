/**
 * The configuration as the services use it: defaults filled in, relative
 * paths made absolute against the configuration file's folder, SPC options in
 * the form spc/ takes them, the broker URL always known. Deep-frozen.
 */
import path from 'node:path';
import { resolveSpcOptions, type SpcOptions } from '../spc/options.js';
import { DEFAULT_CAUSE_CATALOGUE, type CauseCatalogue } from '../monitor/causes.js';
import { LiveConfig } from '../monitor/live-config.js';
import { resolveRiskOptions, type RiskOptions } from '../risk/options.js';
import { DEFAULT_CONFIG_OPTIONS } from './defaults.js';
import { resolveHttpLimits, resolveMqttLimits, type HttpLimits, type MqttLimits } from './limits.js';
import { resolveSupervision, type SupervisionConfig } from './supervision-config.js';
import type { ConfigFile, EnterpriseEntry, GatewayEntry, ProductEntry, ServiceEntry, UserEntry } from './schema.js';
import { withDefaults } from '../domain/with-defaults.js';

export type Enterprise = EnterpriseEntry;
export type Product = ProductEntry;
export type Gateway = GatewayEntry;
export type Service = ServiceEntry;
export type User = UserEntry;

/** The store to open, in the form store/open-store.ts takes (store/README.md documents the fields). */
export type { StoreConfig } from '../store/config.js';
import type { StoreConfig } from '../store/config.js';
/** The register database to open, in the form register/open-register.ts takes (register/README.md). */
export type { RegisterConfig } from '../register/config.js';
import type { RegisterConfig } from '../register/config.js';

export interface TlsFiles {
  readonly key: string;
  readonly cert: string;
  readonly ca?: string;
}

export interface MqttListen {
  readonly port: number;
  readonly host: string;
  readonly tls?: TlsFiles;
}

export interface MqttConfig {
  /**
   * Where services connect: the configured URL, or else the embedded
   * broker's address (with port 0 the real port is known only once it listens).
   */
  readonly url: string;
  /** The embedded broker, or null when the configuration names an external one only. */
  readonly listen: MqttListen | null;
  /** What `mqtt.limits` set; absent ones keep the services' defaults. */
  readonly limits?: MqttLimits;
}

export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  readonly tokenSecret?: string;
  /** What `http.limits` set; absent ones keep the dashboard's defaults. */
  readonly limits?: HttpLimits;
}

export interface LinewatchConfig {
  /** The file it came from (as given), for messages. */
  readonly source: string;
  readonly enterprises: readonly Enterprise[];
  readonly products: readonly Product[];
  readonly gateways: readonly Gateway[];
  readonly services: readonly Service[];
  readonly users: readonly User[];
  readonly spc: SpcOptions;
  /** The live monitor's options, per characteristic (monitor/live-config.ts). */
  readonly live: LiveConfig;
  /** Causes and corrective actions people choose from. */
  readonly alerts: CauseCatalogue;
  readonly risk: RiskOptions;
  /** How the analytics service runs: `shards` as the file sets it, null when it does not (the command then uses the cores available). */
  readonly analytics?: { readonly shards: number | null };
  readonly store: StoreConfig;
  readonly register: RegisterConfig;
  readonly mqtt: MqttConfig;
  readonly http: HttpConfig;
  /** Class decisions, inspectors, targets; a file's configuration always has it. */
  readonly supervision?: SupervisionConfig;
}

export function resolveConfig(file: ConfigFile, source: string, baseDir: string): LinewatchConfig {
  const at = (p: string) => path.resolve(baseDir, p);
  const s = file.spc ?? {};
  const spc = resolveSpcOptions({ baseline: s.baseline, ewmaLambda: s.lambda, ewmaL: s.L, cusumK: s.k, cusumH: s.h });
  const { byCharacteristic, ...liveDefaults } = file.live ?? {};
  const live = new LiveConfig({ defaults: liveDefaults, byCharacteristic });
  const alerts: CauseCatalogue = {
    causes: file.alerts?.causes ?? DEFAULT_CAUSE_CATALOGUE.causes,
    actions: file.alerts?.actions ?? DEFAULT_CAUSE_CATALOGUE.actions,
  };
  const store: StoreConfig =
    file.store?.kind === 'influxdb' ? { ...file.store } : { kind: 'embedded', dataDir: at(withDefaults(DEFAULT_CONFIG_OPTIONS.store, { dataDir: file.store?.dataDir }).dataDir) };
  const register = resolveRegister(file, at);
  const r = file.risk ?? {};
  const risk = resolveRiskOptions({
    windowMs: r.windowMinutes !== undefined ? r.windowMinutes * 60_000 : undefined,
    silenceMs: r.silenceSeconds !== undefined ? r.silenceSeconds * 1000 : undefined,
    capableIndex: r.capableIndex,
    unstableSigmaRatio: r.unstableSigmaRatio,
    weights: r.weights as RiskOptions['weights'] | undefined,
    levels: r.levels,
    classBoundaries: r.classBoundaries,
    classHysteresis: r.classHysteresis,
    classHalfLifeMs: r.classHalfLifeHours !== undefined ? r.classHalfLifeHours * 3_600_000 : undefined,
    classSustainMs: r.classSustainHours !== undefined ? r.classSustainHours * 3_600_000 : undefined,
    evidenceDays: r.evidenceDays,
    findingSustainMs: r.findingSustainSeconds !== undefined ? r.findingSustainSeconds * 1000 : undefined,
    levelSustainMs: r.levelSustainSeconds !== undefined ? r.levelSustainSeconds * 1000 : undefined,
  });
  const config: LinewatchConfig = {
    source,
    enterprises: file.enterprises,
    products: file.products,
    gateways: file.gateways,
    services: file.services,
    users: file.users,
    spc,
    live,
    alerts,
    risk,
    analytics: { shards: file.analytics?.shards ?? null },
    store,
    register,
    mqtt: resolveMqtt(file, at),
    http: {
      ...withDefaults(DEFAULT_CONFIG_OPTIONS.http, { port: file.http?.port, host: file.http?.host }),
      ...(file.http?.tokenSecret !== undefined ? { tokenSecret: file.http.tokenSecret } : {}),
      ...(file.http?.limits ? { limits: resolveHttpLimits(file.http.limits) } : {}),
    },
    supervision: resolveSupervision(file.supervision, baseDir),
  };
  return deepFreeze(config);
}

function resolveRegister(file: ConfigFile, at: (p: string) => string): RegisterConfig {
  const given = file.register;
  if (given?.kind === 'postgres') return { ...given };
  if (given?.file !== undefined) return { kind: 'embedded', file: at(given.file) };
  const dataDir = file.store?.kind === 'embedded' && file.store.dataDir !== undefined ? file.store.dataDir : DEFAULT_CONFIG_OPTIONS.store.dataDir;
  return { kind: 'embedded', file: path.join(at(dataDir), DEFAULT_CONFIG_OPTIONS.register.fileName) };
}

function resolveMqtt(file: ConfigFile, at: (p: string) => string): MqttConfig {
  const given = file.mqtt?.listen;
  // No broker named at all means the embedded one with its defaults.
  const wantsEmbedded = given !== undefined || file.mqtt?.url === undefined;
  let listen: MqttListen | null = null;
  if (wantsEmbedded) {
    const tls = given?.tls ? { key: at(given.tls.key), cert: at(given.tls.cert), ...(given.tls.ca ? { ca: at(given.tls.ca) } : {}) } : undefined;
    const port = given?.port ?? (tls ? DEFAULT_CONFIG_OPTIONS.mqttListen.tlsPort : DEFAULT_CONFIG_OPTIONS.mqttListen.port);
    listen = { port, host: withDefaults(DEFAULT_CONFIG_OPTIONS.mqttListen, { host: given?.host }).host, ...(tls ? { tls } : {}) };
  }
  const url = file.mqtt?.url ?? localUrl(listen!);
  return { url, listen, ...(file.mqtt?.limits ? { limits: resolveMqttLimits(file.mqtt.limits) } : {}) };
}

/** How a service in this process reaches the embedded broker. */
function localUrl(listen: MqttListen): string {
  // A wildcard bind address is not something to connect to; loopback reaches it.
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${listen.tls ? 'mqtts' : 'mqtt'}://${shown}:${listen.port}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
