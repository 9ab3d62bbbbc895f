import type { SignpostingConfig } from '../../config/service-schema';
import type { EscalationLevel } from '../escalation-record';
import type { PersonEvent } from '../ports/person-notifier';

/**
 * What the person is told at each point of an escalation. Plain, no promises beyond what is
 * stored: "alerted" is said only after the escalation record is durably written.
 */
export interface PersonMessageContext {
  level: EscalationLevel;
  reference: string;
  /** How they will be contacted, e.g. "here in this chat" or "by phone on the number you gave". */
  contactRoute: string;
  signposting: SignpostingConfig;
}

function urgentNumbers(s: SignpostingConfig): string {
  return `If you are in danger now, call ${s.emergency.number}. You can also call ${s.nhs111.label} on ${s.nhs111.number}, ` +
    `${s.localCrisisLine.label} on ${s.localCrisisLine.number}, or ${s.samaritans.label} on ${s.samaritans.number}.`;
}

export function alertedMessage(c: PersonMessageContext): string {
  const who = c.level === 'callback' ? 'The team has your callback request' : 'I have alerted the on-call crisis team';
  return `${who} (reference ${c.reference}). They will contact you ${c.contactRoute}. ${urgentNumbers(c.signposting)}`;
}

export function personEventMessage(event: PersonEvent, c: PersonMessageContext): string {
  switch (event) {
    case 'acknowledged':
      return `A member of the crisis team has accepted your alert (reference ${c.reference}) and will contact you ${c.contactRoute}. ` +
        `While you wait: ${urgentNumbers(c.signposting)}`;
    case 'policy-exhausted':
      return `I am sorry: nobody from the crisis team has been able to accept your alert yet. Please do not wait. ` +
        `Call ${c.signposting.nhs111.number} (choose option 2) now, or ${c.signposting.emergency.number} if you are in danger. ` +
        `You can also call ${c.signposting.localCrisisLine.label} on ${c.signposting.localCrisisLine.number} ` +
        `or ${c.signposting.samaritans.label} on ${c.signposting.samaritans.number}. We are still trying the team's base phone.`;
    case 'undeliverable':
      return `I could not reach the on-call crisis team from here. Please call them directly: ` +
        `${c.signposting.localCrisisLine.label} on ${c.signposting.localCrisisLine.number}, or ${c.signposting.nhs111.number} (option 2). ` +
        `If you are in danger, call ${c.signposting.emergency.number}.`;
  }
}
