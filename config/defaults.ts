/**
 * What an absent optional setting of the configuration file means. Relative
 * paths are taken from the configuration file's folder, not the working
 * directory, so a configuration means the same wherever it is started from.
 */
export interface ConfigDefaults {
  readonly mqttListen: { readonly port: number; readonly tlsPort: number; readonly host: string };
  readonly http: { readonly port: number; readonly host: string };
  readonly store: { readonly kind: 'embedded'; readonly dataDir: string };
  readonly register: { readonly kind: 'embedded'; readonly fileName: string };
}

export const DEFAULT_CONFIG_OPTIONS: ConfigDefaults = Object.freeze({
  /** The embedded broker when the file names no broker at all. */
  mqttListen: Object.freeze({
    /** TCP port of plain MQTT (IANA 1883). */
    port: 1883,
    /** TCP port of MQTT over TLS (IANA 8883), when `tls` is set and no port is. */
    tlsPort: 8883,
    /** Loopback: a demo must never expose a broker to the network by accident. */
    host: '127.0.0.1',
  }),
  http: Object.freeze({
    /** TCP port of the dashboard and REST API. */
    port: 8080,
    host: '127.0.0.1',
  }),
  store: Object.freeze({
    kind: 'embedded' as const,
    /** Folder of the embedded time-series store. */
    dataDir: 'data',
  }),
  register: Object.freeze({
    kind: 'embedded' as const,
    /** The embedded register's file, inside the store's data folder (or `data` when the store is InfluxDB). */
    fileName: 'register.duckdb',
  }),
});
