import { describe, expect, it } from 'vitest';
import { assertCanSee, describePrincipal, principalOf } from '../../../dashboard/api/principal.js';

const hash = 'scrypt$16$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

describe('principal', () => {
  it('lets a regulator see every enterprise', () => {
    const p = principalOf({ id: 'reg', role: 'regulator', passwordHash: hash });
    expect(p.canSee('acme') && p.canSee('beta')).toBe(true);
    expect(describePrincipal(p)).toEqual({ id: 'reg', name: 'reg', role: 'regulator', enterprise: null });
    expect(() => assertCanSee(p, 'beta')).not.toThrow();
  });

  it('lets an enterprise user see its own enterprise only', () => {
    const p = principalOf({ id: 'qa', name: 'QA', role: 'enterprise', enterprise: 'acme', passwordHash: hash });
    expect(p.canSee('acme')).toBe(true);
    expect(p.canSee('beta')).toBe(false);
    expect(() => assertCanSee(p, 'beta')).toThrow(expect.objectContaining({ code: 'LW_HTTP_FORBIDDEN', statusCode: 403 }));
  });

  it('lets an enterprise user without an enterprise see nothing', () => {
    const p = principalOf({ id: 'odd', role: 'enterprise', passwordHash: hash });
    expect(p.canSee('acme')).toBe(false);
    expect(p.enterprise).toBeNull();
  });

  it('ignores an enterprise given to a regulator', () => {
    const p = principalOf({ id: 'reg', role: 'regulator', enterprise: 'acme', passwordHash: hash });
    expect(p.enterprise).toBeNull();
    expect(p.canSee('beta')).toBe(true);
  });
});
