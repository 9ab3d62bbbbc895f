import type { EscalationRecord } from '../escalation-record';

/**
 * - acknowledged: a clinician accepted; tell the person someone will contact them.
 * - policy-exhausted: nobody accepted after the whole policy; tell the person plainly to call 111 / 999.
 * - undeliverable: pages could not be sent at all; tell the person to call the numbers directly.
 */
export type PersonEvent = 'acknowledged' | 'policy-exhausted' | 'undeliverable';

/** Unreachable: no retry can help (opted out, session ended, channel not configured); audited as such. */
export type PersonTellResult = { delivered: true } | { delivered: false; reason: string };

/**
 * Implemented by the bot (proactive message through the stored conversation reference).
 * May be called more than once for the same event after a crash (at least once); throwing makes
 * the worker retry later, so implementations should throw only on transient failure.
 */
export interface PersonNotifier {
  tell(escalation: EscalationRecord, event: PersonEvent): Promise<PersonTellResult>;
}
