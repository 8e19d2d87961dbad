/**
 * Average run length (ARL) of EWMA, CUSUM and Shewhart charts for chart
 * design: zero-state, known parameters, counting the signalling sample.
 */
export type { ArlPoint, ArlPrecision, ChartDesign, CusumDesign, EwmaDesign, ShewhartDesign } from './design.js';
export { DEFAULT_ARL_OPTIONS, ARL_NUMERICS } from './defaults.js';
export { ArlOptionError } from './arl-option-error.js';
export { ArlPrecisionError } from './convergence.js';
export { arlAt, arlCurve, MAX_SHIFTS } from './arl-curve.js';
export { ewmaArl, validateEwmaDesign, MIN_ASYMPTOTIC_LIMITS_LAMBDA, MIN_EXACT_LIMITS_LAMBDA } from './ewma-arl.js';
export { cusumArl, validateCusumDesign } from './cusum-arl.js';
export { shewhartArl, validateShewhartDesign } from './shewhart-arl.js';
