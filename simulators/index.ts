/** Synthetic line data: pure, seeded generation; publishing it (MQTT) lives with the gateway. */
export { writeFleetCsv, openCsvFile, formatValue, TimestampFormatter, CSV_HEADER, type CsvWriteOptions, type CsvWriteResult } from './csv-writer.js';
export { DEMO_RATE_HZ, DEMO_SEED, demoPlanFromConfig, type DemoFleet, type DemoOptions, type DemoRole } from './demo-from-config.js';
export { DEMO_ROLES, DEMO_SEVERITY, type DemoProblem, type RoleRecipe } from './demo-roles.js';
export {
  DEFAULT_MIX,
  DEFAULT_SEVERITY,
  DEFAULT_START_EPOCH_MS,
  FleetDescriptionError,
  planFleet,
  PROBLEMS,
  PROFILE_NAMES,
  type FleetDescription,
  type ProblemSeverity,
  type ScenarioMix,
} from './fleet-description.js';
export { FleetPlanError, MAX_RATE_HZ, validateFleetPlan, type EnterprisePlan, type FleetPlan, type GatewayPlan, type LinePlan, type SeriesPlan } from './fleet-plan.js';
export { Fleet, type Emit, type GatewayInfo, type SeriesInfo } from './fleet.js';
export { GatewayModel, type FlakyConnectivity, type GatewaySpec, type Interval, type Outage } from './gateway-model.js';
export { LineModel, type LineModelSpec } from './line-model.js';
export { BVV_2X1_5, characteristicDefaults, DEFAULT_PRODUCT_ID, PRODUCTS, savingLimit, type CharacteristicDefaults, type Product, type SpecLimits } from './products.js';
export { GaugeNoise, type GaugeNoiseSpec } from './gauge-noise.js';
export { SeededRandom } from './random.js';
export { inControlDefaults, IN_CONTROL_CPK, SpecModelError } from './spec-model.js';
export { ABSURD_VALUE, BAD_VALUE_KINDS, SCENARIO_KINDS, ScenarioError, validateScenario, type BadValueKind, type Scenario, type ScenarioKind } from './scenario.js';
