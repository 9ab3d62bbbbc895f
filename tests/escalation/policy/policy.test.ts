import { parseAckTimeoutOverride } from '../../../escalation/policy/ack-timeout-override';
import { ackTimeoutSeconds, isFallback, nextCursor, planPages, type PolicyCursor } from '../../../escalation/policy/policy-cursor';
import { createPolicySnapshot, readPolicySnapshot, snapshotAsRecord } from '../../../escalation/policy/policy-snapshot';
import { loadExampleServiceConfig } from '../../support/load-example-config';

// Monday 2026-01-12 10:00 GMT: nurse-okafor is first on call, dr-patel second, manager-khan duty manager.
const MONDAY_MORNING = new Date('2026-01-12T10:00:00Z');

describe('policy snapshot', () => {
  it('copies steps, rotas and people and records who was on call at the start', () => {
    const config = loadExampleServiceConfig();
    const snapshot = createPolicySnapshot(config, 'emergency', MONDAY_MORNING);
    expect(snapshot.steps).toHaveLength(3);
    expect(snapshot.steps[0]).toEqual({
      channels: ['sms', 'voice'],
      ackTimeoutSeconds: 120,
      targets: [{ kind: 'rota', rotaId: 'crisis-first-on-call', onCallAtStart: 'nurse-okafor' }],
    });
    expect(snapshot.rotas.map((r) => r.id).sort()).toEqual(['crisis-first-on-call', 'crisis-second-on-call', 'duty-manager']);
    expect(snapshot.people.map((p) => p.id).sort()).toEqual(['dr-murphy', 'dr-patel', 'manager-khan', 'nurse-evans', 'nurse-okafor']);
    expect(snapshot.afterLastStep.fallback).toMatchObject({ phone: '+447700900199', channels: ['sms', 'voice'] });
  });

  it('is unaffected by a later configuration change (deep copy)', () => {
    const config = loadExampleServiceConfig();
    const snapshot = createPolicySnapshot(config, 'emergency', MONDAY_MORNING);
    config.rotas[0].weekly[0].person = 'dr-murphy';
    config.people[1].phone = '+447700900999';
    config.escalation.emergency.steps[0].ackTimeoutSeconds = 9999;
    const stored = readPolicySnapshot(snapshotAsRecord(snapshot));
    const plan = planPages(stored, { step: 0, cycle: 0 }, MONDAY_MORNING);
    expect(plan.pages.map((p) => [p.personId, p.phone, p.channel])).toEqual([
      ['nurse-okafor', '+447700900102', 'sms'],
      ['nurse-okafor', '+447700900102', 'voice'],
    ]);
    expect(stored.steps[0].ackTimeoutSeconds).toBe(120);
  });

  it('ESCALATION_ACK_TIMEOUT_SECONDS overrides every step and the fallback window', () => {
    const snapshot = createPolicySnapshot(loadExampleServiceConfig(), 'callback', MONDAY_MORNING, 0.5);
    expect(snapshot.steps.map((s) => s.ackTimeoutSeconds)).toEqual([0.5, 0.5]);
    expect(ackTimeoutSeconds(snapshot, { step: 2, cycle: 0 })).toBe(0.5);
    expect(snapshot.ackTimeoutOverrideSeconds).toBe(0.5);
  });

  it('rejects snapshots it cannot read', () => {
    expect(() => readPolicySnapshot({ steps: [] })).toThrow(/policy snapshot/);
  });
});

describe('policy walk', () => {
  const snapshot = createPolicySnapshot(loadExampleServiceConfig(), 'emergency', MONDAY_MORNING);

  it('walks steps, repeats the policy afterLastStep.repeat times, then the fallback, then stops', () => {
    const walk: PolicyCursor[] = [];
    let cursor: PolicyCursor | undefined = { step: 0, cycle: 0 };
    while (cursor) {
      walk.push(cursor);
      cursor = nextCursor(snapshot, cursor);
    }
    expect(walk).toEqual([
      { step: 0, cycle: 0 }, { step: 1, cycle: 0 }, { step: 2, cycle: 0 },
      { step: 0, cycle: 1 }, { step: 1, cycle: 1 }, { step: 2, cycle: 1 },
      { step: 3, cycle: 1 },
    ]);
    expect(isFallback(snapshot, walk[walk.length - 1])).toBe(true);
    expect(planPages(snapshot, walk[walk.length - 1], MONDAY_MORNING).pages).toEqual([
      { phone: '+447700900199', label: 'Crisis team base phone', channel: 'sms' },
      { phone: '+447700900199', label: 'Crisis team base phone', channel: 'voice' },
    ]);
  });

  it('later steps resolve the snapshot rota at the time of the step (shift handover mid-escalation)', () => {
    // Thursday 2026-01-15 08:59 GMT okafor is on; at 09:00 the handover makes nurse-evans first on call.
    const thursday = createPolicySnapshot(loadExampleServiceConfig(), 'emergency', new Date('2026-01-15T08:59:00Z'));
    expect(planPages(thursday, { step: 0, cycle: 0 }, new Date('2026-01-15T08:59:00Z')).pages[0].personId).toBe('nurse-okafor');
    expect(planPages(thursday, { step: 0, cycle: 1 }, new Date('2026-01-15T09:05:00Z')).pages[0].personId).toBe('nurse-evans');
  });

  it('pages one person once per channel even when two targets resolve to them, and reports empty rotas', () => {
    const config = loadExampleServiceConfig();
    config.escalation.urgent.steps[0] = {
      targets: [{ rota: 'crisis-first-on-call' }, { person: 'nurse-okafor' }, { phone: '+447700900150', label: 'Ward phone' }],
      channels: ['sms'],
      ackTimeoutSeconds: 60,
    };
    config.rotas[0].overrides.push({ from: '2026-01-12T00:00', to: '2026-01-13T00:00', person: 'nurse-okafor', reason: 'x' });
    const plan = planPages(createPolicySnapshot(config, 'urgent', MONDAY_MORNING), { step: 0, cycle: 0 }, MONDAY_MORNING);
    expect(plan.pages.map((p) => p.phone)).toEqual(['+447700900102', '+447700900150']);

    config.rotas[0].weekly = [{ days: ['sunday'], from: '09:00', to: '10:00', person: 'nurse-okafor' }];
    config.rotas[0].overrides = [];
    const empty = planPages(createPolicySnapshot(config, 'urgent', MONDAY_MORNING), { step: 0, cycle: 0 }, MONDAY_MORNING);
    expect(empty.emptyRotas).toEqual(['crisis-first-on-call']);
    // The person target still reaches nurse-okafor; only the rota target is empty.
    expect(empty.pages.map((p) => p.label)).toEqual(['person nurse-okafor', 'Ward phone']);
  });
});

describe('parseAckTimeoutOverride', () => {
  it('accepts positive seconds, fractions included, and nothing when unset', () => {
    expect(parseAckTimeoutOverride(undefined)).toBeUndefined();
    expect(parseAckTimeoutOverride('')).toBeUndefined();
    expect(parseAckTimeoutOverride('30')).toBe(30);
    expect(parseAckTimeoutOverride('0.25')).toBe(0.25);
  });
  it('rejects nonsense with the variable name in the message', () => {
    expect(() => parseAckTimeoutOverride('soon')).toThrow(/ESCALATION_ACK_TIMEOUT_SECONDS/);
    expect(() => parseAckTimeoutOverride('0')).toThrow(/ESCALATION_ACK_TIMEOUT_SECONDS/);
    expect(() => parseAckTimeoutOverride('-5')).toThrow(/ESCALATION_ACK_TIMEOUT_SECONDS/);
  });
});
