import { describe, expect, it } from 'vitest';
import { checkPublish, checkReceive, type AclVerdict } from '../../../broker/acl.js';
import type { Principal } from '../../../broker/principal.js';
import { VerdictCache } from '../../../broker/verdict-cache.js';

const gateway: Principal = { kind: 'gateway', enterprise: 'acme', gateway: 'acme-gw1' };

describe('VerdictCache', () => {
  it('decides a topic once and gives the same verdict again, allowed or refused', () => {
    const cache = new VerdictCache();
    let decided = 0;
    const decide = (topic: string) => () => {
      decided += 1;
      return checkPublish(gateway, { topic, retain: false });
    };
    const own = 'linewatch/v1/acme/acme-gw1/measurements';
    const foreign = 'linewatch/v1/other/acme-gw1/measurements';
    expect(cache.get(own, decide(own))).toEqual({ allowed: true });
    expect(cache.get(own, decide(own))).toEqual({ allowed: true });
    const refused = cache.get(foreign, decide(foreign));
    expect(refused).toMatchObject({ allowed: false, code: 'foreign-enterprise' });
    expect(cache.get(foreign, decide(foreign))).toBe(refused);
    expect(decided).toBe(2);
  });

  it('starts afresh when full instead of growing', () => {
    const cache = new VerdictCache(2);
    let decided = 0;
    const allow = (): AclVerdict => {
      decided += 1;
      return { allowed: true };
    };
    cache.get('a', allow);
    cache.get('b', allow);
    cache.get('c', allow); // full: forgets a and b
    cache.get('c', allow);
    cache.get('a', allow);
    expect(decided).toBe(4);
  });

  it('caches exactly what the ACL answers for a receiver', () => {
    const cache = new VerdictCache();
    const topic = 'linewatch/v1/acme/acme-gw2/ack';
    expect(cache.get(topic, () => checkReceive(gateway, topic))).toEqual(checkReceive(gateway, topic));
  });
});
