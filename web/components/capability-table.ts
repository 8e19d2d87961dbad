/**
 * Capability figures of the points in view, each with its name spelt out
 * and the verdict on Cpk in words as well as colour.
 */
import { h } from '../lib/dom.js';
import { formatCount, formatIndex, formatPpm, formatValue } from '../lib/format.js';
import { verdictOf, type CapabilitySummary } from '../model/capability.js';

export function capabilityTable(c: CapabilitySummary | null, unit: string, digits: number): HTMLElement {
  if (!c) return h('p', { class: 'empty small' }, 'Capability needs at least two points.');
  const v = verdictOf(c);
  const row = (name: string, title: string, value: string) => h('tr', null, h('th', { scope: 'row', title }, name), h('td', null, value));
  return h(
    'div',
    { class: 'capability' },
    v
      ? h(
          'p',
          { class: `verdict verdict-${v.verdict.replace(' ', '-')}` },
          h('strong', null, `${v.index} ${formatIndex(v.value)}`),
          ` · ${v.verdict}`,
          v.unstable ? h('span', { class: 'verdict-note' }, 'not stable in this window: the overall spread is well above the short-term one') : null,
        )
      : h('p', { class: 'verdict' }, 'Capability needs a spec limit'),
    h(
      'table',
      { class: 'figures' },
      h('caption', { class: 'visually-hidden' }, 'Capability of the points in view'),
      h(
        'tbody',
        null,
        row('n', 'points in view', formatCount(c.n)),
        row('Mean', `mean, ${unit}`, `${formatValue(c.mean, digits)} ${unit}`),
        row('σ within', 'MRbar / 1.128', formatValue(c.sigmaWithin, digits + 1)),
        row('σ overall', 'sample standard deviation', formatValue(c.sd, digits + 1)),
        row('Cp / Cpk', 'with sigma within', `${formatIndex(c.cp)} / ${formatIndex(c.cpk)}`),
        row('Pp / Ppk', 'with sigma overall', `${formatIndex(c.pp)} / ${formatIndex(c.ppk)}`),
        row('Expected ppm', 'nonconforming parts per million under a normal model', formatPpm(c.ppm)),
        row('Out of spec', 'points in view beyond a spec limit', formatCount(c.outOfSpec)),
      ),
    ),
  );
}
