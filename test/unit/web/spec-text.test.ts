import { describe, expect, it } from 'vitest';
import { specText } from '../../../web/model/spec-text.js';

describe('the spec line of a series card', () => {
  it('names the product whose limits the readings are judged against, once the server has named it', () => {
    expect(specText({ lsl: 0.53, usl: null, nominal: 0.7 }, 'mm', null)).toBe('Spec: min 0.53 · nominal 0.7 mm');
    expect(specText({ lsl: 0.62, usl: null, nominal: 0.8 }, 'mm', 'BV-2.5')).toBe('Product BV-2.5 · Spec: min 0.62 · nominal 0.8 mm');
    expect(specText({ lsl: null, usl: null, nominal: null }, 'mm', 'BV-9')).toBe('Product BV-9 · No spec limits');
  });
});
