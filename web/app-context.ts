/**
 * What every view gets: the API client, the models kept live by the socket,
 * and the session the server sent. Views never reach for globals.
 */
import type { LiveEnterprise, LiveProduct, LiveSession } from '../protocol/live-messages.js';
import type { AlertsModel } from './model/alerts-model.js';
import type { Catalogue } from './model/catalogue.js';
import type { FindingsModel } from './model/findings-model.js';
import type { RiskModel } from './model/risk-model.js';
import type { ApiClient } from './services/api-client.js';

export interface AppContext {
  readonly api: ApiClient;
  readonly alerts: AlertsModel;
  readonly risk: RiskModel;
  /** The regulator's findings; `available` false when this server has none. */
  readonly findings: FindingsModel;
  /** Causes and corrective actions to choose from. */
  readonly catalogue: Catalogue;
  readonly session: LiveSession;
  enterprise(id: string): LiveEnterprise | undefined;
  product(id: string): LiveProduct | undefined;
  enterpriseName(id: string): string;
  /** Calls `listener` after a reconnect brought a fresh session and reloaded alerts. */
  onResync(listener: () => void): () => void;
}

/** A mounted page: its root element, and how to release its timers, sockets and charts. */
export interface View {
  readonly element: HTMLElement;
  destroy(): void;
}

export function contextFor(session: LiveSession, parts: Pick<AppContext, 'api' | 'alerts' | 'risk' | 'findings' | 'catalogue' | 'onResync'>): AppContext {
  const enterprises = new Map(session.enterprises.map((e) => [e.id, e]));
  const products = new Map(session.products.map((p) => [p.id, p]));
  return {
    ...parts,
    session,
    enterprise: (id) => enterprises.get(id),
    product: (id) => products.get(id),
    enterpriseName: (id) => enterprises.get(id)?.name ?? id,
  };
}
