/**
 * What the live channel (socket.io) sends to a browser, event by event. The
 * web page imports these types (type-only), so this file must stay free of
 * Node.js imports: it is compiled for the browser too (tsconfig.web.json).
 *
 * Events, server to client:
 *   `session`  once, right after the connection is accepted: who is logged in,
 *              the enterprises (and their lines) this user may see, the SPC
 *              settings charts need, and which optional APIs this server has;
 *   `alert`    every alert event of a visible enterprise (AlertEvent);
 *   `risk`     every risk assessment change of a visible enterprise;
 *   `finding`  every finding event of a visible enterprise (FindingEvent);
 *   `expired`  just before the server closes a socket whose token expired.
 * Clients send nothing: rooms are joined by the server alone.
 */
import type { AlertEvent } from '../monitor/alert.js';
import type { FindingEvent } from '../core/findings/finding.js';

export type { AlertEvent, FindingEvent };

export const LIVE_EVENTS = Object.freeze({
  session: 'session',
  alert: 'alert',
  risk: 'risk',
  finding: 'finding',
  expired: 'expired',
} as const);

export interface LiveUser {
  readonly id: string;
  readonly name: string;
  readonly role: 'regulator' | 'enterprise';
  readonly enterprise: string | null;
}

export interface LiveCharacteristic {
  readonly name: string;
  readonly unit: string;
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly nominal: number | null;
}

export interface LiveProduct {
  readonly id: string;
  readonly name: string;
  readonly characteristics: readonly LiveCharacteristic[];
}

export interface LiveLine {
  readonly id: string;
  readonly name: string | null;
  /** A product id of LiveSession.products. */
  readonly product: string;
}

export interface LiveEnterprise {
  readonly id: string;
  readonly name: string;
  /** Registered supervision class. */
  readonly class: 'A' | 'B' | 'C';
  /** YYYY-MM-DD */
  readonly lastInspection: string;
  readonly lines: readonly LiveLine[];
}

export interface LiveSession {
  readonly user: LiveUser;
  /** The last instant the session token is accepted, ms UTC; the socket closes then. */
  readonly expiresAt: number;
  /** Only the enterprises this user may see (all of them for a regulator). */
  readonly enterprises: readonly LiveEnterprise[];
  /** Products made on those enterprises' lines, with their spec limits. */
  readonly products: readonly LiveProduct[];
  /** The configuration's `spc` settings (batch analysis); the page charts the live monitor's limits from the risk API instead. */
  readonly spc: { readonly baseline: number; readonly ewmaLambda: number; readonly ewmaL: number };
  /**
   * Optional APIs this server answers (the risk model lands separately): the
   * page asks only for what exists, so it never provokes a 404.
   */
  readonly features: {
    readonly enterprisesApi: boolean;
    readonly riskApi: boolean;
    readonly riskEvents: boolean;
    /** GET /api/findings and live `finding` events. */
    readonly findings: boolean;
    /** POST /api/series/.../limits can re-establish control limits here. */
    readonly limits: boolean;
    /** The supervision register's routes (/api/register..., /api/proposals..., /api/draws..., /api/public...). */
    readonly supervision: boolean;
  };
}

/** A risk assessment change: one entry of GET /api/enterprises (risk/README.md), tagged with its enterprise. */
export type LiveRiskEvent = { readonly enterprise: string } & Readonly<Record<string, unknown>>;
