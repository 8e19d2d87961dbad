/**
 * A uPlot plugin drawing constant lines across the plot (centre line,
 * control and spec limits, nominal) with their name and value at the right
 * edge. Drawn on the canvas rather than as series, so a 100,000-point chart
 * does not carry six more 100,000-element arrays.
 */
import uPlot from 'uplot';
import { CHART_COLORS } from './chart-colors.js';

export interface LimitLine {
  readonly label: string;
  readonly value: number;
  readonly color: string;
  /** Canvas dash pattern in CSS pixels; empty for solid. */
  readonly dash: readonly number[];
  readonly width: number;
  /** Where the name and value are written: spec lines left, control lines right, so close lines do not hide each other's labels. */
  readonly side: 'left' | 'right';
}

export function limitLinesPlugin(lines: () => readonly LimitLine[], digits: () => number): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        const ratio = uPlot.pxRatio;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        ctx.textBaseline = 'middle';
        for (const line of lines()) {
          const y = Math.round(u.valToPos(line.value, 'y', true));
          if (y < top || y > top + height) continue;
          ctx.strokeStyle = line.color;
          ctx.lineWidth = line.width * ratio;
          ctx.setLineDash(line.dash.map((d) => d * ratio));
          ctx.beginPath();
          ctx.moveTo(left, y);
          ctx.lineTo(left + width, y);
          ctx.stroke();
          const text = `${line.label} ${line.value.toFixed(digits())}`;
          const w = ctx.measureText(text).width + 6 * ratio;
          const x = line.side === 'right' ? left + width - w - 2 * ratio : left + 2 * ratio;
          ctx.fillStyle = CHART_COLORS.labelBackground;
          ctx.fillRect(x, y - 8 * ratio, w, 16 * ratio);
          ctx.fillStyle = line.color;
          ctx.textAlign = 'left';
          ctx.fillText(text, x + 3 * ratio, y);
        }
        ctx.restore();
      },
    },
  };
}
