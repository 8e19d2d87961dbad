/**
 * The shape of a linewatch configuration file (JSON). Checked with typebox;
 * relations between entries (a gateway's enterprise exists, ids are unique,
 * limits are ordered) are checked afterwards by cross-check.ts, and absent
 * optional sections are filled from defaults.ts by resolve.ts.
 *
 * Every object refuses unknown properties: a misspelt key ("basline") must be
 * an error, not a silently ignored setting.
 */
import Type from 'typebox';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT } from '../protocol/ids.js';
import { MAX_BASELINE } from '../spc/options.js';
import { LIVE_CHARTS } from '../monitor/options.js';
import { HttpLimitsSchema, MqttLimitsSchema } from './limits.js';

const closed = { additionalProperties: false } as const;

const Id = Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT });
const ProductId = Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT });
const Text = Type.String({ minLength: 1, maxLength: 200 });
// The full check (cost bounds, lengths) is parsePasswordHash in cross-check.ts.
const PasswordHash = Type.String({
  pattern: '^scrypt\\$',
  errorMessage: "a password hash 'scrypt$N$r$p$salt$hash' (make one with 'linewatch hash-password'; plaintext passwords are refused)",
});
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'a date YYYY-MM-DD' });
const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Host = Type.String({ minLength: 1, maxLength: 255 });
const FilePath = Type.String({ minLength: 1, errorMessage: "a file path (relative paths start at the configuration file's folder)" });

/** Specification limits of one characteristic, in its unit (domain/characteristics.ts). */
export const SpecLimitsSchema = Type.Object(
  {
    lsl: Type.Optional(Type.Number()),
    usl: Type.Optional(Type.Number()),
    nominal: Type.Optional(Type.Number()),
    /** Where the limits come from: a clause of a standard, or the plant's own specification. */
    source: Type.Optional(Text),
  },
  closed,
);

export const ProductSchema = Type.Object(
  {
    id: ProductId,
    name: Text,
    standard: Type.Optional(Text),
    characteristics: Type.Object(
      {
        conductor_diameter: Type.Optional(SpecLimitsSchema),
        insulation_thickness: Type.Optional(SpecLimitsSchema),
        sheath_thickness: Type.Optional(SpecLimitsSchema),
        conductor_resistance: Type.Optional(SpecLimitsSchema),
        eccentricity: Type.Optional(SpecLimitsSchema),
        spark_faults: Type.Optional(SpecLimitsSchema),
      },
      { ...closed, minProperties: 1 },
    ),
  },
  closed,
);

export const LineSchema = Type.Object({ id: Id, name: Type.Optional(Text), product: ProductId }, closed);

export const EnterpriseSchema = Type.Object(
  {
    id: Id,
    name: Text,
    /** Supervision class: A is inspected once a year, B twice, C four times. */
    class: Type.Enum(['A', 'B', 'C']),
    lastInspection: DateText,
    lines: Type.Array(LineSchema, { minItems: 1 }),
  },
  closed,
);

// One Sparkplug topic level, also safe in a Mosquitto ACL line; 'STATE' is Sparkplug's own (cross-check.ts).
const SparkplugGroup = Type.String({ pattern: '^[^/+#\\s]{1,128}$', errorMessage: "a Sparkplug group id: 1 to 128 characters, no '/', '+', '#' or spaces" });

/**
 * What a gateway account may do on Sparkplug B topics (`spBv1.0/...`,
 * broker/sparkplug-acl.ts): an `edge` publishes births, deaths and data of
 * its groups (a plant's Edge Node, or a bridge from the plant's broker); a
 * `host` (the gateway's Sparkplug source) only reads its groups.
 */
export const SparkplugGrantSchema = Type.Object(
  {
    role: Type.Enum(['edge', 'host']),
    groups: Type.Array(SparkplugGroup, { minItems: 1, maxItems: 100 }),
  },
  closed,
);

export const GatewaySchema = Type.Object(
  {
    /** Also its MQTT user name; unique across gateways and services. */
    id: Id,
    enterprise: Id,
    /** Lines this gateway reports; when given, points for other lines are refused. */
    lines: Type.Optional(Type.Array(Id, { minItems: 1 })),
    passwordHash: PasswordHash,
    sparkplug: Type.Optional(SparkplugGrantSchema),
  },
  closed,
);

export const ServiceSchema = Type.Object(
  {
    /** Also its MQTT user name. */
    id: Id,
    role: Type.Enum(['analytics', 'dashboard']),
    passwordHash: PasswordHash,
  },
  closed,
);

export const UserSchema = Type.Object(
  {
    id: Id,
    name: Type.Optional(Text),
    /** A regulator sees every enterprise; an enterprise user only its own. */
    role: Type.Enum(['regulator', 'enterprise']),
    enterprise: Type.Optional(Id),
    passwordHash: PasswordHash,
  },
  closed,
);

export const SpcSectionSchema = Type.Object(
  {
    baseline: Type.Optional(Type.Integer({ minimum: 2, maximum: MAX_BASELINE })),
    lambda: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    L: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    k: Type.Optional(Type.Number({ minimum: 0 })),
    h: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  closed,
);

/** Options of the live monitor (monitor/README.md); every field optional, the defaults are monitor/options.ts. */
const LiveOptionsFields = {
  subgroupMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 3_600_000 })),
  baselineMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_080 })),
  falseAlarmsPerSeriesPerWeek: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000 })),
  designShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  charts: Type.Optional(Type.Array(Type.Enum([...LIVE_CHARTS]), { minItems: 1, maxItems: LIVE_CHARTS.length })),
  cusumSmallK: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5 })),
  cusumLargeK: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5 })),
  ewmaLambda: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  clipSigma: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
  winsorSigma: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
  minSubgroupFill: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  autoResolveMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_080 })),
  outOfSpecCriticalMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3_600_000 })),
  outOfSpecGapMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3_600_000 })),
};
export const LiveOptionsSchema = Type.Object(LiveOptionsFields, closed);
export const LiveSectionSchema = Type.Object(
  {
    ...LiveOptionsFields,
    /** Overrides for the series of one characteristic. */
    byCharacteristic: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z_]{1,64}$' }), LiveOptionsSchema)),
  },
  closed,
);

const CatalogueEntrySchema = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', errorMessage: "an id of lower-case letters, digits and '-'" }), label: Text }, closed);
/** The catalogue people pick causes and corrective actions from (monitor/causes.ts has the default). */
export const AlertsSectionSchema = Type.Object(
  {
    causes: Type.Optional(Type.Array(CatalogueEntrySchema, { minItems: 1, maxItems: 200 })),
    actions: Type.Optional(Type.Array(CatalogueEntrySchema, { minItems: 1, maxItems: 200 })),
  },
  closed,
);

const Weight = Type.Optional(Type.Number({ minimum: 0, maximum: 10 }));
/** The risk model's parameters (risk/README.md), in the units people think in. */
export const RiskSectionSchema = Type.Object(
  {
    windowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    silenceSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    capableIndex: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    unstableSigmaRatio: Type.Optional(Type.Number({ exclusiveMinimum: 1 })),
    weights: Type.Optional(
      Type.Object({ conductor_diameter: Weight, insulation_thickness: Weight, sheath_thickness: Weight, conductor_resistance: Weight, eccentricity: Weight, spark_faults: Weight }, closed),
    ),
    levels: Type.Optional(Type.Object({ medium: Type.Number(), high: Type.Number(), critical: Type.Number() }, closed)),
    classBoundaries: Type.Optional(Type.Object({ B: Type.Number(), C: Type.Number() }, closed)),
    classHysteresis: Type.Optional(Type.Number({ minimum: 0 })),
    classHalfLifeHours: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    classSustainHours: Type.Optional(Type.Number({ minimum: 0 })),
    evidenceDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
    findingSustainSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
    levelSustainSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
  },
  closed,
);

export const StoreSectionSchema = Type.Union([
  Type.Object({ kind: Type.Literal('embedded'), dataDir: Type.Optional(FilePath) }, closed),
  // One code path serves InfluxDB 1.8+, 2.x and 3.x (store/README.md): a token
  // or a user and password; a database, or a 2.x bucket mapped to one.
  Type.Object(
    {
      kind: Type.Literal('influxdb'),
      url: Type.String({ pattern: '^https?://', errorMessage: 'an http:// or https:// URL' }),
      token: Type.Optional(Type.String({ minLength: 1 })),
      username: Type.Optional(Text),
      password: Type.Optional(Type.String({ minLength: 1 })),
      org: Type.Optional(Text),
      bucket: Type.Optional(Text),
      database: Type.Optional(Text),
    },
    closed,
  ),
]);

// The register database (register/README.md): embedded by default, PostgreSQL
// for a deployment of several services. The password never sits in this
// file: it comes from LINEWATCH_REGISTER_PASSWORD.
export const RegisterSectionSchema = Type.Union([
  Type.Object({ kind: Type.Literal('embedded'), file: Type.Optional(FilePath) }, closed),
  Type.Object(
    {
      kind: Type.Literal('postgres'),
      url: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', errorMessage: 'a postgres:// URL, without a password' })),
      host: Type.Optional(Host),
      port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
      database: Type.Optional(Text),
      user: Type.Optional(Text),
    },
    closed,
  ),
]);

export const TlsSchema = Type.Object({ key: FilePath, cert: FilePath, ca: Type.Optional(FilePath) }, closed);

export const MqttSectionSchema = Type.Object(
  {
    /** Broker the services connect to; without it they use the embedded broker. */
    url: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp|ssl|tls)://', errorMessage: 'an MQTT URL such as mqtt://host:1883 or mqtts://host:8883' })),
    /** Run the embedded broker, listening here. */
    listen: Type.Optional(Type.Object({ port: Type.Optional(Port), host: Type.Optional(Host), tls: Type.Optional(TlsSchema) }, closed)),
    /** Message size, points per message, connections (config/limits.ts). */
    limits: Type.Optional(MqttLimitsSchema),
  },
  closed,
);

export const HttpSectionSchema = Type.Object(
  {
    port: Type.Optional(Port),
    host: Type.Optional(Host),
    /** Signs session tokens; without it one is generated at start, and sessions end with the process. */
    tokenSecret: Type.Optional(Type.String({ minLength: 32, errorMessage: 'a secret of at least 32 characters' })),
    /** Connections, timeouts, sizes, token lifetime, login attempts (config/limits.ts). */
    limits: Type.Optional(HttpLimitsSchema),
  },
  closed,
);

/** The most worker threads one analytics process shards its enterprises over (analytics/shards/). */
export const MAX_ANALYTICS_SHARDS = 256;

/** How the analytics service runs (analytics/README.md); the command line's flags win over it. */
export const AnalyticsSectionSchema = Type.Object(
  {
    /** Worker threads the enterprises are sharded over; absent: the cores available. 1 runs it in one thread. */
    shards: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ANALYTICS_SHARDS })),
  },
  closed,
);

const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** The class decisions, inspections and draws (supervision-service/README.md). */
export const SupervisionSectionSchema = Type.Object(
  {
    /** The yearly review's day, MM-DD: class changes other than to C are proposed from then on. */
    reviewDate: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', errorMessage: 'a month and day MM-DD' })),
    proposals: Type.Optional(Type.Object({ checkMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1440 })) }, closed)),
    /** The bureau's yearly targets: at least minA A and minB B, at most maxC C; no C at all from noCFrom. */
    targets: Type.Optional(Type.Object({ minA: Type.Optional(Count), minB: Type.Optional(Count), maxC: Type.Optional(Count), noCFrom: Type.Optional(DateText) }, closed)),
    /** The pool double-random draws pick inspectors from; never one for an enterprise in their conflicts. */
    inspectors: Type.Optional(Type.Array(Type.Object({ id: Id, name: Type.Optional(Text), conflicts: Type.Optional(Type.Array(Id)) }, closed), { maxItems: 10_000 })),
    /** Records (JSON, supervision-service/README.md) loaded into an empty register at start: the demo's. */
    seedRecords: Type.Optional(FilePath),
    /** The day from which every enterprise must keep its quality routine: a signed monthly review for every month (a.routine). */
    routineRequiredFrom: Type.Optional(DateText),
  },
  closed,
);

export const CONFIG_FORMAT_VERSION = 1;

export const ConfigFileSchema = Type.Object(
  {
    /** Lets an editor find a JSON Schema; ignored by linewatch. */
    $schema: Type.Optional(Type.String()),
    version: Type.Literal(CONFIG_FORMAT_VERSION),
    enterprises: Type.Array(EnterpriseSchema, { minItems: 1 }),
    products: Type.Array(ProductSchema, { minItems: 1 }),
    gateways: Type.Array(GatewaySchema),
    services: Type.Array(ServiceSchema),
    users: Type.Array(UserSchema),
    spc: Type.Optional(SpcSectionSchema),
    live: Type.Optional(LiveSectionSchema),
    alerts: Type.Optional(AlertsSectionSchema),
    risk: Type.Optional(RiskSectionSchema),
    analytics: Type.Optional(AnalyticsSectionSchema),
    store: Type.Optional(StoreSectionSchema),
    register: Type.Optional(RegisterSectionSchema),
    mqtt: Type.Optional(MqttSectionSchema),
    http: Type.Optional(HttpSectionSchema),
    supervision: Type.Optional(SupervisionSectionSchema),
  },
  closed,
);

export type ConfigFile = Type.Static<typeof ConfigFileSchema>;
export type SpecLimits = Type.Static<typeof SpecLimitsSchema>;
export type ProductEntry = Type.Static<typeof ProductSchema>;
export type EnterpriseEntry = Type.Static<typeof EnterpriseSchema>;
export type GatewayEntry = Type.Static<typeof GatewaySchema>;
export type SparkplugGrant = Type.Static<typeof SparkplugGrantSchema>;
export type ServiceEntry = Type.Static<typeof ServiceSchema>;
export type UserEntry = Type.Static<typeof UserSchema>;
export type SupervisionSection = Type.Static<typeof SupervisionSectionSchema>;
