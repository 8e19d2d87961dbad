import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTER_ERRORS, RegisterError } from '../../../register/errors.js';

const readme = readFileSync(new URL('../../../register/README.md', import.meta.url), 'utf8');

describe('register error catalogue', () => {
  it.each(Object.keys(REGISTER_ERRORS))('documents %s in register/README.md', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });

  it('puts the retry decision and the refused row on the error', () => {
    for (const [code, entry] of Object.entries(REGISTER_ERRORS)) {
      expect(new RegisterError(code as keyof typeof REGISTER_ERRORS, 'x').retryable).toBe(entry.retryable);
    }
    expect(new RegisterError('LW_REGISTER_INVALID', 'row 4: bad', { row: 4 })).toMatchObject({ name: 'RegisterError', code: 'LW_REGISTER_INVALID', row: 4, retryable: false });
  });
});
