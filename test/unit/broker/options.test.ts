import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../../broker/broker-error.js';
import { classifyClientError } from '../../../broker/client-errors.js';
import { DEFAULT_BROKER_OPTIONS, resolveBrokerSettings } from '../../../broker/options.js';
import { RefusalError } from '../../../broker/refusals.js';
import { clientIdFor, outputsClientId, ownsClientId } from '../../../protocol/client-id.js';

describe('resolveBrokerSettings', () => {
  it('starts from frozen defaults with strong limits', () => {
    expect(Object.isFrozen(DEFAULT_BROKER_OPTIONS)).toBe(true);
    expect(DEFAULT_BROKER_OPTIONS).toMatchObject({ port: 1883, host: '127.0.0.1', maxTopicLength: 512, maxPayloadBytes: 1_048_576 });
    const s = resolveBrokerSettings({ port: 0, maxTopicLength: undefined });
    expect(s.port).toBe(0);
    expect(s.maxTopicLength).toBe(512);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('sets no limit on deliveries at once by default, so a slow subscriber blocks no one else', () => {
    expect(DEFAULT_BROKER_OPTIONS.deliveryConcurrency).toBe(0);
    expect(resolveBrokerSettings({ deliveryConcurrency: 100 }).deliveryConcurrency).toBe(100);
  });

  it.each([
    [{ port: 70000 }, /port must be a whole number from 0 to 65535/],
    [{ maxTopicLevels: 101 }, /at most 100/],
    [{ maxPayloadBytes: 2000, maxPacketBytes: 1000 }, /must exceed maxPayloadBytes/],
    [{ connectTimeoutMs: 0 }, /connectTimeoutMs must be a positive whole number/],
    [{ host: '' }, /host must be a non-empty string/],
    [{ deliveryConcurrency: -1 }, /deliveryConcurrency must be a whole number >= 0/],
  ])('refuses %j with a coded error', (overrides, message) => {
    expect(() => resolveBrokerSettings(overrides)).toThrow(message);
    try {
      resolveBrokerSettings(overrides);
    } catch (err) {
      expect(err).toBeInstanceOf(BrokerError);
      expect((err as BrokerError).code).toBe('LW_BROKER_OPTIONS');
    }
  });
});

describe('classifyClientError', () => {
  it('tells counted refusals, aedes refusals and ordinary connection ends apart', () => {
    expect(classifyClientError(new RefusalError('foreign-enterprise', 'x'))).toEqual({ kind: 'counted' });
    expect(classifyClientError(new Error('+ is not allowed in PUBLISH'))).toEqual({ kind: 'refusal', code: 'wildcard-in-topic', action: 'publish' });
    expect(classifyClientError(new Error('# is not allowed in PUBLISH'))).toMatchObject({ code: 'wildcard-in-topic' });
    expect(classifyClientError(new Error('topic has too many levels'))).toMatchObject({ code: 'malformed-topic' });
    expect(classifyClientError(new Error('Invalid header flag bits, must be 0x0 for puback packet'))).toMatchObject({ code: 'protocol-violation' });
    expect(classifyClientError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toEqual({ kind: 'connection' });
    expect(classifyClientError(new Error('keep alive timeout'))).toEqual({ kind: 'connection' });
  });
});

describe('client ids', () => {
  it('belong to the account whose user name they carry', () => {
    expect(clientIdFor('analytics')).toBe('analytics');
    expect(clientIdFor('analytics', 'worker-3')).toBe('analytics:worker-3');
    expect(ownsClientId('analytics', 'analytics:worker-3')).toBe(true);
    expect(ownsClientId('analytics', 'analytics')).toBe(true);
    expect(ownsClientId('analytics', 'analyticsx')).toBe(false);
    expect(ownsClientId('analytics', 'analytics:')).toBe(false);
    expect(ownsClientId('analytics', 'analytics:a b')).toBe(false);
  });

  it("give the analytics outputs connection an id of the same account that no intake's id can be", () => {
    expect(outputsClientId('analytics')).toBe('analytics:.outputs');
    expect(outputsClientId('analytics:worker-3')).toBe('analytics:worker-3.outputs');
    expect(ownsClientId('analytics', outputsClientId('analytics'))).toBe(true);
    // The longest worker name (64 characters) still makes an id the broker accepts.
    expect(ownsClientId('analytics', outputsClientId(clientIdFor('analytics', 'w'.repeat(64))))).toBe(true);
    expect(outputsClientId('analytics')).not.toBe(clientIdFor('analytics', 'outputs'));
  });
});
