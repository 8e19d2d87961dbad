/**
 * Compares an analysis report with a reference one under the tolerances the
 * project is judged by: counts and indices exactly, statistics to 1e-9
 * relative, capability and subgroup limits to 0.1%, ppm to 1%.
 * Returns the differences found, as readable lines (empty when they agree).
 */
export function compareReports(actual: unknown, expected: unknown): string[] {
  const problems: string[] = [];
  walk(actual, expected, '', problems);
  return problems;
}

function toleranceFor(path: string): number {
  if (path.startsWith('.ppm')) return 1e-2;
  if (path.startsWith('.capability') || path.startsWith('.subgroups.limits')) return 1e-3;
  return 1e-9;
}

function walk(a: unknown, e: unknown, path: string, out: string[]): void {
  if (Array.isArray(e)) {
    if (JSON.stringify(a) !== JSON.stringify(e)) out.push(`${path}: got ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`);
    return;
  }
  if (e !== null && typeof e === 'object') {
    if (a === null || typeof a !== 'object') {
      out.push(`${path}: got ${JSON.stringify(a)}, expected an object`);
      return;
    }
    for (const key of Object.keys(e)) walk((a as Record<string, unknown>)[key], (e as Record<string, unknown>)[key], `${path}.${key}`, out);
    return;
  }
  if (typeof e === 'number' && typeof a === 'number') {
    const scale = Math.max(Math.abs(e), Number.MIN_VALUE);
    // Counts and sizes are integers and must match exactly.
    const tol = Number.isInteger(e) && Math.abs(e) > 1 ? 0 : toleranceFor(path);
    if (Math.abs(a - e) / scale > tol) out.push(`${path}: got ${a}, expected ${e} (relative tolerance ${tol})`);
    return;
  }
  if (a !== e) out.push(`${path}: got ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`);
}
