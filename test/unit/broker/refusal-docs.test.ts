import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../../../broker/refusals.js';

const README = readFileSync(new URL('../../../protocol/README.md', import.meta.url), 'utf8');
/** The "Refusals" section, where the table of codes lives. */
const REFUSALS_SECTION = README.slice(README.indexOf('\n## Refusals'), README.indexOf('\n## ', README.indexOf('\n## Refusals') + 1));

describe('protocol/README.md', () => {
  it('documents every refusal code the broker counts', () => {
    const documented = new Set([...REFUSALS_SECTION.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
    expect(REFUSAL_CODES.filter((code) => !documented.has(code))).toEqual([]);
    expect([...documented].filter((code) => !(REFUSAL_CODES as readonly string[]).includes(code))).toEqual([]);
  });
});
