/**
 * The `supervision` section: defaults, paths, and the checks that need the
 * rest of the file (a conflict names an existing enterprise, the review is
 * a day every year has).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config-error.js';
import { parseConfig } from '../../../config/load.js';
import { DEFAULT_SUPERVISION_OPTIONS } from '../../../config/supervision-config.js';

const HASH = 'scrypt$16$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';

function file(supervision?: unknown): string {
  return JSON.stringify({
    version: 1,
    enterprises: [{ id: 'E1', name: 'Enterprise one', class: 'B', lastInspection: '2024-05-01', lines: [{ id: 'L1', product: 'P1' }] }],
    products: [{ id: 'P1', name: 'P1', characteristics: { conductor_resistance: { usl: 12.1 } } }],
    gateways: [],
    services: [],
    users: [{ id: 'reg', role: 'regulator', passwordHash: HASH }],
    ...(supervision !== undefined ? { supervision } : {}),
  });
}

function problems(supervision: unknown): string[] {
  try {
    parseConfig(file(supervision), 'test.json', '/srv/linewatch');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected the configuration to be refused');
}

describe('supervision section', () => {
  it('defaults to the county targets, a 1 December review and no inspectors', () => {
    expect(parseConfig(file(), 'test.json', '/srv/linewatch').supervision).toEqual(DEFAULT_SUPERVISION_OPTIONS);
  });

  it('reads every field, with the seed records relative to the file', () => {
    const s = parseConfig(
      file({ reviewDate: '03-15', proposals: { checkMinutes: 2 }, targets: { minA: 1, maxC: 0 }, inspectors: [{ id: 'wang', conflicts: ['E1'] }], seedRecords: 'records.json' }),
      'test.json',
      '/srv/linewatch',
    ).supervision!;
    expect(s).toMatchObject({ reviewMonth: 3, reviewDay: 15, checkMinutes: 2, targets: { minA: 1, minB: 750, maxC: 0, noCFrom: '2025-12-31' }, seedRecords: '/srv/linewatch/records.json' });
    expect(s.inspectors).toEqual([{ id: 'wang', name: 'wang', conflicts: ['E1'] }]);
  });

  it('refuses a conflict with an unknown enterprise, a duplicate inspector and a review day not every year has', () => {
    const found = problems({ reviewDate: '02-29', inspectors: [{ id: 'wang', conflicts: ['E9'] }, { id: 'wang' }] });
    expect(found).toContain('supervision.inspectors[0].conflicts[0]: no enterprise "E9" (known: E1)');
    expect(found.some((p) => p.startsWith('supervision.inspectors[1].id'))).toBe(true);
    expect(found).toContain('supervision.reviewDate: 02-29 is not a day of every year');
    expect(problems({ reviewDate: '13-01' }).join()).toContain('supervision.reviewDate');
  });
});
