/**
 * A uPlot plugin shading the ±1, ±2 and ±3 sigma zones of the readings about
 * the centre line (the live monitor's mu0 and the readings' sigma), drawn
 * under the series so they never hide a point. Each band is light; where
 * they overlap (near the centre) they add up, so the eye reads the zones
 * without a legend of colours.
 */
import type uPlot from 'uplot';
import { CHART_COLORS } from './chart-colors.js';

export interface SigmaZones {
  /** Centre of the zones. */
  readonly centre: number;
  /** One sigma of the readings. */
  readonly sigma: number;
}

/** What the legend calls them: the zones are of the readings, the control limits of the means. */
export const SIGMA_ZONES_LABEL = 'sigma zones (readings)';

export function sigmaZonesPlugin(zones: () => SigmaZones | null): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: (u: uPlot) => {
        const z = zones();
        if (!z || !(z.sigma > 0)) return;
        const ctx = u.ctx;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        ctx.fillStyle = CHART_COLORS.sigmaZone;
        for (const k of [3, 2, 1]) {
          const y1 = u.valToPos(z.centre + k * z.sigma, 'y', true);
          const y2 = u.valToPos(z.centre - k * z.sigma, 'y', true);
          ctx.fillRect(left, Math.min(y1, y2), width, Math.abs(y2 - y1));
        }
        ctx.restore();
      },
    },
  };
}
