/**
 * The broker's public entry: what cli/ and stack/ may import. Build it with
 * `brokerFromConfig`; the account and principal types are for the embedded
 * stack's in-process clients. Everything else in this folder is internal.
 */
export type { BrokerAccount } from './accounts.js';
export { BrokerError } from './broker-error.js';
export type { BrokerAddress, LinewatchBroker } from './create-broker.js';
export { type BrokerOverrides, type BrokerReadiness, type BrokerService, brokerFromConfig } from './from-config.js';
export type { Principal } from './principal.js';
