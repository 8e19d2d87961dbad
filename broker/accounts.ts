/**
 * The MQTT accounts of a configuration: each gateway and each service logs in
 * with its id as the user name and its own password.
 */
import type { LinewatchConfig } from '../config/resolve.js';
import type { Principal } from './principal.js';

export interface BrokerAccount {
  readonly username: string;
  readonly passwordHash: string;
  readonly principal: Principal;
}

export function accountsFromConfig(config: Pick<LinewatchConfig, 'gateways' | 'services'>): BrokerAccount[] {
  return [
    ...config.gateways.map((g) => ({
      username: g.id,
      passwordHash: g.passwordHash,
      principal: { kind: 'gateway' as const, enterprise: g.enterprise, gateway: g.id, ...(g.sparkplug ? { sparkplug: g.sparkplug } : {}) },
    })),
    ...config.services.map((s) => ({ username: s.id, passwordHash: s.passwordHash, principal: { kind: 'service' as const, role: s.role, id: s.id } })),
  ];
}
