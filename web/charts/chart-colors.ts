/**
 * Chart colours. Canvas drawing cannot read CSS variables cheaply, so they
 * live here, matched to styles.css. Limits differ by colour and by line
 * style (spec: solid, control: dashed, centre: dotted), so they stay apart in
 * greyscale too.
 */
export const CHART_COLORS = Object.freeze({
  value: '#1f4e79',
  valueBand: 'rgba(31, 78, 121, 0.18)',
  flagged: '#b42318',
  centre: '#2f6f3e',
  control: '#c2410c',
  spec: '#9f1239',
  nominal: '#6b7280',
  ewma: '#6d28d9',
  /** Readings, drawn faintly under their subgroup means. */
  reading: 'rgba(31, 78, 121, 0.45)',
  /** One band of the sigma zones; three overlap at the centre. */
  sigmaZone: 'rgba(47, 111, 62, 0.06)',
  grid: '#e5e7eb',
  axis: '#4b5563',
  labelBackground: 'rgba(255, 255, 255, 0.85)',
});
