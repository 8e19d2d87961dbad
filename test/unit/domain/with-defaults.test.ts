import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../../domain/with-defaults.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Not source: dependencies, build output and tests (which build option objects however they like). */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'docs', '.git']);

/**
 * Lines that merge defaults another way than withDefaults, or name a
 * defaults object the old way. A spread of a DEFAULT_ object is allowed only
 * as the start of withDefaults' first argument (placeholders for required
 * fields the overrides always carry).
 */
function conventionBreaks(text: string): string[] {
  const breaks: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line.trim()}`;
    for (const m of line.matchAll(/\.\.\.DEFAULT_\w+/g)) {
      if (!/withDefaults(<[^>]*>)?\(\{\s*$/.test(line.slice(0, m.index))) breaks.push(`spread of ${m[0].slice(3)}, ${where}`);
    }
    if (/Object\.assign\(/.test(line) && /DEFAULT_/.test(line)) breaks.push(`Object.assign on defaults, ${where}`);
    if (/\?\?\s*DEFAULT_\w+_OPTIONS\./.test(line)) breaks.push(`?? fallback to one default, ${where}`);
    if (/export const \w+_DEFAULTS\b/.test(line)) breaks.push(`name *_DEFAULTS instead of DEFAULT_*_OPTIONS, ${where}`);
  });
  return breaks;
}

function sourceBreaks(dir = ROOT, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) sourceBreaks(path, found);
    } else if (entry.name.endsWith('.ts')) {
      for (const b of conventionBreaks(readFileSync(path, 'utf8'))) found.push(`${relative(ROOT, path)} ${b}`);
    }
  }
  return found;
}

describe('withDefaults', () => {
  interface ThingOptions {
    readonly size: number;
    readonly name: string;
    readonly strict: boolean | null;
  }
  const DEFAULT_THING_OPTIONS: ThingOptions = Object.freeze({ size: 3, name: 'a', strict: true });

  it('keeps a default the overrides leave out or give as undefined', () => {
    expect(withDefaults(DEFAULT_THING_OPTIONS, { size: undefined })).toEqual({ size: 3, name: 'a', strict: true });
    expect(withDefaults(DEFAULT_THING_OPTIONS, {})).toEqual(DEFAULT_THING_OPTIONS);
  });

  it('takes every defined override, falsy ones and null included', () => {
    expect(withDefaults(DEFAULT_THING_OPTIONS, { size: 0, name: '', strict: null })).toEqual({ size: 0, name: '', strict: null });
    expect(withDefaults(DEFAULT_THING_OPTIONS, { strict: false }).strict).toBe(false);
  });

  it('returns a new frozen object and leaves the defaults alone', () => {
    const merged = withDefaults(DEFAULT_THING_OPTIONS, { size: 9 });
    expect(Object.isFrozen(merged)).toBe(true);
    expect(merged).not.toBe(DEFAULT_THING_OPTIONS);
    expect(DEFAULT_THING_OPTIONS.size).toBe(3);
  });

  it('is shallow: a nested object given replaces the default one', () => {
    const DEFAULT_NESTED_OPTIONS: { readonly retry: { readonly attempts: number; readonly delayMs: number } } = Object.freeze({ retry: Object.freeze({ attempts: 3, delayMs: 10 }) });
    expect(withDefaults(DEFAULT_NESTED_OPTIONS, { retry: { attempts: 5, delayMs: 10 } }).retry).toEqual({ attempts: 5, delayMs: 10 });
  });
});

describe('the defaults convention', () => {
  it('catches each other way of merging or naming defaults', () => {
    const text = [
      'const a = { ...DEFAULT_X_OPTIONS, ...given };',
      'Object.assign(target, DEFAULT_Y_OPTIONS, given);',
      'const port = file.port ?? DEFAULT_Z_OPTIONS.port;',
      'export const BROKER_DEFAULTS = Object.freeze({});',
      'const ok = withDefaults(DEFAULT_X_OPTIONS, given);',
      "const ok2 = withDefaults<GatewayOptions>({ ...DEFAULT_GATEWAY_OPTIONS, mqttUrl: '' }, given);",
      'const id = d.product ?? DEFAULT_PRODUCT_ID;',
    ].join('\n');
    expect(conventionBreaks(text).map((b) => b.split(',')[0])).toEqual([
      'spread of DEFAULT_X_OPTIONS',
      'Object.assign on defaults',
      '?? fallback to one default',
      'name *_DEFAULTS instead of DEFAULT_*_OPTIONS',
    ]);
  });

  it('holds in the source: defaults are merged only with withDefaults', () => {
    expect(sourceBreaks()).toEqual([]);
  });
});
