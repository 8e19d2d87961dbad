/**
 * Capability figures of a series (model/capability.ts), each with its name
 * and the sigma it uses spelt out, the verdict in words as well as colour,
 * and where the figures come from.
 */
import { h } from '../lib/dom.js';
import { formatCount, formatDuration, formatIndex, formatPpm, formatTime, formatValue } from '../lib/format.js';
import { INDEX_LABELS, verdictOf, type CapabilityFigures } from '../model/capability.js';

/** `empty`: what to say when there are no figures. */
export function capabilityTable(c: CapabilityFigures | null, unit: string, digits: number, empty = 'Capability needs at least two points.'): HTMLElement {
  if (!c) return h('p', { class: 'empty small' }, empty);
  const v = verdictOf(c);
  const row = (name: string, title: string, ...value: Array<Node | string>) => h('tr', null, h('th', { scope: 'row', title }, name), h('td', null, ...value));
  const figure = (name: string, x: number | null) => h('span', { 'data-figure': name }, formatIndex(x));
  const interval = c.cpkLow !== null && c.cpkHigh !== null ? `${formatIndex(c.cpkLow)}–${formatIndex(c.cpkHigh)}` : null;
  return h(
    'div',
    { class: 'capability', 'data-source': c.source },
    v
      ? h(
          'p',
          { class: `verdict verdict-${v.verdict.replace(' ', '-')}` },
          h('strong', null, `${INDEX_LABELS[v.index]} ${formatIndex(v.value)}`),
          ` · ${v.verdict}`,
          v.unstable ? h('span', { class: 'verdict-note' }, 'not stable in this window: the overall spread is well above the short-term one') : null,
        )
      : h('p', { class: 'verdict' }, 'Capability needs a spec limit'),
    h('p', { class: 'capability-source' }, sourceText(c)),
    h(
      'table',
      { class: 'figures' },
      h('caption', { class: 'visually-hidden' }, c.source === 'risk' ? "Capability in the risk model's window" : 'Capability of the points in view'),
      h(
        'tbody',
        null,
        row('n', c.source === 'risk' ? "points in the risk model's window" : 'points in view', formatCount(c.n)),
        c.source === 'risk'
          ? row('Level', `where the process stands now (a weighted mean of the newest points), ${unit}: the indices are taken about it`, `${formatValue(c.level, digits)} ${unit}`)
          : null,
        row('Mean', `mean, ${unit}`, `${formatValue(c.mean, digits)} ${unit}`),
        row('σ within', 'short-term spread: mean moving range / 1.128', formatValue(c.sigmaWithin, digits + 1)),
        row('σ overall', 'sample standard deviation', formatValue(c.sigmaOverall, digits + 1)),
        row('Cp / Cpk (within)', 'with sigma within', figure('cp', c.cp), ' / ', figure('cpk', c.cpk)),
        interval ? row('Cpk 95% interval', 'how sure the Cpk is: wide with few points', h('span', { 'data-figure': 'cpk-interval' }, interval)) : null,
        row('Pp / Ppk (overall)', 'with the overall standard deviation', figure('pp', c.pp), ' / ', figure('ppk', c.ppk)),
        row('Expected ppm', 'nonconforming parts per million under a normal model', formatPpm(c.ppm)),
        row('Out of spec', c.source === 'risk' ? 'points in the window beyond a spec limit' : 'points in view beyond a spec limit', formatCount(c.outOfSpec)),
      ),
    ),
  );
}

function sourceText(c: CapabilityFigures): string {
  if (c.source === 'view') return `From the ${formatCount(c.n)} points in view: the risk model has not assessed this series' capability yet.`;
  const span = c.from !== null && c.to !== null ? ` over ${formatDuration(c.to - c.from)}, up to ${formatTime(c.to)}` : '';
  return `From the risk model's window: ${formatCount(c.n)} points${span}.`;
}
