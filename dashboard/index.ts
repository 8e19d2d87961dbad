/**
 * The dashboard's public entry: what cli/ and stack/ may import. Build it
 * with `dashboardFromConfig`, giving the model it serves (in process, or
 * remote over MQTT). Everything else in this folder is internal.
 */
export { type Dashboard, type DashboardOverrides, type DashboardReadiness, dashboardFromConfig, type InProcessModel, type RemoteModel } from './from-config.js';
export type { CurrentProducts, LimitsControl } from './options.js';
