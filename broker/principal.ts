/**
 * Who a connected client is, once authenticated: a gateway of one enterprise,
 * or a trusted service. Every authorisation decision is a function of this
 * and the topic alone.
 */
export type ServiceRole = 'analytics' | 'dashboard';

/** A gateway account's Sparkplug B rights (config `gateways[].sparkplug`; broker/sparkplug-acl.ts). */
export interface SparkplugRights {
  readonly role: 'edge' | 'host';
  readonly groups: readonly string[];
}

export type Principal =
  | { readonly kind: 'gateway'; readonly enterprise: string; readonly gateway: string; readonly sparkplug?: SparkplugRights }
  | {
      readonly kind: 'service';
      readonly role: ServiceRole;
      /**
       * The service's id (its user name). It names the service's own command
       * and reply topics; a principal built without it owns none of them.
       */
      readonly id?: string;
    };

/** For log lines: `gateway E1/G1`, `service analytics`. */
export function describePrincipal(p: Principal): string {
  return p.kind === 'gateway' ? `gateway ${p.enterprise}/${p.gateway}` : `service ${p.role}`;
}
