import type { NotificationChannel } from '../escalation-record';
import { whoIsOnCall } from '../rota/on-call';
import type { PolicySnapshot } from './policy-snapshot';

/**
 * Where an escalation is in its policy. `step` indexes the snapshot's steps; the value
 * steps.length stands for the fallback, paged once after the last cycle.
 */
export interface PolicyCursor {
  step: number;
  cycle: number;
}

export function isFallback(snapshot: PolicySnapshot, cursor: PolicyCursor): boolean {
  return cursor.step >= snapshot.steps.length;
}

/** The cursor after the current one times out; undefined once the fallback has been paged. */
export function nextCursor(snapshot: PolicySnapshot, cursor: PolicyCursor): PolicyCursor | undefined {
  if (isFallback(snapshot, cursor)) return undefined;
  if (cursor.step + 1 < snapshot.steps.length) return { step: cursor.step + 1, cycle: cursor.cycle };
  if (cursor.cycle < snapshot.afterLastStep.repeat) return { step: 0, cycle: cursor.cycle + 1 };
  return { step: snapshot.steps.length, cycle: cursor.cycle };
}

export function ackTimeoutSeconds(snapshot: PolicySnapshot, cursor: PolicyCursor): number {
  return isFallback(snapshot, cursor)
    ? snapshot.afterLastStep.fallback.ackTimeoutSeconds
    : snapshot.steps[cursor.step].ackTimeoutSeconds;
}

export function describeCursor(snapshot: PolicySnapshot, cursor: PolicyCursor): string {
  if (isFallback(snapshot, cursor)) return `fallback (${snapshot.afterLastStep.fallback.label})`;
  const cycle = cursor.cycle > 0 ? `, repeat ${cursor.cycle}` : '';
  return `step ${cursor.step + 1} of ${snapshot.steps.length}${cycle}`;
}

export interface PageTarget {
  /** E.164 number to page. */
  phone: string;
  /** Person id from the rota/people, when the number belongs to a person. */
  personId?: string;
  /** What the audit shows: "rota crisis-first-on-call: nurse-okafor", "Crisis team base phone". */
  label: string;
}

export interface PlannedPage extends PageTarget {
  channel: NotificationChannel;
}

export interface PagePlan {
  pages: PlannedPage[];
  /** Rotas with nobody on call at that instant; the audit records them so the hole gets fixed. */
  emptyRotas: string[];
}

/**
 * Concrete pages for a cursor at an instant, resolved against the snapshot (never the live
 * configuration): rota targets follow the snapshot's rota, so a shift change during a long
 * escalation pages whoever that rota had on call at the time of the step.
 */
export function planPages(snapshot: PolicySnapshot, cursor: PolicyCursor, at: Date): PagePlan {
  if (isFallback(snapshot, cursor)) {
    const { phone, label, channels } = snapshot.afterLastStep.fallback;
    return { pages: channels.map((channel) => ({ phone, label, channel })), emptyRotas: [] };
  }
  const step = snapshot.steps[cursor.step];
  const peopleById = new Map(snapshot.people.map((p) => [p.id, p]));
  const targets: PageTarget[] = [];
  const emptyRotas: string[] = [];

  for (const target of step.targets) {
    if (target.kind === 'phone') {
      targets.push({ phone: target.phone, label: target.label });
      continue;
    }
    let personId: string;
    let label: string;
    if (target.kind === 'rota') {
      const rota = snapshot.rotas.find((r) => r.id === target.rotaId);
      const onCall = rota ? whoIsOnCall(rota, at, snapshot.timeZone) : undefined;
      if (!onCall) {
        emptyRotas.push(target.rotaId);
        continue;
      }
      personId = onCall.personId;
      label = `rota ${target.rotaId}: ${personId}`;
    } else {
      personId = target.personId;
      label = `person ${personId}`;
    }
    const person = peopleById.get(personId);
    if (!person) throw new Error(`policy snapshot has no person "${personId}"`);
    targets.push({ phone: person.phone, personId, label });
  }

  // One person reached through two targets (e.g. on both rotas) is paged once per channel.
  const unique = targets.filter((t, i) => targets.findIndex((o) => o.phone === t.phone) === i);
  const pages = unique.flatMap((t) => step.channels.map((channel) => ({ ...t, channel })));
  return { pages, emptyRotas };
}

/** The person a number belongs to in a snapshot, for the audit's "clinician:<id>" actor. */
export function personIdForPhone(snapshot: PolicySnapshot, phone: string): string | undefined {
  return snapshot.people.find((p) => p.phone === phone)?.id;
}
