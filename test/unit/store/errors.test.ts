import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POINT_REJECTIONS, STORE_ERRORS, StoreError } from '../../../store/errors.js';

const readme = readFileSync(new URL('../../../store/README.md', import.meta.url), 'utf8');

describe('store error catalogue', () => {
  it.each(Object.keys(STORE_ERRORS))('documents %s in store/README.md', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });

  it.each(Object.keys(POINT_REJECTIONS))('documents point rejection %s in store/README.md', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });

  it('puts the retry decision on the error, from the catalogue', () => {
    for (const [code, entry] of Object.entries(STORE_ERRORS)) {
      expect(new StoreError(code as keyof typeof STORE_ERRORS, 'x').retryable).toBe(entry.retryable);
    }
    const e = new StoreError('LW_STORE_UNAVAILABLE', 'down', { retryAfterMs: 5000, cause: new Error('ECONNREFUSED') });
    expect(e).toMatchObject({ name: 'StoreError', code: 'LW_STORE_UNAVAILABLE', retryable: true, retryAfterMs: 5000 });
    expect((e.cause as Error).message).toBe('ECONNREFUSED');
  });
});
