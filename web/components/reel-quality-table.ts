/**
 * A reel's quality record, one row per characteristic: the statistics of
 * its readings, what was out of spec (readings and metres), the verdict and
 * the gauge's calibration status.
 */
import { h } from '../lib/dom.js';
import { characteristicLabel, digitsOf, formatIndex, formatValue, unitOf } from '../lib/format.js';
import { calibrationText, metresText } from '../model/trace-model.js';
import type { ReelCalibration, ReelCharacteristic } from '../model/trace-types.js';
import { verdictBadgeElement } from './verdict-badge.js';

export function reelQualityTable(characteristics: readonly ReelCharacteristic[], calibrations: readonly ReelCalibration[]): HTMLElement {
  if (characteristics.length === 0) return h('p', { class: 'empty' }, 'No reading was taken while this reel was made.');
  const head = ['Characteristic', 'n', 'Min', 'Max', 'Mean', 'SD', 'Ppk', 'Out of spec', 'Metres out of spec', 'Verdict', 'Calibration'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'record-table reel-quality-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        characteristics.map((c) => {
          const digits = digitsOf(c.characteristic);
          const unit = unitOf(c.characteristic);
          const calibration = calibrations.find((k) => k.characteristic === c.characteristic);
          return h(
            'tr',
            { 'data-characteristic': c.characteristic, 'data-verdict': c.verdict },
            h('th', { scope: 'row' }, characteristicLabel(c.characteristic), unit ? h('span', { class: 'muted' }, ` (${unit})`) : null),
            h('td', { 'data-field': 'n', class: 'num' }, String(c.n)),
            h('td', { 'data-field': 'min', class: 'num' }, formatValue(c.min, digits)),
            h('td', { 'data-field': 'max', class: 'num' }, formatValue(c.max, digits)),
            h('td', { 'data-field': 'mean', class: 'num' }, formatValue(c.mean, digits + 1)),
            h('td', { 'data-field': 'sd', class: 'num' }, formatValue(c.sd, digits + 1)),
            h('td', { 'data-field': 'ppk', class: 'num' }, formatIndex(c.ppk)),
            h('td', { 'data-field': 'outOfSpec', class: 'num' }, String(c.outOfSpec)),
            h('td', { 'data-field': 'metresOutOfSpec', class: 'num' }, metresText(c.metresOutOfSpec)),
            h('td', { 'data-field': 'verdict' }, verdictBadgeElement(c.verdict)),
            h('td', { 'data-field': 'calibration', 'data-status': calibration?.status ?? 'not-registered' }, calibrationText(calibration)),
          );
        }),
      ),
    ),
  );
}
