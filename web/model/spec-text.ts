import type { SpecLimits } from './chart-model.js';

/**
 * A series' spec limits in words, headed by the product they belong to when
 * the server named it (a line changes product, and each has its own limits).
 */
export function specText(spec: SpecLimits, unit: string, product: string | null): string {
  const parts: string[] = [];
  const of = product === null ? '' : `Product ${product} · `;
  if (spec.lsl !== null) parts.push(`min ${spec.lsl}`);
  if (spec.nominal !== null) parts.push(`nominal ${spec.nominal}`);
  if (spec.usl !== null) parts.push(`max ${spec.usl}`);
  return parts.length > 0 ? `${of}Spec: ${parts.join(' · ')} ${unit}` : `${of}No spec limits`;
}
