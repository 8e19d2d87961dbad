/**
 * The `session` message a browser gets when its socket is accepted: the
 * reference data it needs to draw the enterprises it may see, filtered by
 * the same Principal.canSee the HTTP API uses. Products are sent once and
 * referenced by id from lines, so a 1,000-enterprise cluster stays a few
 * hundred kilobytes.
 */
import type { LinewatchConfig } from '../../config/resolve.js';
import { CHARACTERISTICS, isCharacteristicName } from '../../domain/characteristics.js';
import type { Principal } from '../api/principal.js';
import type { LiveEnterprise, LiveProduct, LiveSession } from '../../protocol/live-messages.js';

export type SessionFeatures = LiveSession['features'];

/** Builds, once per configuration, the function that makes each principal's session message. */
export function sessionMessages(config: LinewatchConfig, features: SessionFeatures): (principal: Principal, expiresAt: number) => LiveSession {
  const products = new Map<string, LiveProduct>(
    config.products.map((p) => [
      p.id,
      Object.freeze({
        id: p.id,
        name: p.name,
        characteristics: Object.entries(p.characteristics)
          .filter(([name, limits]) => limits !== undefined && isCharacteristicName(name))
          .map(([name, limits]) => ({
            name,
            unit: isCharacteristicName(name) ? CHARACTERISTICS[name].unit : '',
            lsl: limits?.lsl ?? null,
            usl: limits?.usl ?? null,
            nominal: limits?.nominal ?? null,
          })),
      }),
    ]),
  );
  const enterprises: LiveEnterprise[] = config.enterprises.map((e) => ({
    id: e.id,
    name: e.name,
    class: e.class,
    lastInspection: e.lastInspection,
    lines: e.lines.map((l) => ({ id: l.id, name: l.name ?? null, product: l.product })),
  }));
  const spc = { baseline: config.spc.baseline, ewmaLambda: config.spc.ewmaLambda, ewmaL: config.spc.ewmaL };

  return (principal, expiresAt) => {
    const visible = enterprises.filter((e) => principal.canSee(e.id));
    const used = new Set(visible.flatMap((e) => e.lines.map((l) => l.product)));
    return {
      user: { id: principal.id, name: principal.name, role: principal.role, enterprise: principal.enterprise },
      expiresAt,
      enterprises: visible,
      products: [...used].flatMap((id) => products.get(id) ?? []),
      spc,
      features,
    };
  };
}
