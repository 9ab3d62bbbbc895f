import type {
  EscalationPolicyConfig,
  PersonConfig,
  RotaConfig,
  ServiceConfig,
} from '../../config/service-schema';
import type { EscalationLevel, NotificationChannel } from '../escalation-record';
import { whoIsOnCall } from '../rota/on-call';

export type SnapshotTarget =
  | { kind: 'rota'; rotaId: string; onCallAtStart: string | null }
  | { kind: 'person'; personId: string }
  | { kind: 'phone'; phone: string; label: string };

export interface SnapshotStep {
  targets: SnapshotTarget[];
  channels: NotificationChannel[];
  ackTimeoutSeconds: number;
}

export interface SnapshotPerson {
  id: string;
  name: string;
  role: string;
  phone: string;
}

/**
 * The policy, rotas and people in force when an escalation started, copied onto the record so a
 * configuration change or reload never alters an escalation already in progress.
 */
export interface PolicySnapshot {
  schemaVersion: 1;
  level: EscalationLevel;
  timeZone: string;
  takenAt: string;
  /** ESCALATION_ACK_TIMEOUT_SECONDS at start, already applied to every step's ackTimeoutSeconds. */
  ackTimeoutOverrideSeconds?: number;
  steps: SnapshotStep[];
  afterLastStep: {
    repeat: number;
    fallback: { phone: string; label: string; channels: NotificationChannel[]; ackTimeoutSeconds: number };
  };
  rotas: RotaConfig[];
  people: SnapshotPerson[];
}

/** How long the fallback's page may be retried before the escalation is closed as expired. */
const DEFAULT_FALLBACK_RETRY_SECONDS = 300;

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function createPolicySnapshot(
  config: Pick<ServiceConfig, 'service' | 'people' | 'rotas' | 'escalation'>,
  level: EscalationLevel,
  now: Date,
  ackTimeoutOverrideSeconds?: number,
): PolicySnapshot {
  const policy: EscalationPolicyConfig = config.escalation[level];
  const timeZone = config.service.timeZone;
  const rotaById = new Map(config.rotas.map((r) => [r.id, r]));
  const usedRotas = new Map<string, RotaConfig>();
  const usedPeople = new Set<string>();

  const steps: SnapshotStep[] = policy.steps.map((step) => ({
    channels: [...step.channels],
    ackTimeoutSeconds: ackTimeoutOverrideSeconds ?? step.ackTimeoutSeconds,
    targets: step.targets.map((target): SnapshotTarget => {
      if ('rota' in target) {
        const rota = rotaById.get(target.rota);
        if (!rota) throw new Error(`escalation policy "${level}" names unknown rota "${target.rota}"`);
        usedRotas.set(rota.id, rota);
        for (const shift of rota.weekly) usedPeople.add(shift.person);
        for (const override of rota.overrides) usedPeople.add(override.person);
        const onCall = whoIsOnCall(rota, now, timeZone);
        return { kind: 'rota', rotaId: rota.id, onCallAtStart: onCall?.personId ?? null };
      }
      if ('person' in target) {
        usedPeople.add(target.person);
        return { kind: 'person', personId: target.person };
      }
      return { kind: 'phone', phone: target.phone, label: target.label };
    }),
  }));

  const people: SnapshotPerson[] = config.people
    .filter((p: PersonConfig) => usedPeople.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, role: p.role, phone: p.phone }));
  for (const id of usedPeople) {
    if (!people.some((p) => p.id === id)) throw new Error(`escalation policy "${level}" names unknown person "${id}"`);
  }

  return {
    schemaVersion: 1,
    level,
    timeZone,
    takenAt: now.toISOString(),
    ...(ackTimeoutOverrideSeconds !== undefined ? { ackTimeoutOverrideSeconds } : {}),
    steps,
    afterLastStep: {
      repeat: policy.afterLastStep.repeat,
      fallback: {
        phone: policy.afterLastStep.fallback.phone,
        label: policy.afterLastStep.fallback.label,
        channels: [...policy.afterLastStep.fallback.channels],
        ackTimeoutSeconds: ackTimeoutOverrideSeconds ?? DEFAULT_FALLBACK_RETRY_SECONDS,
      },
    },
    rotas: copy([...usedRotas.values()]),
    people,
  };
}

/** Reads a snapshot back from the store's opaque JSON, refusing anything it does not understand. */
export function readPolicySnapshot(value: Record<string, unknown>): PolicySnapshot {
  const snapshot = value as Partial<PolicySnapshot>;
  if (snapshot.schemaVersion !== 1 || !Array.isArray(snapshot.steps) || !snapshot.afterLastStep || !Array.isArray(snapshot.rotas)) {
    throw new Error('escalation has no readable policy snapshot (schemaVersion 1 expected)');
  }
  return snapshot as PolicySnapshot;
}

export function snapshotAsRecord(snapshot: PolicySnapshot): Record<string, unknown> {
  return copy(snapshot) as unknown as Record<string, unknown>;
}
