import type { AuditEntry, EscalationRecord, NotificationAttempt } from '../../../escalation/escalation-record';
import type { EscalationRequest } from '../../../dialogs/ports/escalation-requester';
import type { TranscriptEntry } from '../../../bot/storage/transcript-store';

export const T0 = new Date('2025-01-01T00:00:00.000Z');

export function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

export function iso(offsetMs: number): string {
  return at(offsetMs).toISOString();
}

export function makeRecord(overrides: Partial<EscalationRecord> = {}): EscalationRecord {
  const id = overrides.id ?? `esc-${Math.random().toString(36).slice(2, 10)}`;
  return {
    id,
    reference: '4821',
    level: 'urgent',
    state: 'open',
    reason: {
      riskRules: ['suicidal-ideation.plan'],
      categories: ['suicidal_ideation'],
      rulesVersion: 'sha256:abc',
      summary: 'suicidal ideation with plan for tonight',
    },
    contact: { channel: 'sms', conversationId: 'conv-1', phone: '+447700900123', consentToContact: true },
    // Keys with dots and dollars: the store must treat these blobs as opaque.
    conversationReference: {
      channelId: 'webchat',
      conversation: { id: 'conv-1' },
      'odd.key': { $weird: true },
      empty: {},
    },
    policySnapshot: { steps: [{ target: 'on-call', waitMinutes: 5 }], 'rota.v2': {}, nothingHere: {} },
    currentStep: 0,
    cycle: 0,
    nextActionAt: iso(0),
    leaseOwner: null,
    leaseUntil: null,
    createdAt: iso(0),
    updatedAt: iso(0),
    version: 1,
    ...overrides,
  };
}

export function makeAttempt(overrides: Partial<NotificationAttempt> = {}): NotificationAttempt {
  return {
    id: `att-${Math.random().toString(36).slice(2, 10)}`,
    escalationId: 'esc-1',
    step: 0,
    cycle: 0,
    channel: 'sms',
    targetLabel: 'on-call clinician',
    to: '+447700900456',
    status: 'pending',
    createdAt: iso(0),
    updatedAt: iso(0),
    ...overrides,
  };
}

export function makeAudit(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `aud-${Math.random().toString(36).slice(2, 10)}`,
    at: iso(0),
    actor: 'system',
    source: 'risk-screen',
    action: 'escalation.created',
    ...overrides,
  };
}

export function makeEntry(overrides: Partial<TranscriptEntry> = {}): TranscriptEntry {
  return {
    id: `tr-${Math.random().toString(36).slice(2, 10)}`,
    conversationId: 'conv-1',
    channel: 'webchat',
    direction: 'inbound',
    at: iso(0),
    type: 'message',
    text: 'hello',
    ...overrides,
  };
}

export function makeWatchRequest(conversationId: string, summary = 'ASQ: Q1 yes -> non acute positive'): EscalationRequest {
  return {
    level: 'urgent',
    reason: { riskRules: ['si.passive'], categories: ['suicidal_ideation'], rulesVersion: 'sha256:abc', asqOutcome: 'non-acute-positive', summary },
    contact: { channel: 'webchat', conversationId, consentToContact: false },
    // Keys with dots and dollars: the store must treat the reference as opaque.
    conversationReference: { channelId: 'webchat', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'a.b' }, serviceUrl: 'http://127.0.0.1/x', user: { id: 'u.1', name: '$n' } },
  };
}
