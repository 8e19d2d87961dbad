import { describe, expect, it } from 'vitest';
import { accountsFromConfig } from '../../../broker/accounts.js';
import { checkPublish, checkReceive, checkSubscribe, type AclVerdict } from '../../../broker/acl.js';
import { mosquittoAclFile } from '../../../broker/mosquitto/acl-file.js';
import type { Principal } from '../../../broker/principal.js';

const edge: Principal = { kind: 'gateway', enterprise: 'E1', gateway: 'plant-bridge', sparkplug: { role: 'edge', groups: ['north', 'south'] } };
const host: Principal = { kind: 'gateway', enterprise: 'E1', gateway: 'G1', sparkplug: { role: 'host', groups: ['north'] } };
const plainGateway: Principal = { kind: 'gateway', enterprise: 'E1', gateway: 'G2' };
const analytics: Principal = { kind: 'service', role: 'analytics', id: 'analytics' };

const code = (v: AclVerdict) => (v.allowed ? 'allowed' : v.code);
const pub = (p: Principal, topic: string, retain = false) => code(checkPublish(p, { topic, retain }));
const sub = (p: Principal, filter: string) => code(checkSubscribe(p, filter));

describe('Sparkplug ACL: an edge', () => {
  it.each([
    'spBv1.0/north/NBIRTH/line1',
    'spBv1.0/north/NDEATH/line1',
    'spBv1.0/north/NDATA/line1',
    'spBv1.0/south/DBIRTH/line1/laser',
    'spBv1.0/south/DDATA/line1/laser',
    'spBv1.0/south/DDEATH/line1/laser',
  ])('publishes births, deaths and data of its groups: %s', (topic) => expect(pub(edge, topic)).toBe('allowed'));

  it.each([
    ['spBv1.0/west/NDATA/line1', 'foreign-sparkplug-group'],
    ['spBv1.0/north/NCMD/line1', 'channel-not-permitted'],
    ['spBv1.0/north/DCMD/line1/laser', 'channel-not-permitted'],
    ['spBv1.0/STATE/scada', 'channel-not-permitted'],
    ['spBv1.0/north/NDATA/line1/laser', 'malformed-topic'],
    ['spBv1.0/north/DDATA/line1', 'malformed-topic'],
    ['spBv1.0/north/DDATA//laser', 'malformed-topic'],
    ['spBv1.0/north/XDATA/line1', 'malformed-topic'],
    ['spBv1.0/north/NDATA/+', 'wildcard-in-topic'],
    ['linewatch/v1/E1/plant-bridge/bogus', 'malformed-topic'],
  ])('may not publish %s (%s)', (topic, refusal) => expect(pub(edge, topic)).toBe(refusal));

  it('never retains a Sparkplug message', () => {
    expect(pub(edge, 'spBv1.0/north/NBIRTH/line1', true)).toBe('retain-not-permitted');
  });

  it('subscribes to what Edge Node software asks for at connect, and reads no data', () => {
    for (const f of ['spBv1.0/north/NCMD/line1', 'spBv1.0/north/DCMD/line1/#', 'spBv1.0/STATE/scada', 'spBv1.0/STATE/#']) expect(sub(edge, f)).toBe('allowed');
    expect(sub(edge, 'spBv1.0/north/#')).toBe('channel-not-permitted');
    expect(sub(edge, 'spBv1.0/north/DDATA/+/+')).toBe('channel-not-permitted');
    expect(sub(edge, 'spBv1.0/west/NCMD/line1')).toBe('foreign-sparkplug-group');
  });
});

describe('Sparkplug ACL: a host', () => {
  it('reads its own groups, whole or in part', () => {
    for (const f of ['spBv1.0/north/#', 'spBv1.0/north/DDATA/+/+', 'spBv1.0/north/+/line1']) expect(sub(host, f)).toBe('allowed');
    expect(code(checkReceive(host, 'spBv1.0/north/DDATA/line1/laser'))).toBe('allowed');
  });

  it('reads no other group, nor every group at once', () => {
    expect(sub(host, 'spBv1.0/south/#')).toBe('foreign-sparkplug-group');
    expect(code(checkReceive(host, 'spBv1.0/south/NDATA/line1'))).toBe('foreign-sparkplug-group');
    expect(sub(host, 'spBv1.0/#')).toBe('filter-too-broad');
    expect(sub(host, 'spBv1.0/+/NDATA/line1')).toBe('filter-too-broad');
    expect(sub(host, 'spBv1.0/STATE/#')).toBe('channel-not-permitted');
    expect(sub(host, 'spBv1.0/north/#/x')).toBe('malformed-topic');
    expect(sub(host, 'spBv1.0/north/ND+')).toBe('malformed-topic');
  });

  it('publishes nothing at all on Sparkplug topics: no NCMD, DCMD, STATE, data', () => {
    for (const t of ['spBv1.0/north/NCMD/line1', 'spBv1.0/north/DCMD/line1/laser', 'spBv1.0/STATE/linewatch', 'spBv1.0/north/NDATA/line1']) expect(pub(host, t)).toBe('channel-not-permitted');
  });

  it('keeps its ordinary gateway rights, and the linewatch namespace its rules (no #)', () => {
    expect(pub(host, 'linewatch/v1/E1/G1/measurements')).toBe('allowed');
    expect(sub(host, 'linewatch/v1/E1/G1/ack')).toBe('allowed');
    expect(sub(host, 'linewatch/v1/#')).toBe('filter-too-broad');
  });
});

describe('Sparkplug ACL: everybody else', () => {
  it.each([plainGateway, analytics])('has no Sparkplug rights at all (%o)', (p) => {
    expect(pub(p, 'spBv1.0/north/NDATA/line1')).toBe('outside-namespace');
    expect(sub(p, 'spBv1.0/north/#')).toBe('outside-namespace');
    expect(code(checkReceive(p, 'spBv1.0/north/NDATA/line1'))).toBe('outside-namespace');
  });

  it('a lookalike namespace is not Sparkplug', () => {
    expect(pub(edge, 'spBv1.0x/north/NDATA/line1')).toBe('outside-namespace');
    expect(pub(edge, 'spBv2.0/north/NDATA/line1')).toBe('outside-namespace');
  });
});

describe('Sparkplug rights from the configuration', () => {
  it('reach the broker account, and the Mosquitto ACL says the same', () => {
    const gateways = [
      { id: 'G1', enterprise: 'E1', passwordHash: 'scrypt$x', sparkplug: { role: 'host' as const, groups: ['north'] } },
      { id: 'bridge', enterprise: 'E1', passwordHash: 'scrypt$x', sparkplug: { role: 'edge' as const, groups: ['north'] } },
      { id: 'G2', enterprise: 'E1', passwordHash: 'scrypt$x' },
    ];
    const accounts = accountsFromConfig({ gateways, services: [] });
    expect(accounts.map((a) => a.principal)).toEqual([
      { kind: 'gateway', enterprise: 'E1', gateway: 'G1', sparkplug: { role: 'host', groups: ['north'] } },
      { kind: 'gateway', enterprise: 'E1', gateway: 'bridge', sparkplug: { role: 'edge', groups: ['north'] } },
      { kind: 'gateway', enterprise: 'E1', gateway: 'G2' },
    ]);
    const acl = mosquittoAclFile({ gateways, services: [] });
    const block = (user: string) => acl.split('\n\n').find((b) => b.includes(`user ${user}\n`)) ?? '';
    expect(block('G1')).toContain('topic read spBv1.0/north/#');
    expect(block('G1')).not.toMatch(/topic (write|readwrite) spBv1\.0/);
    expect(block('bridge')).toContain('topic write spBv1.0/north/NBIRTH/+');
    expect(block('bridge')).toContain('topic write spBv1.0/north/DDATA/+/+');
    expect(block('bridge')).not.toContain('topic read spBv1.0/north/#');
    expect(block('bridge')).not.toMatch(/write spBv1\.0\/north\/(NCMD|DCMD)/);
    expect(block('G2')).not.toContain('spBv1.0');
  });
});
