/**
 * A routine draft as the responsible person reads it before signing: the
 * episodes with their causes, the nonconforming reels, the gateways that
 * were down and the calibrations due or lapsed.
 */
import { h } from '../lib/dom.js';
import type { RoutineDraftView } from '../model/routine-types.js';

const time = (iso: string | null) => (iso === null ? 'still open' : iso.replace('T', ' ').slice(0, 16));

function part(title: string, key: string, summary: string, rows: HTMLElement | null): HTMLElement {
  return h('section', { class: 'routine-part', 'data-part': key }, h('h3', null, title), h('p', { class: 'routine-summary' }, summary), rows);
}

export function routineDraft(d: RoutineDraftView): HTMLElement {
  const episodes = d.episodes.list.length
    ? h(
        'ul',
        null,
        d.episodes.list.map((e) =>
          h(
            'li',
            { 'data-episode': e.id },
            `${e.line} ${e.characteristic}, ${e.severity}, ${time(e.from)} – ${time(e.to)}: ${e.cause ?? 'no cause given'}${e.comments.length ? ` (${e.comments.join('; ')})` : ''}`,
          ),
        ),
      )
    : null;
  const reels = d.reels.nonconformingReels.length
    ? h(
        'ul',
        null,
        d.reels.nonconformingReels.map((r) =>
          h('li', { 'data-reel': r.reel }, `${r.reel} (${r.line}${r.product ? `, ${r.product}` : ''}): ${r.outOfSpec.map((c) => `${c.characteristic} ${c.readings} out of spec`).join(', ')}`),
        ),
      )
    : null;
  const gateways = d.gateways.list.length
    ? h(
        'ul',
        null,
        d.gateways.list.map((g) => h('li', { 'data-gateway': g.gateway }, `${g.gateway}: ${g.minutesDown} min`)),
      )
    : null;
  const gauges = d.calibration.gauges.length
    ? h(
        'ul',
        null,
        d.calibration.gauges.map((g) =>
          h('li', { 'data-gauge': g.instrument }, `${g.instrument} (${g.line} ${g.characteristic}) ${g.status === 'lapsed' ? 'lapsed' : 'due'}: valid until ${g.validUntil}`),
        ),
      )
    : null;
  return h(
    'div',
    { class: 'routine-draft', 'data-period': d.period, 'data-start': d.periodStart },
    h('p', { class: 'subtitle' }, d.periodStart === d.periodEnd ? d.periodStart : `${d.periodStart} to ${d.periodEnd}`),
    part('Episodes', 'episodes', `${d.episodes.count} episode(s), ${d.episodes.withoutCause} without a cause`, episodes),
    part('Nonconforming reels', 'reels', `${d.reels.nonconforming} of ${d.reels.total} reel(s)`, reels),
    part('Gateways down', 'gateways', `${d.gateways.list.length} gateway(s), ${d.gateways.minutesDown} min in all`, gateways),
    part('Calibration', 'calibration', `${d.calibration.gauges.length} gauge(s) lapsed or due within ${d.calibration.dueDays} days`, gauges),
  );
}
